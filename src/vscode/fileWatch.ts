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
 *   `RelativePattern(Uri.file(folder), name)` reports a file in an existing folder, also
 *   when it is deleted and written again, but nothing in a folder created after the watch
 *   began, and a policy folder may not exist yet (/etc/tool-policy before the first
 *   deployment) or be deleted and created again. There, the OS watcher (`fs.watch`)
 *   watches the nearest existing folder and moves as folders come and go.
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
  const relative = path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, relative));
  const subscriptions = [watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent)];
  return { dispose: () => { subscriptions.forEach((s) => s.dispose()); watcher.dispose(); } };
}

function watchOutsideWorkspace(file: string, onEvent: () => void): vscode.Disposable {
  let watcher: fs.FSWatcher | undefined;
  /** The folder watched, by path and inode: a folder deleted and created again is a new one. */
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

  const attach = async () => {
    const target = await nearestExistingDir();
    if (disposed || (target?.id === watched && watcher)) return;
    watcher?.close();
    watcher = undefined;
    watched = target?.id;
    if (!target) return;
    try {
      watcher = fs.watch(target.dir, { persistent: false }, () => {
        // The folder chain may have changed (a folder created, or this one deleted): re-aim.
        void attach();
        onEvent();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
        watched = undefined;
        void attach();
        onEvent();
      });
    } catch {
      watcher = undefined;
      watched = undefined;
    }
  };

  void attach();
  return {
    dispose: () => {
      disposed = true;
      watcher?.close();
    },
  };
}
