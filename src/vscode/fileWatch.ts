import * as path from 'node:path';
import type * as vscode from 'vscode';

/** What watching a file needs from the editor. */
export interface FileWatchEditor {
  readonly workspace: Pick<typeof vscode.workspace, 'workspaceFolders' | 'createFileSystemWatcher'>;
  readonly RelativePattern: typeof vscode.RelativePattern;
}

/** Watches one file for creation, change and deletion; `onEvent` may fire for changes that leave it as it was. */
export type WatchFile = (file: string, onEvent: () => void) => vscode.Disposable;

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
 *   host test fails that way). There, the OS watcher watches the nearest existing folder
 *   and moves as folders come and go (`outside`, src/machine/folderWatch.ts).
 */
export function fileWatcher(editor: FileWatchEditor, outside: WatchFile): WatchFile {
  return (file, onEvent) => {
    const folder = editor.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file' && isInside(candidate.uri.fsPath, file));
    return folder ? watchInWorkspace(editor, folder, file, onEvent) : outside(file, onEvent);
  };
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function watchInWorkspace(editor: FileWatchEditor, folder: vscode.WorkspaceFolder, file: string, onEvent: () => void): vscode.Disposable {
  // The file and each folder on the way to it: deleting `.vscode` whole reports the folder
  // only, not the file inside it.
  const parts = path.relative(folder.uri.fsPath, file).split(path.sep);
  const watchers = parts.map((_part, index) => editor.workspace.createFileSystemWatcher(new editor.RelativePattern(folder, parts.slice(0, index + 1).join('/'))));
  const subscriptions = watchers.flatMap((watcher) => [watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent)]);
  return { dispose: () => { subscriptions.forEach((s) => s.dispose()); watchers.forEach((w) => w.dispose()); } };
}
