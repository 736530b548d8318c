/**
 * The product's state folder (README "What the product remembers"): one per OS user, on
 * the machine that reads the policy. It holds what must survive a restart, another
 * browser or another device: the last good policies, the latest time seen, what the
 * block wrote, first-seen times and acknowledgements. The editor's UI storage is not
 * used for any of it: in a web editor that storage lives in the browser.
 *
 * Every file is written whole or not at all (a temporary file in the same folder, then a
 * rename), readable by its owner only. A file that cannot be trusted (not JSON, the wrong
 * shape, too large, not a regular file, a link) is set aside under `<name>.damaged`,
 * reported, and read as absent; it is never followed, and its content is never quoted.
 */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Where the state folder of the person whose home is `home` lives (SPEC §4). */
export function stateFolderPath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): string {
  switch (platform) {
    case 'win32': {
      const local = env.LOCALAPPDATA && path.win32.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : path.win32.join(home, 'AppData', 'Local');
      return path.win32.join(local, 'ToolPolicy', 'state');
    }
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'ToolPolicy', 'state');
    default: {
      // The XDG base directory specification: a relative value is invalid and ignored.
      const xdg = env.XDG_STATE_HOME && path.posix.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.posix.join(home, '.local', 'state');
      return path.posix.join(xdg, 'tool-policy');
    }
  }
}

export type StateRead<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ok'; readonly value: T }
  /** Not trusted: `problem` says why (never the file's content); the file was set aside unless the folder is read-only. */
  | { readonly kind: 'damaged'; readonly problem: string };

export interface StateFolderOptions {
  /** Never write, create or set aside anything (a scan of another person's home). */
  readonly readOnly?: boolean;
  /** The largest file read or written; a larger one is damaged. */
  readonly maxFileBytes?: number;
}

/** Names are plain relative paths of the product's own choosing: a slip never leaves the folder. */
const SAFE_NAME = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;

export class StateFolder {
  private readonly maxFileBytes: number;
  /** Operations on one file run one after another in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private temporaryCount = 0;

  constructor(readonly root: string, private readonly options: StateFolderOptions = {}) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  /** Absolute path of `name` inside the folder. */
  pathOf(name: string): string {
    if (!SAFE_NAME.test(name) || name.split('/').some((part) => part === '.' || part === '..')) {
      throw new Error(`not a state file name: ${JSON.stringify(name.slice(0, 80))}`);
    }
    return path.join(this.root, ...name.split('/'));
  }

  /** A JSON file, checked by `parse` (undefined = the wrong shape, so damaged). */
  readJson<T>(name: string, parse: (json: unknown) => T | undefined): Promise<StateRead<T>> {
    return this.serial(name, async () => {
      const bytes = await this.readBytesNow(name);
      if (bytes.kind !== 'ok') return bytes;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(bytes.value).toString('utf8'));
      } catch {
        return this.setAside(name, 'is not valid JSON');
      }
      const value = parse(json);
      return value === undefined ? this.setAside(name, 'does not have the expected shape') : { kind: 'ok', value };
    });
  }

  /** A file's bytes, as written by `writeBytes`. */
  readBytes(name: string): Promise<StateRead<Uint8Array>> {
    return this.serial(name, () => this.readBytesNow(name));
  }

  writeJson(name: string, value: unknown): Promise<void> {
    return this.writeBytes(name, Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
  }

  writeBytes(name: string, bytes: Uint8Array): Promise<void> {
    return this.serial(name, () => this.writeNow(name, bytes));
  }

  /**
   * Reads, changes and writes one JSON file as one step in this process. Another process
   * (a second editor window) may write between the read and the write: `change` should
   * merge (a maximum, a union) rather than assume it saw the latest.
   */
  updateJson<T>(name: string, parse: (json: unknown) => T | undefined, change: (current: T | undefined) => T): Promise<T> {
    return this.serial(name, async () => {
      const bytes = await this.readBytesNow(name);
      let current: T | undefined;
      if (bytes.kind === 'ok') {
        try {
          current = parse(JSON.parse(Buffer.from(bytes.value).toString('utf8')));
        } catch {
          current = undefined;
        }
        if (current === undefined) await this.setAside(name, 'is not valid JSON of the expected shape');
      }
      const next = change(current);
      await this.writeNow(name, Buffer.from(`${JSON.stringify(next)}\n`, 'utf8'));
      return next;
    });
  }

  /**
   * When `name` was last written (milliseconds), or undefined when it is not there. Read
   * without following a link; a damaged file's time still says when it was last written.
   */
  async modifiedAt(name: string): Promise<number | undefined> {
    try {
      return (await fs.lstat(this.pathOf(name))).mtimeMs;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** Removes `name` (absent already is fine). */
  remove(name: string): Promise<void> {
    return this.serial(name, async () => {
      if (this.readOnly) return;
      await fs.rm(this.pathOf(name), { force: true });
    });
  }

  /** The names of the regular files in the sub-folder `folder` (none when it does not exist). */
  async list(folder: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.pathOf(folder), { withFileTypes: true });
      return entries.filter((entry) => entry.isFile() && !entry.name.includes('.tmp-')).map((entry) => entry.name).sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  /** Damaged files are set aside here, one per name, so the folder stays bounded. */
  private async setAside(name: string, problem: string): Promise<StateRead<never>> {
    const file = this.pathOf(name);
    if (!this.readOnly) {
      await fs.rename(file, `${file}.damaged`).catch(() => fs.rm(file, { force: true }).catch(() => undefined));
      return { kind: 'damaged', problem: `${file} ${problem}; it was set aside as ${path.basename(file)}.damaged and is not trusted` };
    }
    return { kind: 'damaged', problem: `${file} ${problem}; it is not trusted` };
  }

  private async readBytesNow(name: string): Promise<StateRead<Uint8Array>> {
    const file = this.pathOf(name);
    let handle: fs.FileHandle;
    try {
      // Never through a link, never waiting on a FIFO: someone else may have put it there.
      handle = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      if (isMissing(error)) return { kind: 'missing' };
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'EMLINK') return this.setAside(name, 'is a symbolic link');
      return { kind: 'damaged', problem: `${file} cannot be read (${code ?? 'error'})` };
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return await this.setAside(name, 'is not a regular file');
      if (stat.size > this.maxFileBytes) return await this.setAside(name, `is ${stat.size} bytes, over the ${this.maxFileBytes}-byte limit`);
      const buffer = Buffer.alloc(stat.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > stat.size) return { kind: 'damaged', problem: `${file} was being written while it was read` };
      return { kind: 'ok', value: buffer.subarray(0, length) };
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  private async writeNow(name: string, bytes: Uint8Array): Promise<void> {
    if (this.readOnly) throw new Error(`the state folder ${this.root} is read-only here`);
    if (bytes.byteLength > this.maxFileBytes) throw new Error(`${name} would be ${bytes.byteLength} bytes, over the ${this.maxFileBytes}-byte limit`);
    const file = this.pathOf(name);
    await this.ensureFolder(path.dirname(file));
    const temporary = `${file}.tmp-${process.pid}-${++this.temporaryCount}`;
    // `wx`: never through something already at that name.
    const handle = await fs.open(temporary, 'wx', FILE_MODE);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  /** Creates the folder (and the state root) owner-only; an existing one is made owner-only. */
  private async ensureFolder(folder: string): Promise<void> {
    await fs.mkdir(folder, { recursive: true, mode: FOLDER_MODE });
    for (let current = folder; ; current = path.dirname(current)) {
      const stat = await fs.lstat(current);
      if (stat.isSymbolicLink() || !stat.isDirectory()) throw new Error(`${current} is not a folder of its own (a link or a file); nothing is written through it`);
      if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) await fs.chmod(current, FOLDER_MODE);
      if (current === this.root || path.dirname(current) === current) break;
    }
  }

  private serial<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(() => undefined, () => undefined);
    this.queues.set(name, settled);
    void settled.then(() => {
      if (this.queues.get(name) === settled) this.queues.delete(name);
    });
    return next;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
