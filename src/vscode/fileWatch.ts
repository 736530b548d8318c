import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Watches one policy file for creation, change and deletion, also when its folder does not
 * exist yet. `onEvent` may fire for changes that leave the file as it was; callers re-read
 * it, which is cheap.
 *
 * Which watcher, from what test/host/fileWatching.test.ts finds in the real editor:
 * - In a workspace folder, the editor's watcher: the workspace is watched recursively, so
 *   `.vscode/tool-policy.yaml` is reported even when `.vscode` is created later and
 *   however often the file is deleted and written again.
 * - Outside the workspace (the managed and the user file), the editor's
 *   `RelativePattern(Uri.file(folder), name)` reports a file or folder of that name in an
 *   existing folder, also when it is deleted and written again, but nothing in a folder
 *   created after the watch began, and a policy folder may not exist yet (/etc/tool-policy
 *   before the first deployment) or be deleted and created again. Built from the editor's
 *   watchers alone (the nearest existing folder watched for the next folder on the way,
 *   moved as folders come and go), the watch lost the file for good once its folder was
 *   deleted and created again at once: a new watch of the same folder and name, asked for
 *   right after the old one was disposed, reported nothing (the "watching a policy file"
 *   host test fails that way). There, the OS watcher (`fs.watch`) watches the nearest
 *   existing folder and moves as folders come and go.
 */
export function watchFile(file: string, onEvent: () => void): vscode.Disposable {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file' && isInside(candidate.uri.fsPath, file));
  return folder ? watchInWorkspace(folder, file, onEvent) : watchOutsideWorkspace(file, onEvent);
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function watchInWorkspace(folder: vscode.WorkspaceFolder, file: string, onEvent: () => void): vscode.Disposable {
  // The file and each folder on the way to it: deleting `.vscode` whole reports the folder
  // only, not the file inside it.
  const parts = path.relative(folder.uri.fsPath, file).split(path.sep);
  const watchers = parts.map((_part, index) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, parts.slice(0, index + 1).join('/'))));
  const subscriptions = watchers.flatMap((watcher) => [watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent)]);
  return { dispose: () => { subscriptions.forEach((s) => s.dispose()); watchers.forEach((w) => w.dispose()); } };
}

function watchOutsideWorkspace(file: string, onEvent: () => void): vscode.Disposable {
  let watchers: fs.FSWatcher[] = [];
  /** The folder watched, by path and inode. */
  let watched: string | undefined;
  let disposed = false;

  const nearestExistingDir = async (): Promise<{ dir: string; id: string } | undefined> => {
    let dir = path.dirname(file);
    for (;;) {
      try {
        const stat = await fs.promises.stat(dir);
        if (stat.isDirectory()) return { dir, id: `${dir}\n${stat.dev}:${stat.ino}` };
      } catch { /* keep climbing */ }
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  };

  const close = () => {
    watchers.forEach((watcher) => watcher.close());
    watchers = [];
    watched = undefined;
  };

  /**
   * `folderReplaced`: the watched folder itself was deleted, renamed or created again. Its
   * watch is then dead even if a new folder has the same path and inode (ext4 hands a freed
   * inode number to the next folder at once), so the watch is set up again regardless.
   */
  const changed = (folderReplaced: boolean) => {
    void attach(folderReplaced);
    onEvent();
  };

  const watch = (dir: string, only?: string) => {
    const self = path.basename(dir);
    const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
      if (only !== undefined && name !== null && String(name) !== only) return;
      // A folder's own deletion reaches its watcher as an event named after the folder.
      changed(only !== undefined || name === null || String(name) === self);
    });
    watcher.on('error', () => {
      close();
      changed(true);
    });
    watchers.push(watcher);
  };

  /** Bursts of events start overlapping re-aims: only the latest one may act. */
  let attempt = 0;
  /** False until the first watch is set up (the caller reads the file at start anyway). */
  let reaimed = false;
  let forced = false;
  const attach = async (force = false) => {
    const mine = ++attempt;
    forced ||= force;
    const target = await nearestExistingDir();
    if (disposed || mine !== attempt) return;
    if (!forced && target?.id === watched && watchers.length > 0) return;
    forced = false;
    close();
    if (!target) return;
    watched = target.id;
    try {
      watch(target.dir);
      // Its own folder's deletion is seen from the folder above.
      const parent = path.dirname(target.dir);
      if (parent !== target.dir) watch(parent, path.basename(target.dir));
    } catch {
      close();
    }
    // Whatever changed while the watch was moving is read now.
    if (reaimed) onEvent();
    reaimed = true;
    // A folder created between the look above and the watch sent its event to nobody, and
    // the watch would stay one level too high for good: look again now that it is set.
    const settled = await nearestExistingDir();
    if (!disposed && mine === attempt && settled?.id !== watched) void attach(true);
  };

  void attach();
  return {
    dispose: () => {
      disposed = true;
      close();
    },
  };
}
