import type { InstalledExtension } from './extensions';

interface ManifestEntry {
  identifier?: { id?: unknown };
  version?: unknown;
  relativeLocation?: unknown;
}

/**
 * Extensions recorded in a profile's `extensions.json`, as not running (`enabled: false`):
 * `obsolete` is the folder's `.obsolete` map of extensions being uninstalled, which are
 * not installed any more.
 */
export function manifestExtensions(manifestText: string, obsoleteText = ''): InstalledExtension[] {
  let entries: unknown;
  try {
    entries = JSON.parse(manifestText);
  } catch {
    return [];
  }
  if (!Array.isArray(entries)) return [];
  let obsolete: Record<string, unknown> = {};
  try {
    obsolete = obsoleteText ? (JSON.parse(obsoleteText) as Record<string, unknown>) : {};
  } catch { /* a broken .obsolete hides nothing */ }
  const result: InstalledExtension[] = [];
  for (const entry of entries as ManifestEntry[]) {
    const id = entry?.identifier?.id;
    if (typeof id !== 'string') continue;
    const version = typeof entry.version === 'string' ? entry.version : '';
    const folder = typeof entry.relativeLocation === 'string' ? entry.relativeLocation : `${id}-${version}`;
    if (obsolete[folder] || obsolete[folder.toLowerCase()]) continue;
    result.push({ id, version, enabled: false });
  }
  return result;
}

/**
 * The installed extensions the editor is not running: disabled (or for another platform).
 * `running` holds the lower-cased ids of `vscode.extensions.all`.
 */
export function extensionsNotRunning(installed: readonly InstalledExtension[], running: ReadonlySet<string>): InstalledExtension[] {
  return installed.filter((extension) => !running.has(extension.id.toLowerCase()));
}
