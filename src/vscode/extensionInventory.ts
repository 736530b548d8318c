import * as path from 'node:path';
import type * as vscode from 'vscode';
import { extensionsNotRunning } from '../core/detect/extensionManifest';
import type { InstalledExtension } from '../core/detect/extensions';
import { OWN_EXTENSION_ID as OWN_ID } from '../core/enforcement';
import type { UnreadItem } from '../core/detect/gatherEvidence';
import { Debouncer } from './debouncer';
import { Emitter } from './emitter';
import type { WatchFile } from './fileWatch';

/** What the inventory needs from the editor. */
export interface InventoryEditor {
  readonly extensions: Pick<typeof vscode.extensions, 'all' | 'onDidChange'>;
  readonly env: Pick<typeof vscode.env, 'appRoot'>;
}

/**
 * One extensions folder as `tool-policy scan` reads it (src/machine/extensionsFolder.ts):
 * the index (byte-order mark, `location` without `relativeLocation`), minus `.obsolete`,
 * plus folders the index does not list; undefined when the folder does not exist. Never a
 * plain read: a FIFO in a file's place would wait forever.
 */
export type ReadExtensionsFolder = (folder: string) => Promise<{
  readonly extensions: ReadonlyArray<{ readonly id: string; readonly version: string; readonly location?: string }>;
  /** What could not be read there, in words. */
  readonly problems: readonly string[];
} | undefined>;

/** How the inventory reads and watches an extensions folder (src/machine readers, the file watcher). */
export interface ExtensionsFolderAccess {
  readonly read: ReadExtensionsFolder;
  readonly watch: WatchFile;
}

/** The files of an extensions folder whose change can change what it lists. */
const INDEX_FILES = ['extensions.json', '.obsolete'] as const;

/** How long a burst of changes to an extensions folder must be quiet before it is read again. */
const FOLDER_QUIET_MS = 100;

/**
 * The editor's extensions: the running ones from `vscode.extensions.all` (kept current
 * through `extensions.onDidChange`), and the installed-but-disabled ones, which the API
 * does not list, from each extensions folder, read as the command line reads it.
 *
 * Each folder's index and `.obsolete` are watched too: on uninstall the editor first takes
 * the extension out of `extensions.json` and only then marks its folder obsolete, and the
 * API's change can be announced in between, when the folder still looks installed. Without
 * the watch, that reading ("installed, not in use") would stand until the next change.
 */
export class ExtensionInventory implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** Every extension the profiles' manifests list (minus obsolete ones), as not running. */
  private installed: InstalledExtension[] = [];
  /** What the last reading of the folders could not read. */
  private unread: UnreadItem[] = [];
  // One change, announced once the disabled list is read too: an extension that has just
  // stopped running (a block took effect) must never look uninstalled for a moment, or the
  // block would be lifted and applied again.
  private readonly subscription: vscode.Disposable;
  /** The watches of each known folder's index files; none before the first reading. */
  private readonly folderWatches = new Map<string, vscode.Disposable[]>();
  private readonly readSoon = new Debouncer(FOLDER_QUIET_MS, () => void this.readInstalled());
  private disposed = false;
  /** Readings started so far, and whether one not yet applied was asked to announce. */
  private readings = 0;
  private announceNext = false;

  /**
   * `runsInstalled` is false when the editor runs this extension from a development folder
   * (`--extensionDevelopmentPath`): the folder around it is then any folder of the
   * machine, not an extensions folder, and is not read as one.
   */
  constructor(private readonly ownExtensionPath: string, private readonly editor: InventoryEditor, private readonly folders: ExtensionsFolderAccess, private readonly runsInstalled = true) {
    this.subscription = editor.extensions.onDidChange(() => void this.readInstalled(true));
  }

  list(): InstalledExtension[] {
    const { extensions, env } = this.editor;
    const running = extensions.all
      .filter((extension) => extension.id.toLowerCase() !== OWN_ID)
      .map((extension) => {
        const json = extension.packageJSON as { version?: unknown; displayName?: unknown };
        return {
          id: extension.id,
          version: typeof json.version === 'string' ? json.version : '',
          ...(typeof json.displayName === 'string' ? { displayName: json.displayName } : {}),
          enabled: true,
          // Shipped with the editor: a block never disables it.
          ...(extension.extensionUri.scheme === 'file' && extension.extensionUri.fsPath.startsWith(env.appRoot) ? { builtIn: true } : {}),
        };
      });
    // Installed but not running, against the running set as it is now: the editor may
    // update its list of running extensions after it announced the change, and an
    // extension a block has just stopped must never look uninstalled meanwhile.
    const runningIds = new Set(running.map((extension) => extension.id.toLowerCase()));
    return [...running, ...extensionsNotRunning(this.installed, runningIds)];
  }

  /** Every extensions folder seen so far: a folder stays known after its last running extension is disabled. */
  private readonly knownFolders = new Set<string>();

  /** Folders that hold user-installed extensions: the parents of the ones running (or once running). */
  private extensionFolders(): string[] {
    const builtinRoot = this.editor.env.appRoot;
    const folders = this.editor.extensions.all
      .map((extension) => extension.extensionUri)
      .filter((uri) => uri.scheme === 'file' && !uri.fsPath.startsWith(builtinRoot))
      .filter((uri) => this.runsInstalled || path.resolve(uri.fsPath) !== path.resolve(this.ownExtensionPath))
      .map((uri) => path.dirname(uri.fsPath));
    if (this.runsInstalled) folders.push(path.dirname(this.ownExtensionPath));
    for (const folder of folders) this.knownFolders.add(folder);
    return [...this.knownFolders];
  }

  /** Watches a folder's index files once; a change reads every folder again after a quiet moment. */
  private watchFolder(folder: string): void {
    if (this.disposed || this.folderWatches.has(folder)) return;
    this.folderWatches.set(folder, INDEX_FILES.map((name) => this.folders.watch(path.join(folder, name), () => this.readSoon.schedule())));
  }

  /** What the folders held that could not be read, as of the last reading. */
  problems(): readonly UnreadItem[] {
    return this.unread;
  }

  /** Re-reads the extensions folders; fires a change when what they list changes (or always, with `announce`). */
  async readInstalled(announce = false): Promise<void> {
    // Readings overlap (the editor's change, a folder's change, a rescan): only the latest
    // started may apply, or an older one finishing last would bring back what it saw. An
    // announcement asked of a reading that lost is made by the one that applies.
    const mine = ++this.readings;
    this.announceNext ||= announce;
    // Which of them are not running is decided when the list is read.
    const found = new Map<string, InstalledExtension>();
    const unread: UnreadItem[] = [];
    const folders = this.extensionFolders();
    for (const folder of folders) this.watchFolder(folder);
    const read = await Promise.all(folders.map((folder) => this.folders.read(folder).catch((error: Error) => ({ extensions: [], problems: [`cannot be read: ${error.message}`] }))));
    for (const [index, contents] of read.entries()) {
      if (contents === undefined) continue;
      const folder = folders[index] as string;
      for (const message of contents.problems) unread.push({ where: folder, message });
      for (const { id, version, location } of contents.extensions) {
        if (id.toLowerCase() !== OWN_ID) found.set(id.toLowerCase(), { id, version, enabled: false, ...(location !== undefined ? { location } : {}) });
      }
    }
    if (mine !== this.readings || this.disposed) return;
    const next = [...found.values()];
    const key = (list: readonly InstalledExtension[], problems: readonly UnreadItem[]) => [...list.map((e) => `${e.id}@${e.version}`).sort(), ...problems.map((p) => `${p.where}: ${p.message}`)].join('\n');
    const announced = this.announceNext;
    this.announceNext = false;
    if (!announced && key(next, unread) === key(this.installed, this.unread)) return;
    this.installed = next;
    this.unread = unread;
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    this.readSoon.dispose();
    for (const watches of this.folderWatches.values()) watches.forEach((watch) => watch.dispose());
    this.folderWatches.clear();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
