import type { InstalledExtension } from './extensions';

/**
 * The installed extensions the editor is not running: disabled (or for another platform).
 * `running` holds the lower-cased ids of `vscode.extensions.all`.
 */
export function extensionsNotRunning(installed: readonly InstalledExtension[], running: ReadonlySet<string>): InstalledExtension[] {
  return installed.filter((extension) => !running.has(extension.id.toLowerCase()));
}
