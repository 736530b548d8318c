/**
 * The command-line reader: finds the programs a command line or argument vector actually
 * runs. The shell's own grammar finds the simple commands (shellBash.ts for bash, zsh and
 * fish lines through tree-sitter's bash grammar; shellPowerShell.ts and shellCmd.ts for
 * PowerShell and cmd.exe); each command's words are then read as the OS runs them: through wrappers
 * (wrappers.ts: sudo, env, op run, …), nested shells and package runners (runners.ts:
 * `bash -c`, `cmd /c`, npx, …) and interpreters running a tool's script
 * (interpreters.ts). Arguments are never mistaken for programs, so `echo claude` or
 * `cat claude-notes.txt` run nothing of interest.
 *
 * Reading is a loop over a stack of work (lines to parse, words to read), never a
 * recursion as deep as the input nests, and it is bounded: nested shells and wrappers are
 * followed `MAX_NESTING` levels deep, and every unit of work spends from a budget (a
 * config file's, or none for a typed line). What could not be read is said in the
 * result's `incomplete`.
 */
import { isAssignment } from './argvOptions';
import type { CommandReading, Invocation, ShellDialect } from './invocation';
import { packageFromPath, programName } from './programNames';
import { BudgetSpent, ReadBudget } from './readBudget';
import { runs, type Found } from './runners';
import { bashCommands, DYNAMIC, type Words } from './shellBash';
import type { BashSyntax, StopParse } from './shellParser';
import { bashPieces } from './shellPieces';
import { cmdCommands } from './shellCmd';
import { powershellCommands } from './shellPowerShell';
import { unwrap } from './wrappers';

export type { CommandReading, Invocation, ShellDialect } from './invocation';

/**
 * One parse covers at most this much text. A longer line is read in pieces of about this
 * size, every one of them: a bash line is cut between statements, or inside one with its
 * quoting carried over (shellPieces.ts); a PowerShell or cmd.exe line at a line break or
 * space near the limit.
 */
const MAX_PARSE_CHARS = 256 * 1024;
/** Shells, wrappers and runners inside one another (`bash -c "sudo sh -c '…'"`) are followed this deep. */
const MAX_NESTING = 8;
/** Wrappers in a row in one command (`sudo env nohup time …`) are followed this far. */
const MAX_WRAPPERS = 64;
/** Longest stretch of parsing or walking between two pauses of the sliced reader. */
const SLICE_MS = 5;
/** Shorter pieces are parsed at once even by the sliced reader. */
const SHORT_PIECE = 4096;
/**
 * A longer piece in which the parser meets an error is read again in pieces of at most
 * this size: the grammar's error recovery can cost time that grows with the square of
 * the text around the error (`))x))x…`, `a=( a=( …`, `<<<<<<…`), and small pieces keep
 * both that and the sliced reader's slices short.
 */
const ERROR_PIECE = 1024;
/**
 * Time inside the parser for one typed line; a line that needs more is not read further
 * (its processes still show). A valid 1 MiB line needs a few seconds; the margin keeps a
 * busy machine from cutting one short.
 */
const LINE_PARSE_MS = 30_000;

export interface ReaderLimits {
  /** The longest text one parse covers. */
  readonly maxParseChars?: number;
  /** Time inside the parser for one typed line. */
  readonly lineParseMs?: number;
}

export class CommandLineReader {
  private readonly maxParseChars: number;
  private readonly lineParseMs: number;

  /** `limits`: smaller than the defaults only in tests. */
  constructor(private readonly bash: BashSyntax, limits: ReaderLimits = {}) {
    this.maxParseChars = limits.maxParseChars ?? MAX_PARSE_CHARS;
    this.lineParseMs = limits.lineParseMs ?? LINE_PARSE_MS;
  }

  /** Every program (and package) a typed command line runs, read at once. Never throws. */
  programsInCommandLine(line: string, dialect?: ShellDialect): Invocation[] {
    const reading = this.reading(new ReadBudget(Number.POSITIVE_INFINITY, this.lineParseMs));
    reading.add([{ kind: 'line', text: line, dialect, depth: 0 }]);
    reading.runAtOnce();
    return reading.out;
  }

  /**
   * The same, for a line of any length, pausing on `pause` whenever it has worked for
   * about 5 ms, so the caller's thread is never held for long. The terminal watcher's
   * reader. Never throws.
   */
  async readCommandLine(line: string, dialect: ShellDialect | undefined, pause: () => Promise<void>): Promise<Invocation[]> {
    const reading = this.reading(new ReadBudget(Number.POSITIVE_INFINITY, this.lineParseMs));
    reading.add([{ kind: 'line', text: line, dialect, depth: 0 }]);
    await reading.runSliced(pause);
    return reading.out;
  }

  /**
   * What an argument vector runs, as the OS starts it (an MCP server's or agent's
   * `command` and `args`), within `budget` (shared by one file's commands; see
   * configCommands.ts). Never throws.
   */
  readArgv(argv: readonly string[], budget: ReadBudget): CommandReading {
    const reading = this.reading(budget);
    reading.add([{ kind: 'words', words: argv, depth: 0, bash: false }]);
    reading.runAtOnce();
    return reading.result();
  }

  /** The same, pausing on `pause` between slices of about 5 ms (the editor's reader). Never throws. */
  async readArgvSliced(argv: readonly string[], budget: ReadBudget, pause: () => Promise<void>): Promise<CommandReading> {
    const reading = this.reading(budget);
    reading.add([{ kind: 'words', words: argv, depth: 0, bash: false }]);
    await reading.runSliced(pause);
    return reading.result();
  }

  private reading(budget: ReadBudget): Reading {
    return new Reading(this.bash, this.maxParseChars, budget);
  }
}

type Work =
  /** A command line to cut into pieces. */
  | { readonly kind: 'line'; readonly text: string; readonly dialect: ShellDialect | undefined; readonly depth: number }
  /** The pieces of a line not read yet, cut one at a time (a long line's cutting is work too). */
  | { readonly kind: 'pieces'; readonly pieces: Iterator<string>; readonly dialect: ShellDialect | undefined; readonly depth: number; readonly small?: boolean }
  /** One parse's worth of a line; `small`: cut small after the parser met an error in it. */
  | { readonly kind: 'piece'; readonly text: string; readonly dialect: ShellDialect | undefined; readonly depth: number; readonly small?: boolean }
  /**
   * One simple command's words. `bash`: as bash passes them, quotes removed; `stdin`: the
   * text the command reads on its input, where the line gives it.
   */
  | { readonly kind: 'words'; readonly words: readonly string[]; readonly depth: number; readonly bash: boolean; readonly stdin?: string }
  | { readonly kind: 'found'; readonly invocation: Invocation };

const isWindows = (dialect: ShellDialect | undefined) => dialect === 'powershell' || dialect === 'cmd';

/** One reading: a stack of work, taken depth first so invocations come out in the line's order. */
class Reading {
  readonly out: Invocation[] = [];
  private readonly stack: Work[] = [];
  private incomplete: string | undefined;

  constructor(private readonly bash: BashSyntax, private readonly maxParseChars: number, private readonly budget: ReadBudget) {}

  /** Work to do next, in this order. */
  add(work: readonly Work[]): void {
    for (let k = work.length - 1; k >= 0; k--) this.stack.push(work[k] as Work);
  }

  result(): CommandReading {
    return { invocations: this.out, ...(this.incomplete !== undefined ? { incomplete: this.incomplete } : {}) };
  }

  runAtOnce(): void {
    for (let work = this.stack.pop(); work; work = this.stack.pop()) this.step(work);
  }

  async runSliced(pause: () => Promise<void>): Promise<void> {
    let started = performance.now();
    for (let work = this.stack.pop(); work; work = this.stack.pop()) {
      if (work.kind === 'piece' && !isWindows(work.dialect) && work.text.length >= SHORT_PIECE) {
        await this.parseSliced(work, pause);
        started = performance.now();
        continue;
      }
      this.step(work);
      if (performance.now() - started > SLICE_MS) {
        await pause();
        started = performance.now();
      }
    }
  }

  /** Records why reading stopped short (the first reason is kept) and, when the budget is spent, drops the work left. */
  private stop(reason: string): void {
    this.incomplete ??= reason;
    if (this.budget.exhausted) this.stack.length = 0;
  }

  private step(work: Work): void {
    if (this.budget.exhausted) {
      this.stop(this.budget.reason);
      return;
    }
    try {
      if (work.kind === 'found') this.out.push(work.invocation);
      else if (work.kind === 'line') this.cut(work);
      else if (work.kind === 'pieces') this.nextPiece(work);
      else if (work.kind === 'piece') this.parse(work);
      else this.readWords(work);
    } catch (error) {
      if (error instanceof BudgetSpent) this.stop(this.budget.reason);
      else this.stop(`the shell parser failed (${String(error)})`);
    }
  }

  /** A line in pieces of at most one parse each. */
  private cut({ text, dialect, depth }: Extract<Work, { kind: 'line' }>): void {
    if (text.trim() === '') return;
    const pieces = isWindows(dialect) ? plainPieces(text, this.maxParseChars) : bashPieces(text, this.maxParseChars);
    this.add([{ kind: 'pieces', pieces, dialect, depth }]);
  }

  private nextPiece(work: Extract<Work, { kind: 'pieces' }>): void {
    const next = work.pieces.next();
    if (next.done) return;
    this.add([{ kind: 'piece', text: next.value, dialect: work.dialect, depth: work.depth, ...(work.small ? { small: true } : {}) }, work]);
  }

  private parse(piece: Extract<Work, { kind: 'piece' }>): void {
    const { dialect, depth } = piece;
    const text = readable(piece.text, dialect);
    this.spend(text.length);
    const commands: Words[] = [];
    if (dialect === 'powershell') {
      if (!powershellCommands(text, commands)) this.stop('PowerShell groups nested more than 32 deep are not read');
    }
    else if (dialect === 'cmd') cmdCommands(text, commands);
    else {
      const hasError = this.walk(text, commands, this.cutsOnError(piece));
      if (hasError === undefined) {
        this.cutSmall(piece);
        return;
      }
      // The grammar splits a word at a backslash-newline, which the shell removes first;
      // the line is read both ways (joined, it may hide a command after a comment).
      if (/\\\r?\n/.test(text)) this.walk(joinLines(text), commands, false);
      // A line bash cannot read may be PowerShell or cmd typed where the shell is unknown.
      if (dialect === undefined && hasError) this.add(windowsFallback(text, depth));
    }
    this.add(commands.map((words) => wordsWork(words, depth, !isWindows(dialect))));
  }

  private cutsOnError(piece: Extract<Work, { kind: 'piece' }>): boolean {
    return !piece.small && piece.text.length > ERROR_PIECE;
  }

  /** A piece the parser met an error in, again, in small pieces. */
  private cutSmall({ text, dialect, depth }: Extract<Work, { kind: 'piece' }>): void {
    this.add([{ kind: 'pieces', pieces: bashPieces(text, ERROR_PIECE), dialect, depth, small: true }]);
  }

  /** What stops a parse: the parse-time limit (`parsing()`: its time so far), or an error in a piece to cut small instead. */
  private stopParse(parsing: () => number, cutsOnError: boolean, met: { error: boolean }): StopParse {
    return ({ hasError }) => {
      if (cutsOnError && hasError) return (met.error = true);
      return this.budget.parseTimeUp(parsing());
    };
  }

  /** Counts parse time; throws when that passes the limit (unless the parse stopped to be cut small). */
  private spendParseTime(ms: number, met: { error: boolean }): void {
    if (!this.budget.spendParseTime(ms) && !met.error) throw new BudgetSpent();
  }

  /** What a parse that `stop` gave up means: cut small (undefined), or the limit is spent (throws). */
  private stopped(met: { error: boolean }): undefined {
    if (met.error) return undefined;
    throw new BudgetSpent();
  }

  /**
   * Parses and walks `text` at once: true when the grammar could not read all of it;
   * undefined when, cutting on error, it met one before the end.
   */
  private walk(text: string, commands: Words[], cutsOnError: boolean): boolean | undefined {
    const started = performance.now();
    const met = { error: false };
    const tree = this.bash.parse(text, this.stopParse(() => performance.now() - started, cutsOnError, met));
    this.spendParseTime(performance.now() - started, met);
    if (!tree) return this.stopped(met);
    try {
      for (const walk = bashCommands(tree.rootNode, text, commands, this.budget); !walk.next().done;) { /* the walk collects as it goes */ }
      return tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  }

  /** The sliced reader's `parse`: parsing and walking pause whenever they have worked for a slice. */
  private async parseSliced(piece: Extract<Work, { kind: 'piece' }>, pause: () => Promise<void>): Promise<void> {
    const text = readable(piece.text, piece.dialect);
    try {
      this.spend(text.length);
      const commands: Words[] = [];
      const hasError = await this.walkSliced(text, commands, pause, this.cutsOnError(piece));
      if (hasError === undefined) {
        this.cutSmall(piece);
        return;
      }
      if (/\\\r?\n/.test(text)) await this.walkSliced(joinLines(text), commands, pause, false);
      if (piece.dialect === undefined && hasError) this.add(windowsFallback(text, piece.depth));
      this.add(commands.map((words) => wordsWork(words, piece.depth, true)));
    } catch (error) {
      if (error instanceof BudgetSpent) this.stop(this.budget.reason);
      else this.stop(`the shell parser failed (${String(error)})`);
    }
  }

  private async walkSliced(text: string, commands: Words[], pause: () => Promise<void>, cutsOnError: boolean): Promise<boolean | undefined> {
    const met = { error: false };
    // Only the time spent parsing counts, not the pauses between slices.
    let sliceStarted = performance.now();
    const tree = await this.bash.parseSliced(text, SLICE_MS, async () => {
      this.spendParseTime(performance.now() - sliceStarted, met);
      await pause();
      sliceStarted = performance.now();
    }, this.stopParse(() => performance.now() - sliceStarted, cutsOnError, met));
    this.spendParseTime(performance.now() - sliceStarted, met);
    if (!tree) return this.stopped(met);
    try {
      let started = performance.now();
      for (const walk = bashCommands(tree.rootNode, text, commands, this.budget); !walk.next().done;) {
        if (performance.now() - started > SLICE_MS) {
          await pause();
          started = performance.now();
        }
      }
      return tree.rootNode.hasError;
    } finally {
      tree.delete();
    }
  }

  private spend(units: number): void {
    if (!this.budget.spend(units)) throw new BudgetSpent();
  }

  /** Everything one simple command runs: the program, a wrapper's command, a shell's script, … */
  private readWords({ words, depth, bash, stdin }: Extract<Work, { kind: 'words' }>): void {
    this.spend(words.length);
    let i = 0;
    while (i < words.length && isAssignment(words[i] as string)) i++;
    for (let wrappers = 0; i < words.length; wrappers++) {
      if (wrappers === MAX_WRAPPERS) {
        this.stop(`more than ${MAX_WRAPPERS} wrappers in a row are not followed`);
        return;
      }
      const word = (words[i] as string).replace(/^=(?=\w)/, ''); // zsh `=claude` is claude's path
      const name = bash && literalBackslash(word) ? word.toLowerCase() : programName(word);
      if (name === '' || name.includes(DYNAMIC)) return;
      const args = words.slice(i + 1);
      const step = unwrap(name, args);
      if (!step) {
        const fromPath = packageFromPath(word);
        this.nest(depth, [{ kind: 'found', invocation: { program: name, ...(fromPath ? { package: fromPath } : {}) } }, ...runs(name, args, stdin).map((found) => foundWork(found, depth, bash))]);
        return;
      }
      if (step.kind === 'none') return;
      if (step.kind === 'skip') {
        i += 1 + step.skip;
        continue;
      }
      if (step.kind === 'scripts') this.nest(depth, step.scripts.map((text) => ({ kind: 'line', text, dialect: step.dialect, depth: depth + 1 })));
      else if (step.kind === 'input') this.nest(depth, stdin === undefined ? [] : [{ kind: 'line', text: stdin, dialect: 'posix', depth: depth + 1 }]);
      else this.nest(depth, step.commands.map((nested) => ({ kind: 'words', words: nested, depth: depth + 1, bash })));
      return;
    }
  }

  /** Adds work found inside a command, unless it nests deeper than the reader follows. */
  private nest(depth: number, work: readonly (Work | { readonly incomplete: string })[]): void {
    const next: Work[] = [];
    for (const item of work) {
      if ('incomplete' in item) this.stop(item.incomplete);
      else if (item.kind !== 'found' && depth + 1 > MAX_NESTING) this.stop(`shells and wrappers nested more than ${MAX_NESTING} levels deep are not followed`);
      else next.push(item);
    }
    this.add(next);
  }
}

function foundWork(found: Found, depth: number, bash: boolean): Work | { readonly incomplete: string } {
  if ('incomplete' in found) return found;
  if ('script' in found) return { kind: 'line', text: found.script, dialect: found.dialect, depth: depth + 1 };
  if ('argv' in found) return { kind: 'words', words: found.argv, depth: depth + 1, bash };
  return { kind: 'found', invocation: found };
}

const wordsWork = (words: Words, depth: number, bash: boolean): Work => ({ kind: 'words', words, depth, bash, ...(words.stdin !== undefined ? { stdin: words.stdin } : {}) });

/**
 * The text the bash grammar reads for `dialect`. fish has no backtick substitution: a
 * backtick is an ordinary character there, so it becomes one the grammar reads as such
 * (U+FF40, as long in UTF-16, so offsets stay the same; no command is named with it).
 */
function readable(text: string, dialect: ShellDialect | undefined): string {
  return dialect === 'fish' ? text.replace(/`/g, '\uFF40') : text;
}

const joinLines = (text: string) => text.replace(/\\\r?\n/g, '');

/**
 * Only the Windows forms bash cannot mean: a program given as a Windows path or with a
 * Windows suffix, so a bash line with a typo never yields commands out of its quotes.
 */
function windowsFallback(line: string, depth: number): Work[] {
  const commands: Words[] = [];
  powershellCommands(line, commands);
  return commands
    .filter((words) => /^([A-Za-z]:\\|\\\\|\.\\)|\.(exe|cmd|bat|ps1)$/i.test(words[0] ?? ''))
    .map((words) => ({ kind: 'words', words, depth, bash: false }));
}

/** A PowerShell or cmd.exe line in pieces of at most `max`, cut at a line break or space near the limit. */
function* plainPieces(line: string, max: number): Generator<string> {
  let rest = line;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
    if (cut < max / 2) cut = max;
    yield rest.slice(0, cut);
    rest = rest.slice(cut);
  }
  yield rest;
}

/**
 * A program word that still begins with a backslash once bash has removed its quoting
 * (`\\claude` or `'\claude'` typed: the word is `\claude`) names a file with a backslash in
 * its name: bash treats that character like any other, looks `\claude` up on PATH and finds
 * nothing. Only a UNC path (`\\server\share\…`, typed where the shell may be PowerShell)
 * keeps its backslashes as separators.
 */
const literalBackslash = (word: string) => word.startsWith('\\') && !/^\\\\[^\\/\s]+[\\/]/.test(word);
