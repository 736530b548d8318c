/**
 * Reads the processes below a terminal's shell from /proc, walking each process's
 * children list where the kernel offers it, so only the terminal's subtree is read.
 * A process that exits mid-read or cannot be read is skipped.
 */
import { closeSync, openSync, promises as fs, readdirSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { descendantsOf, type ProcessInfo, type ProcessReader } from '../../core/detect/processTree';
import { openFiles } from '../openFiles';

/**
 * Parses /proc/<pid>/stat: `pid (comm) state ppid …`; comm may hold spaces and parentheses.
 * State Z (zombie) or X (dead): the process has exited and runs nothing.
 * @internal parser of untrusted process text, unit-tested on crafted input.
 */
export function parseProcStat(text: string): { pid: number; name: string; ppid: number; zombie?: boolean } | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid)) return undefined;
  const zombie = fields[0] === 'Z' || fields[0] === 'X';
  return { pid, name: text.slice(open + 1, close), ppid, ...(zombie ? { zombie } : {}) };
}

/**
 * The real user id from /proc/<pid>/status (`Uid:\treal\teffective\tsaved\tfs`): the
 * user who started the process, as osquery's `processes.uid` and `ps -o ruid` name it.
 * Not the owner of /proc/<pid>, which the kernel sets to root for a process that made
 * itself non-dumpable: a person's tool could hide among root's processes that way.
 */
function parseStatusUid(text: string): number | undefined {
  const match = /^Uid:\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Processes read between two yields to the event loop: keeps each slice to about a millisecond. */
const BATCH = 64;
/**
 * Walking children lists costs a directory read per process; past this many descendants
 * one pass over all of /proc is cheaper.
 */
const WALK_LIMIT = 32;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const scratch = Buffer.alloc(64 * 1024);
/**
 * Reads a small /proc file with open, read and close only: procfs reports a size of 0,
 * so readFileSync's size probe and growing reads are wasted work here.
 */
function readProcFile(file: string): string {
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    const parts: Buffer[] = [];
    for (;;) {
      const read = readSync(fd, scratch, 0, scratch.length, null);
      // Almost every file fits in one read: decode it in place, with no copies to collect.
      if (parts.length === 0 && read < scratch.length) return scratch.toString('utf8', 0, read);
      if (read === 0) break;
      length += read;
      parts.push(Buffer.from(scratch.subarray(0, read)));
      if (read < scratch.length) break;
    }
    return Buffer.concat(parts, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * /proc files are tiny and served from memory: reading them synchronously, in small
 * batches with a yield between, is an order of magnitude faster than one asynchronous
 * read each through the thread pool, without holding the event loop for long.
 */
/** Out of file descriptors: not a sign that the process exited. */
const outOfDescriptors = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EMFILE' || code === 'ENFILE';
};

export class LinuxProcessReader implements ProcessReader {
  constructor(private readonly procRoot = '/proc') {}

  /** One process; undefined when it exited or cannot be read. Throws when out of descriptors. */
  private readOnce(pid: number): ProcessInfo | undefined {
    // Any other error means the process exited (or hides its files): EMFILE must not look like that.
    const unlessOutOfDescriptors = (error: unknown) => {
      if (outOfDescriptors(error)) throw error;
    };
    try {
      const stat = readProcFile(path.join(this.procRoot, String(pid), 'stat'));
      let cmdline = '';
      try {
        cmdline = readProcFile(path.join(this.procRoot, String(pid), 'cmdline'));
      } catch (error) { unlessOutOfDescriptors(error); /* exited between the two reads, or not readable: keep the name */ }
      const parsed = parseProcStat(stat);
      if (!parsed) return undefined;
      const argv = cmdline.split('\0');
      if (argv[argv.length - 1] === '') argv.pop();
      let uid: number | undefined;
      try {
        uid = parseStatusUid(readProcFile(path.join(this.procRoot, String(pid), 'status')));
      } catch (error) { unlessOutOfDescriptors(error); /* exited meanwhile: no owner, so it counts for nobody but --all-users */ }
      return { ...parsed, argv, ...(uid !== undefined ? { uid } : {}) };
    } catch (error) {
      unlessOutOfDescriptors(error);
      return undefined; // exited or unreadable
    }
  }

  /**
   * One process, read synchronously; when the process is out of descriptors, read again
   * within the shared budget (openFiles.ts), which waits for descriptors to be freed. If
   * they never are, the error is thrown: the listing fails and is named, never a process
   * silently left out.
   */
  private read(pid: number): ProcessInfo | undefined | Promise<ProcessInfo | undefined> {
    try {
      return this.readOnce(pid);
    } catch (error) {
      if (!outOfDescriptors(error)) throw error;
      return openFiles.run(async () => this.readOnce(pid));
    }
  }

  /** Children of `pid` from /proc/<pid>/task/<tid>/children, or undefined where the kernel lacks it. */
  private children(pid: number): number[] | undefined {
    const taskDir = path.join(this.procRoot, String(pid), 'task');
    let tids: string[];
    try {
      tids = readdirSync(taskDir);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? [] : undefined;
    }
    const children: number[] = [];
    for (const tid of tids) {
      try {
        for (const child of readProcFile(path.join(taskDir, tid, 'children')).split(' ')) {
          if (child) children.push(Number(child));
        }
      } catch (error) {
        // No children file at all means a kernel without CONFIG_PROC_CHILDREN.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && tid === String(pid)) return undefined;
        // Out of descriptors: walk every process instead, which waits for them.
        if (outOfDescriptors(error)) return undefined;
      }
    }
    return children;
  }

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    const walked = await this.walkChildren(roots);
    return walked ?? descendantsOf(await this.all(), roots);
  }

  private async walkChildren(roots: readonly number[]): Promise<ProcessInfo[] | undefined> {
    const found: ProcessInfo[] = [];
    const seen = new Set<number>(roots);
    let frontier = [...roots];
    let sinceYield = 0;
    while (frontier.length > 0) {
      const next: number[] = [];
      for (const pid of frontier) {
        const children = this.children(pid);
        if (children === undefined) return undefined;
        for (const child of children) {
          if (seen.has(child)) continue;
          seen.add(child);
          if (seen.size - roots.length > WALK_LIMIT) return undefined;
          const reading = this.read(child);
          // Awaited only when it had to wait: thousands of processes, each read in microseconds.
          const info = reading instanceof Promise ? await reading : reading;
          // Gone, unreadable, or the pid was reused by a process that is not this one's child.
          if (!info || info.ppid !== pid) continue;
          found.push(info);
          next.push(child);
        }
        if (++sinceYield >= BATCH) {
          sinceYield = 0;
          await yieldToEventLoop();
        }
      }
      frontier = next;
    }
    return found;
  }

  /** Every process, for kernels without children lists. */
  async all(): Promise<ProcessInfo[]> {
    const pids = (await openFiles.run(() => fs.readdir(this.procRoot))).filter((name) => /^\d+$/.test(name)).map(Number);
    const infos: ProcessInfo[] = [];
    for (let i = 0; i < pids.length; i++) {
      const reading = this.read(pids[i] as number);
      const info = reading instanceof Promise ? await reading : reading;
      if (info) infos.push(info);
      if ((i + 1) % BATCH === 0) await yieldToEventLoop();
    }
    return infos;
  }
}
