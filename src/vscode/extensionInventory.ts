import * as path from 'node:path';
import type * as vscode from 'vscode';
import { extensionsNotRunning, manifestExtensions } from '../core/detect/extensionManifest';
import type { InstalledExtension } from '../core/detect/extensions';
import { OWN_EXTENSION_ID as OWN_ID } from '../core/enforcement';
import { Emitter } from './emitter';

/** An editor's extension index is small; a larger file is not read. */
export const MAX_INDEX_BYTES = 16 * 1024 * 1024;

/** What the inventory needs from the editor. */
export interface InventoryEditor {
  readonly extensions: Pick<typeof vscode.extensions, 'all' | 'onDidChange'>;
  readonly env: Pick<typeof vscode.env, 'appRoot'>;
}

/**
 * A text file's content, `{}` when there is none (src/machine/regularFile.ts). Never a
 * plain read: a FIFO in a file's place would wait forever.
 */
export type ReadText = (file: string) => Promise<{ readonly text?: string }>;

/**
 * The editor's extensions: the running ones from `vscode.extensions.all` (kept current
 * through `extensions.onDidChange`), and the installed-but-disabled ones, which the API
 * does not list, from the profile's `extensions.json`.
 */
export class ExtensionInventory implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  /** Every extension the profiles' manifests list (minus obsolete ones), as not running. */
  private installed: InstalledExtension[] = [];
  // One change, announced once the disabled list is read too: an extension that has just
  // stopped running (a block took effect) must never look uninstalled for a moment, or the
  // block would be lifted and applied again.
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ownExtensionPath: string, private readonly editor: InventoryEditor, private readonly readText: ReadText) {
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
      .map((uri) => path.dirname(uri.fsPath));
    folders.push(path.dirname(this.ownExtensionPath));
    for (const folder of folders) this.knownFolders.add(folder);
    return [...this.knownFolders];
  }

  /** Re-reads the profiles' manifests; fires a change when what they list changes (or always, with `announce`). */
  async readInstalled(announce = false): Promise<void> {
    // Which of them are not running is decided when the list is read.
    const found = new Map<string, InstalledExtension>();
    await Promise.all(this.extensionFolders().map(async (folder) => {
      const manifest = (await this.readText(path.join(folder, 'extensions.json'))).text;
      if (manifest === undefined) return;
      const obsolete = (await this.readText(path.join(folder, '.obsolete'))).text ?? '';
      for (const extension of manifestExtensions(manifest, obsolete)) {
        if (extension.id.toLowerCase() !== OWN_ID) found.set(extension.id.toLowerCase(), extension);
      }
    }));
    const next = [...found.values()];
    const key = (list: InstalledExtension[]) => list.map((e) => `${e.id}@${e.version}`).sort().join(',');
    if (!announce && key(next) === key(this.installed)) return;
    this.installed = next;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
