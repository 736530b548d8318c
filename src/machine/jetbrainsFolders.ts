/**
 * Where a person's JetBrains IDEs keep their configuration and plugins, one folder per
 * product and version (`IntelliJIdea2025.2`, `PyCharmCE2024.3`, any other product named
 * that way). Sources: JetBrains' "Directories used by the IDE" and Android Studio's docs
 * (its folders under Google/ instead of JetBrains/):
 * - Linux: configuration in `~/.config/JetBrains/<Product><version>`, plugins directly in
 *   `~/.local/share/JetBrains/<Product><version>`;
 * - macOS: `~/Library/Application Support/JetBrains/<Product><version>`, plugins in its
 *   `plugins/`;
 * - Windows: `%APPDATA%\JetBrains\<Product><version>`, plugins in its `plugins\`, and in
 *   `%LOCALAPPDATA%\JetBrains\<Product><version>\plugins`.
 * `platform` picks the layout; the paths are joined for the OS this runs on, so each
 * layout can be read (and tested) anywhere.
 */
import * as path from 'node:path';
import { parseProductFolder } from '../core/detect/jetbrainsLayout';
import { listFolder } from './folderEntries';

export interface JetBrainsIde {
  readonly product: string;
  readonly version: string;
  /** Holds `disabled_plugins.txt`. */
  readonly configFolder: string;
  /** Folders whose entries are this IDE's plugins; some may not exist. */
  readonly pluginFolders: readonly string[];
}

interface Layout {
  /** Under the home folder: where the `<vendor>/<Product><version>` configuration folders are. */
  readonly config: readonly string[];
  /** Under the home folder, and then inside `<vendor>/<Product><version>`: where plugins are. */
  readonly plugins: ReadonlyArray<{ readonly base: readonly string[]; readonly inside: readonly string[] }>;
}

const LINUX: Layout = { config: ['.config'], plugins: [{ base: ['.local', 'share'], inside: [] }] };
const LAYOUTS: Partial<Record<NodeJS.Platform, Layout>> = {
  darwin: { config: ['Library', 'Application Support'], plugins: [{ base: ['Library', 'Application Support'], inside: ['plugins'] }] },
  win32: {
    config: ['AppData', 'Roaming'],
    plugins: [{ base: ['AppData', 'Roaming'], inside: ['plugins'] }, { base: ['AppData', 'Local'], inside: ['plugins'] }],
  },
};

/** Vendors' folders, and which of their products are IDEs built on the IntelliJ platform. */
const VENDORS: ReadonlyArray<readonly [vendor: string, isIde: (product: string) => boolean]> = [
  ['JetBrains', () => true],
  ['Google', (product) => product.startsWith('AndroidStudio')],
];

/** More IDE folders than this under one vendor is no real home: the rest are named, not read. */
const MAX_IDE_FOLDERS = 1000;

export interface JetBrainsIdes {
  readonly ides: readonly JetBrainsIde[];
  /** Vendor folders that exist but could not be listed. */
  readonly problems: ReadonlyArray<{ readonly where: string; readonly message: string }>;
}

/** Names of the sub-folders (or links to them) of `folder`; none when it does not exist. */
async function subfolders(folder: string, within: string): Promise<string[]> {
  const entries = await listFolder(folder, { within }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  return entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name);
}

/** Every JetBrains IDE (product and version) that has a folder under `home`, in name order. */
export async function findJetBrainsIdes(home: string, platform: NodeJS.Platform, maxFolders = MAX_IDE_FOLDERS): Promise<JetBrainsIdes> {
  const layout = LAYOUTS[platform] ?? LINUX;
  const under = (parts: readonly string[], ...more: string[]) => path.join(home, ...parts, ...more);
  const problems: Array<{ where: string; message: string }> = [];
  const ides: JetBrainsIde[] = [];
  for (const [vendor, isIde] of VENDORS) {
    const roots = [...new Set([under(layout.config, vendor), ...layout.plugins.map((place) => under(place.base, vendor))])];
    const names = new Set<string>();
    for (const root of roots) {
      try {
        for (const name of await subfolders(root, home)) names.add(name);
      } catch (error) {
        problems.push({ where: root, message: `cannot be listed: ${(error as Error).message}` });
      }
    }
    const folders = [...names].sort().flatMap((name) => {
      const folder = parseProductFolder(name);
      return folder && isIde(folder.product) ? [{ name, ...folder }] : [];
    });
    if (folders.length > maxFolders) {
      problems.push({ where: roots[0] as string, message: `holds ${folders.length} IDE folders; only the first ${maxFolders} are read` });
    }
    for (const folder of folders.slice(0, maxFolders)) {
      const { name } = folder;
      ides.push({
        product: folder.product,
        version: folder.version,
        configFolder: under(layout.config, vendor, name),
        pluginFolders: [...new Set(layout.plugins.map((place) => under(place.base, vendor, name, ...place.inside)))],
      });
    }
  }
  return { ides, problems };
}
