import type { ToolDefinition } from '../tools';
import type { Observation } from './evidence';
import { matcherIndex } from './matcherIndex';

/**
 * Tools that are the editor itself: VS Code forks such as Cursor or Qoder, recognised by
 * `vscode.env.appName` ("Cursor") or `uriScheme` (`cursor`), case-insensitively. An app
 * name matches as a whole word, so "Qoder" matches "Qoder Insiders" but not "Qoderish".
 */
export function matchHostEditor(tools: readonly ToolDefinition[], appName: string, uriScheme: string): Observation[] {
  const index = matcherIndex(tools);
  const names = new Set([uriScheme.toLowerCase(), appName.toLowerCase(), ...appName.toLowerCase().split(/[^a-z0-9-]+/).filter(Boolean)]);
  const found = new Set<ToolDefinition>();
  for (const name of names) for (const tool of index.appTools(name)) found.add(tool);
  return index.inSetOrder(found).map((tool) => ({ toolId: tool.id, evidence: { kind: 'app' as const, appName, uriScheme } }));
}
