/** Reads processes on macOS and other Unixes through `ps`. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { descendantsOf, type ProcessInfo } from '../../core/detect/processTree';
import { execText, type Exec } from './exec';
import type { MachineProcessReader } from './machineProcessReader';

/** Whether a path names an existing file (not a folder); false when that cannot be known. */
export type IsFile = (file: string) => Promise<boolean>;

const isFileOnDisk: IsFile = async (file) => {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false; // missing, or in a folder this user cannot read
  }
};

/**
 * `  123   rest of line` → 123 and where the rest starts; the last column may hold spaces.
 * Only the numbers are matched: the rest is taken as it is, since a pattern like
 * `/^\s*(\d+)\s+(.*)$/` takes quadratic time on a long run of spaces before a character
 * `.` does not match (a CR or a line separator in a process's arguments).
 */
const PID = /^\s*(\d+)\s+/;

/** One process as `ps` prints it: the executable (comm) and the arguments joined by spaces. */
export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  /** The real user id (`ruid`): who started it. */
  readonly uid?: number;
  /** State Z: exited, waiting for its parent. */
  readonly zombie?: boolean;
  readonly comm: string;
  readonly args: string;
}

/** `pid ppid ruid state comm`: comm last, as it may hold spaces (the columns before it are matched; comm is the rest). */
const COMM_COLUMNS = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s/;

/**
 * Joins `ps -o pid=,ppid=,ruid=,state=,comm=` with `ps -o pid=,args=` by pid. Each is read
 * with its free-text column last, so a space inside a path (`/Users/Jane Doe/.local/bin/claude`)
 * can never shift the columns.
 * @internal parser of untrusted process text, unit-tested on crafted input.
 */
export function parsePsRows(commText: string, argsText: string): PsRow[] {
  const args = new Map<number, string>();
  for (const line of argsText.split('\n')) {
    const match = PID.exec(line);
    if (match) args.set(Number(match[1]), line.slice(match[0].length).trimEnd());
  }
  const rows: PsRow[] = [];
  for (const line of commText.split('\n')) {
    const match = COMM_COLUMNS.exec(line);
    if (!match) continue;
    const pid = Number(match[1]);
    const zombie = (match[4] as string).startsWith('Z');
    rows.push({ pid, ppid: Number(match[2]), uid: Number(match[3]), ...(zombie ? { zombie } : {}), comm: line.slice(match[0].length).trim(), args: args.get(pid) ?? '' });
  }
  return rows;
}

/** The rows as processes, each argument vector rebuilt as `psArgv` does. */
function psProcesses(rows: readonly PsRow[], isFile: IsFile = isFileOnDisk): Promise<ProcessInfo[]> {
  return Promise.all(rows.map(async (row) => ({
    pid: row.pid, ppid: row.ppid, name: path.posix.basename(row.comm), argv: await psArgv(row.args, row.comm, isFile),
    ...(row.uid !== undefined ? { uid: row.uid } : {}), ...(row.zombie ? { zombie: true } : {}),
  })));
}

/**
 * @internal parser of untrusted process text, unit-tested on crafted input.
 */
export async function parsePsOutput(commText: string, argsText: string, isFile: IsFile = isFileOnDisk): Promise<ProcessInfo[]> {
  return psProcesses(parsePsRows(commText, argsText), isFile);
}

/** A path with spaces is looked for across at most this many words. */
const MAX_JOINED_WORDS = 8;
/** `Doe/.npm-global/bin/claude`: the rest of a path cut at a space (a `/` inside, no leading `-` or `/`). */
const goesOnLikeAPath = (word: string) => /^[^-/].*\//s.test(word);
/** File checks for one process, at most. */
const MAX_CHECKS = 24;

/**
 * The argument vector behind a `ps` args column. `ps` joins the arguments with spaces and
 * quotes nothing, so `node /Users/Jane Doe/.npm-global/bin/claude` could be three
 * arguments or two, and the text alone cannot tell: guessing from the words (say, the
 * longest run that ends in a tool's name) turns `node build.js out/claude` into a script
 * at `build.js out/claude`. The file system can tell, so it is asked:
 * - argv[0] is the executable's path when it matches comm (macOS prints the path there);
 * - an absolute path that is no file, followed within a few words by a word that goes on
 *   like a path (`Doe/.npm-global/bin/claude`: a `/` inside, no leading `-` or `/`), is
 *   joined with the fewest following words that make an existing file.
 * Only a path that exists is joined; anything that cannot be checked (a relative path, a
 * folder this user cannot read, a process that has exited) stays split as `ps` printed
 * it, which can miss a tool but never invents one.
 */
async function psArgv(line: string, comm: string, isFile: IsFile = isFileOnDisk): Promise<string[]> {
  if (line === '') return [];
  const argv: string[] = [];
  let rest = line;
  if (comm.includes('/') && (line === comm || line.startsWith(`${comm} `))) {
    argv.push(comm);
    rest = line.slice(comm.length + 1);
  }
  // Split on single spaces, so that joining the words again gives back the text exactly.
  const words = rest.split(' ');
  let checks = 0;
  const check = (file: string) => (checks++ < MAX_CHECKS ? isFile(file) : Promise.resolve(false));
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '') continue;
    const last = Math.min(words.length - 1, i + MAX_JOINED_WORDS);
    let joinedUpTo = -1;
    if (word.startsWith('/') && words.slice(i + 1, last + 1).some(goesOnLikeAPath) && !(await check(word))) {
      for (let j = i + 1; j <= last && joinedUpTo === -1; j++) {
        if (await check(words.slice(i, j + 1).join(' '))) joinedUpTo = j;
      }
    }
    if (joinedUpTo === -1) {
      argv.push(word);
    } else {
      argv.push(words.slice(i, joinedUpTo + 1).join(' '));
      i = joinedUpTo;
    }
  }
  return argv;
}

export class PsProcessReader implements MachineProcessReader {
  constructor(private readonly exec: Exec = execText, private readonly isFile: IsFile = isFileOnDisk) {}

  private async rows(): Promise<PsRow[]> {
    const [commText, argsText] = await Promise.all([
      this.exec('ps', ['-axww', '-o', 'pid=,ppid=,ruid=,state=,comm=']),
      this.exec('ps', ['-axww', '-o', 'pid=,args=']),
    ]);
    return parsePsRows(commText, argsText);
  }

  async all(): Promise<ProcessInfo[]> {
    return psProcesses(await this.rows(), this.isFile);
  }

  async descendants(roots: readonly number[]): Promise<ProcessInfo[]> {
    // The tree from the rows first: only the terminal's own processes need their files checked.
    const rows = await this.rows();
    const byPid = new Map(rows.map((row) => [row.pid, row]));
    const below = descendantsOf(rows.map((row) => ({ pid: row.pid, ppid: row.ppid, name: row.comm, argv: [] })), roots);
    return psProcesses(below.map((info) => byPid.get(info.pid) as PsRow), this.isFile);
  }
}
