/** Reads processes on macOS and other Unixes through `ps`. */
import * as path from 'node:path';
import { descendantsOf, type ProcessInfo } from '../../core/detect/processTree';
import { execText, type Exec } from './exec';
import type { MachineProcessReader } from './index';

/** `  123   1 rest of line` → pid, rest; the last column may hold spaces. */
const ROW = /^\s*(\d+)\s+(.*)$/;

/**
 * Joins `ps -o pid=,ppid=,comm=` with `ps -o pid=,args=` by pid. Each is read with its
 * free-text column last, so a space inside a path (`/Users/Jane Doe/.local/bin/claude`)
 * can never shift the columns. `ps` prints arguments joined by spaces without quoting, so
 * argv[0] is taken whole when it is the executable's path (what macOS prints as comm).
 */
export function parsePsOutput(commText: string, argsText: string): ProcessInfo[] {
  const args = new Map<number, string>();
  for (const line of argsText.split('\n')) {
    const match = ROW.exec(line);
    if (match) args.set(Number(match[1]), (match[2] as string).trimEnd());
  }
  const processes: ProcessInfo[] = [];
  for (const line of commText.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s(.*)$/.exec(line);
    if (!match) continue;
    const pid = Number(match[1]);
    const comm = (match[3] as string).trim();
    processes.push({ pid, ppid: Number(match[2]), name: path.posix.basename(comm), argv: splitPsArgs(args.get(pid) ?? '', comm) });
  }
  return processes;
}

function splitPsArgs(line: string, comm: string): string[] {
  if (line === '') return [];
  if (comm.includes('/') && (line === comm || line.startsWith(`${comm} `))) {
    return [comm, ...line.slice(comm.length).split(/\s+/).filter(Boolean)];
  }
  return line.split(/\s+/).filter(Boolean);
}

export class PsProcessReader implements MachineProcessReader {
  constructor(private readonly exec: Exec = execText) {}

  async all(): Promise<ProcessInfo[]> {
    const [commText, argsText] = await Promise.all([
      this.exec('ps', ['-axww', '-o', 'pid=,ppid=,comm=']),
      this.exec('ps', ['-axww', '-o', 'pid=,args=']),
    ]);
    return parsePsOutput(commText, argsText);
  }

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    return descendantsOf(await this.all(), roots);
  }
}
