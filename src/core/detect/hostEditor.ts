import type { ToolDefinition } from '../tools';
import type { Observation } from './evidence';

/**
 * Tools that are the editor itself: VS Code forks such as Cursor or Qoder, recognised by
 * `vscode.env.appName` ("Cursor") or `uriScheme` (`cursor`), case-insensitively. An app
 * name matches as a whole word, so "Qoder" matches "Qoder Insiders" but not "Qoderish".
 */
export function matchHostEditor(tools: readonly ToolDefinition[], appName: string, uriScheme: string): Observation[] {
  const scheme = uriScheme.toLowerCase();
  const words = appName.toLowerCase().split(/[^a-z0-9-]+/).filter(Boolean);
  return tools
    .filter((tool) => tool.apps.some((app) => {
      const wanted = app.toLowerCase();
      return wanted === scheme || wanted === appName.toLowerCase() || words.includes(wanted);
    }))
    .map((tool) => ({ toolId: tool.id, evidence: { kind: 'app' as const, appName, uriScheme } }));
}
