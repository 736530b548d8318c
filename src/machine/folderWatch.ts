import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder a watch is on, by path and by inode (a folder created again gets a new one). */
interface WatchedFolder {
  readonly dir: string;
  readonly id: string;
}

/** The file's nearest folder that exists, climbing from its own; undefined when none does. */
async function nearestExistingFolder(file: string): Promise<WatchedFolder | undefined> {
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
}

/**
 * Watches one file with the OS watcher (`fs.watch`), also when its folder does not exist
 * yet or is deleted and created again: the nearest existing folder is watched, and the
 * watch moves as folders come and go. `onEvent` may fire for changes that leave the file
 * as it was. Why the editor's own watcher is not enough outside a workspace: see
 * src/vscode/fileWatch.ts.
 */
export function watchFromNearestFolder(file: string, onEvent: () => void): { dispose(): void } {
  return new NearestFolderWatch(file, onEvent);
}

class NearestFolderWatch {
  private watchers: fs.FSWatcher[] = [];
  private watched: string | undefined;
  private disposed = false;
  /** Bursts of events start overlapping re-aims: only the latest one may act. */
  private attempt = 0;
  /** False until the first watch is set up (the caller reads the file at start anyway). */
  private reaimed = false;
  private forced = false;

  constructor(private readonly file: string, private readonly onEvent: () => void) {
    void this.aim();
  }

  /**
   * `folderReplaced`: the watched folder itself was deleted, renamed or created again. Its
   * watch is then dead even if a new folder has the same path and inode (ext4 hands a freed
   * inode number to the next folder at once), so the watch is set up again regardless.
   */
  private changed(folderReplaced: boolean): void {
    void this.aim(folderReplaced);
    this.onEvent();
  }

  /** Watches `dir`; with `only`, just the entry of that name (the watched folder seen from above). */
  private watchFolder(dir: string, only?: string): void {
    const self = path.basename(dir);
    const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
      if (only !== undefined && name !== null && String(name) !== only) return;
      // A folder's own deletion reaches its watcher as an event named after the folder.
      this.changed(only !== undefined || name === null || String(name) === self);
    });
    watcher.on('error', () => {
      this.close();
      this.changed(true);
    });
    this.watchers.push(watcher);
  }

  /** Moves the watch to the nearest existing folder, unless it is there already. */
  private async aim(force = false): Promise<void> {
    const mine = ++this.attempt;
    this.forced ||= force;
    const target = await nearestExistingFolder(this.file);
    if (this.disposed || mine !== this.attempt) return;
    if (!this.forced && target?.id === this.watched && this.watchers.length > 0) return;
    this.forced = false;
    this.close();
    if (!target) return;
    this.watchOn(target);
    // Whatever changed while the watch was moving is read now.
    if (this.reaimed) this.onEvent();
    this.reaimed = true;
    // A folder created between the look above and the watch sent its event to nobody, and
    // the watch would stay one level too high for good: look again now that it is set.
    const settled = await nearestExistingFolder(this.file);
    if (!this.disposed && mine === this.attempt && settled?.id !== this.watched) void this.aim(true);
  }

  private watchOn(target: WatchedFolder): void {
    this.watched = target.id;
    try {
      this.watchFolder(target.dir);
      // Its own folder's deletion is seen from the folder above.
      const parent = path.dirname(target.dir);
      if (parent !== target.dir) this.watchFolder(parent, path.basename(target.dir));
    } catch {
      this.close();
    }
  }

  private close(): void {
    this.watchers.forEach((watcher) => watcher.close());
    this.watchers = [];
    this.watched = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.close();
  }
}
