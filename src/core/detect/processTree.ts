/**
 * Reads the processes below a terminal's shell. Linux reads /proc (walking each
 * process's children list where the kernel offers it, so only the terminal's subtree is
 * read); macOS asks `ps`; Windows asks PowerShell's CIM. A process that exits mid-read or
 * cannot be read is skipped.
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, promises as fs, readdirSync, readSync } from 'node:fs';
import * as path from 'node:path';

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** The kernel's short name (Linux comm, at most 15 characters) or the image name. */
  readonly name: string;
  /** Arguments as separate strings; empty when unreadable (kernel threads, zombies). */
  readonly argv: readonly string[];
}

export interface ProcessReader {
  /** The descendants of each root (not the roots themselves). */
  descendants(roots: readonly number[]): Promise<ProcessInfo[]>;
}

/** Parses /proc/<pid>/stat: `pid (comm) state ppid …`; comm may hold spaces and parentheses. */
export function parseProcStat(text: string): { pid: number; name: string; ppid: number } | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid)) return undefined;
  return { pid, name: text.slice(open + 1, close), ppid };
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
export class LinuxProcessReader implements ProcessReader {
  constructor(private readonly procRoot = '/proc') {}

  private read(pid: number): ProcessInfo | undefined {
    try {
      const stat = readProcFile(path.join(this.procRoot, String(pid), 'stat'));
      let cmdline = '';
      try {
        cmdline = readProcFile(path.join(this.procRoot, String(pid), 'cmdline'));
      } catch { /* exited between the two reads, or not readable: keep the name */ }
      const parsed = parseProcStat(stat);
      if (!parsed) return undefined;
      const argv = cmdline.split('\0');
      if (argv[argv.length - 1] === '') argv.pop();
      return { ...parsed, argv };
    } catch {
      return undefined; // exited or unreadable
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
          next.push(child);
          if (seen.size - roots.length > WALK_LIMIT) return undefined;
          const info = this.read(child);
          if (info) found.push(info);
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
    const pids = (await fs.readdir(this.procRoot)).filter((name) => /^\d+$/.test(name)).map(Number);
    const infos: ProcessInfo[] = [];
    for (let i = 0; i < pids.length; i++) {
      const info = this.read(pids[i] as number);
      if (info) infos.push(info);
      if ((i + 1) % BATCH === 0) await yieldToEventLoop();
    }
    return infos;
  }
}

type Exec = (file: string, args: readonly string[]) => Promise<string>;

const execText: Exec = (file, args) => new Promise((resolve, reject) => {
  execFile(file, args as string[], { maxBuffer: 32 * 1024 * 1024, timeout: 10_000, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
});

/** Splits a Windows or ps command line into words, honouring double quotes. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) words.push(match[1] ?? match[2] ?? '');
  return words;
}

export class PsProcessReader implements ProcessReader {
  constructor(private readonly exec: Exec = execText) {}

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    const text = await this.exec('ps', ['-axww', '-o', 'pid=,ppid=,comm=,args=']);
    const processes: ProcessInfo[] = [];
    for (const line of text.split('\n')) {
      const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s*(.*)$/.exec(line);
      if (!match) continue;
      processes.push({ pid: Number(match[1]), ppid: Number(match[2]), name: path.basename(match[3] as string), argv: splitCommandLine(match[4] ?? '') });
    }
    return descendantsOf(processes, roots);
  }
}

export class WindowsProcessReader implements ProcessReader {
  constructor(private readonly exec: Exec = execText) {}

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    const script = 'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Name,CommandLine | ConvertTo-Json -Compress';
    const text = await this.exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]);
    const parsed = JSON.parse(text || '[]') as unknown;
    const rows = (Array.isArray(parsed) ? parsed : [parsed]) as Array<{ ProcessId?: number; ParentProcessId?: number; Name?: string; CommandLine?: string | null }>;
    const processes = rows.filter((row) => typeof row.ProcessId === 'number').map((row) => ({
      pid: row.ProcessId as number,
      ppid: row.ParentProcessId ?? 0,
      name: row.Name ?? '',
      argv: splitCommandLine(row.CommandLine ?? ''),
    }));
    return descendantsOf(processes, roots);
  }
}

/** The processes below the roots in a flat list (breadth first; pid reuse cannot loop). */
export function descendantsOf(processes: readonly ProcessInfo[], roots: readonly number[]): ProcessInfo[] {
  const byParent = new Map<number, ProcessInfo[]>();
  for (const info of processes) {
    if (info.pid === info.ppid) continue;
    const list = byParent.get(info.ppid) ?? [];
    list.push(info);
    byParent.set(info.ppid, list);
  }
  const result: ProcessInfo[] = [];
  const seen = new Set<number>(roots);
  let frontier = [...roots];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const pid of frontier) {
      for (const child of byParent.get(pid) ?? []) {
        if (seen.has(child.pid)) continue;
        seen.add(child.pid);
        result.push(child);
        next.push(child.pid);
      }
    }
    frontier = next;
  }
  return result;
}

export function processReaderFor(platform: NodeJS.Platform): ProcessReader {
  if (platform === 'linux') return new LinuxProcessReader();
  if (platform === 'win32') return new WindowsProcessReader();
  return new PsProcessReader();
}
