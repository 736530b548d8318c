import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';

/**
 * Watches one file for creation, change and deletion, including when its folder does not
 * exist yet. The editor's own file watcher ignores most paths outside the workspace, and
 * policy files live outside it (/etc, a user's home), so this uses the OS watcher on the
 * nearest existing folder. `onEvent` may fire for unrelated names in that folder; callers
 * re-read the file, which is cheap.
 */
export function watchFile(file: string, onEvent: () => void): vscode.Disposable {
  let watcher: fs.FSWatcher | undefined;
  let watchedDir: string | undefined;
  let disposed = false;

  const nearestExistingDir = async (): Promise<string | undefined> => {
    let dir = path.dirname(file);
    for (;;) {
      try {
        if ((await fs.promises.stat(dir)).isDirectory()) return dir;
      } catch { /* keep climbing */ }
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  };

  const attach = async () => {
    const dir = await nearestExistingDir();
    if (disposed || (dir === watchedDir && watcher)) return;
    watcher?.close();
    watcher = undefined;
    watchedDir = dir;
    if (!dir) return;
    try {
      watcher = fs.watch(dir, { persistent: false }, () => {
        // The folder chain may have changed (a missing folder was created): re-aim.
        void attach();
        onEvent();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
        watchedDir = undefined;
      });
    } catch {
      watcher = undefined;
      watchedDir = undefined;
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
