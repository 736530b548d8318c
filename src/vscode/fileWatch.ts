import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Watches one file for creation, change and deletion with the editor's own watcher, also
 * outside the workspace and when its folder does not exist yet.
 *
 * What the editor's watcher does, as test/host/fileWatching.test.ts checks in the real
 * editor: `RelativePattern(Uri.file(folder), name)` reports a file in an existing folder
 * outside the workspace, but a pattern on a folder that does not exist yet reports nothing
 * once the folder appears. So the watch is aimed at the nearest existing folder on the
 * way to the file, for the next name down; when that appears, it moves one level closer.
 * The file's own folder is watched for the file and, one level up, for the folder itself,
 * so deleting and re-creating the folder is noticed too. `onEvent` may fire for changes
 * that leave the file as it was; callers re-read it, which is cheap.
 */
export function watchFile(file: string, onEvent: () => void): vscode.Disposable {
  let watchers: vscode.Disposable[] = [];
  let aimedAt: string | undefined;
  let disposed = false;

  const watchName = (folder: string, name: string, onChange: () => void): vscode.Disposable => {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), name));
    const subscriptions = [watcher.onDidCreate(onChange), watcher.onDidChange(onChange), watcher.onDidDelete(onChange)];
    return { dispose: () => { subscriptions.forEach((s) => s.dispose()); watcher.dispose(); } };
  };

  const attach = async (): Promise<void> => {
    const target = await nearestExistingFolder(path.dirname(file));
    if (disposed || target === aimedAt) return;
    watchers.forEach((w) => w.dispose());
    watchers = [];
    aimedAt = target;
    if (target === undefined) return;
    const moved = () => {
      void attach();
      onEvent();
    };
    if (target === path.dirname(file)) {
      watchers.push(watchName(target, path.basename(file), onEvent));
      const parent = path.dirname(target);
      if (parent !== target) watchers.push(watchName(parent, path.basename(target), moved));
    } else {
      const next = path.relative(target, file).split(path.sep)[0] as string;
      watchers.push(watchName(target, next, moved));
    }
  };

  void attach();
  return {
    dispose: () => {
      disposed = true;
      watchers.forEach((w) => w.dispose());
    },
  };
}

async function nearestExistingFolder(start: string): Promise<string | undefined> {
  let dir = start;
  for (;;) {
    try {
      if ((await fs.stat(dir)).isDirectory()) return dir;
    } catch { /* keep climbing */ }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
