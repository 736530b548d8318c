import type { ToolDefinition } from '../tools';
import type { Observation } from './evidence';
import { matcherIndex } from './matcherIndex';

export interface InstalledExtension {
  readonly id: string;
  readonly version: string;
  readonly displayName?: string;
  readonly enabled: boolean;
  /** Shipped with the editor (under its application folder). */
  readonly builtIn?: boolean;
  /** Set when read from an editor's extensions folder on disk. */
  readonly editor?: string;
  readonly location?: string;
}

/** Which installed extensions belong to which tools. Extension ids compare case-insensitively. */
export function matchExtensions(tools: readonly ToolDefinition[], installed: readonly InstalledExtension[]): Observation[] {
  const index = matcherIndex(tools);
  const observations: Observation[] = [];
  for (const extension of installed) {
    for (const tool of index.extensionTools(extension.id)) {
      observations.push({
        toolId: tool.id,
        evidence: {
          kind: 'extension',
          extensionId: extension.id,
          version: extension.version,
          ...(extension.displayName !== undefined ? { displayName: extension.displayName } : {}),
          enabled: extension.enabled,
          ...(extension.builtIn ? { builtIn: true } : {}),
          ...(extension.editor !== undefined ? { editor: extension.editor } : {}),
          ...(extension.location !== undefined ? { location: extension.location } : {}),
        },
      });
    }
  }
  return observations;
}
