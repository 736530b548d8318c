/**
 * Finds the programs a command line actually runs. The shell's own grammar finds the
 * simple commands (shellBash.ts for bash, zsh and fish lines through tree-sitter's bash
 * grammar; shellWindows.ts for PowerShell and cmd.exe); this file reads each command's
 * words as the OS runs them: through wrappers (sudo, env, nohup, timeout, watch, …),
 * nested shells (`bash -c`, `eval`, `cmd /c`, `pwsh -Command`), package runners (npx,
 * npm exec, pnpm dlx, …) and interpreters running a tool's script (`node …/bin/claude`,
 * `python -m aider`, `uvx aider`). Arguments are never mistaken for programs, so
 * `echo claude` or `cat claude-notes.txt` run nothing of interest.
 */
import { bashCommands, DYNAMIC, type Words } from './shellBash';
import type { BashSyntax } from './shellParser';
import { cmdCommands, powershellCommands } from './shellWindows';
import { interpreterRuns } from './interpreters';
import { bashPieces } from './shellPieces';
import { packageFromPath, packageName, programName } from './programNames';

export { packageFromPath, packageName, programName };

export interface Invocation {
  /** Basename of the program, lower-case, without .exe/.cmd/.bat/.ps1/.com. */
  readonly program: string;
  /** npm package run through a package runner or from a node_modules path. */
  readonly package?: string;
}

/** The syntax a line is written in; unknown = read as bash (also right for zsh and most fish). */
export type ShellDialect = 'posix' | 'powershell' | 'cmd';

/**
 * One parse covers at most this much text. A longer line is read in pieces of about this
 * size, every one of them: a bash line is cut between statements, or inside one with its
 * quoting carried over (shellPieces.ts); a PowerShell or cmd.exe line at a line break or
 * space near the limit.
 */
export const MAX_PARSE_CHARS = 256 * 1024;
/** `bash -c "sh -c '…'"` nests at most this deep; deeper strings are not read. */
const MAX_NESTING = 4;
/** Longest stretch of parsing or walking between two pauses of the sliced reader. */
const SLICE_MS = 5;

export class CommandLineReader {
  /** `maxParseChars`: the longest text one parse covers (smaller only in tests). */
  constructor(private readonly bash: BashSyntax, private readonly maxParseChars = MAX_PARSE_CHARS) {}

  /** Every program (and package) a command line runs, read at once. Never throws. */
  programsInCommandLine(line: string, dialect?: ShellDialect): Invocation[] {
    const out: Invocation[] = [];
    for (const piece of this.pieces(line, dialect)) this.collect(piece, dialect, 0, out);
    return out;
  }

  private pieces(line: string, dialect: ShellDialect | undefined): Iterable<string> {
    return dialect === 'powershell' || dialect === 'cmd' ? plainPieces(line, this.maxParseChars) : bashPieces(line, this.maxParseChars);
  }

  /**
   * The same, for a line of any length, pausing on `pause` whenever it has worked for
   * about 5 ms (parsing) or one top-level statement (walking), so the caller's thread is
   * never held for long.
   */
  async readCommandLine(line: string, dialect: ShellDialect | undefined, pause: () => Promise<void>): Promise<Invocation[]> {
    const out: Invocation[] = [];
    for (const piece of this.pieces(line, dialect)) {
      if (dialect === 'powershell' || dialect === 'cmd' || piece.length < 4096) {
        this.collect(piece, dialect, 0, out);
        await pause();
        continue;
      }
      await this.walkSliced(piece, out, pause);
      // As in `collect`: a backslash-newline is read both ways.
      if (/\\\r?\n/.test(piece)) await this.walkSliced(piece.replace(/\\\r?\n/g, ''), out, pause);
    }
    return out;
  }

  private async walkSliced(text: string, out: Invocation[], pause: () => Promise<void>): Promise<void> {
    const tree = await this.bash.parseSliced(text, SLICE_MS, pause);
    try {
      const words: Words[] = [];
      let started = performance.now();
      for (const walk = bashCommands(tree.rootNode, text, words); !walk.next().done;) {
        if (performance.now() - started > SLICE_MS) {
          this.invocations(words.splice(0), 0, out, true);
          await pause();
          started = performance.now();
        }
      }
      this.invocations(words, 0, out, true);
      if (tree.rootNode.hasError) this.windowsFallback(text, 0, out);
    } finally {
      tree.delete();
    }
  }

  /** Every program (and package) an argument vector runs, as the OS would start it. Never throws. */
  programsInArgv(argv: readonly string[]): Invocation[] {
    const out: Invocation[] = [];
    this.invocationsOf(argv, 0, out, { bash: false });
    return out;
  }

  private collect(line: string, dialect: ShellDialect | undefined, depth: number, out: Invocation[]): void {
    if (depth > MAX_NESTING || line.trim() === '') return;
    const commands: Words[] = [];
    if (dialect === 'powershell') powershellCommands(line, commands);
    else if (dialect === 'cmd') cmdCommands(line, commands);
    else {
      let tree;
      try {
        tree = this.bash.parse(line);
      } catch {
        return; // the parser could not run: nothing is known to run
      }
      try {
        drain(bashCommands(tree.rootNode, line, commands));
        // The grammar splits a word at a backslash-newline, which the shell removes first;
        // the line is read both ways (joined, it may hide a command after a comment).
        if (/\\\r?\n/.test(line)) {
          const joinedLine = line.replace(/\\\r?\n/g, '');
          const joined = this.bash.parse(joinedLine);
          try {
            drain(bashCommands(joined.rootNode, joinedLine, commands));
          } finally {
            joined.delete();
          }
        }
        // A line bash cannot read may be PowerShell or cmd typed where the shell is unknown.
        if (dialect === undefined && tree.rootNode.hasError) this.windowsFallback(line, depth, out);
      } finally {
        tree.delete();
      }
    }
    this.invocations(commands, depth, out, dialect !== 'powershell' && dialect !== 'cmd');
  }

  /**
   * Only the Windows forms bash cannot mean: a program given as a Windows path or with a
   * Windows suffix, so a bash line with a typo never yields commands out of its quotes.
   */
  private windowsFallback(line: string, depth: number, out: Invocation[]): void {
    const commands: Words[] = [];
    powershellCommands(line, commands);
    for (const words of commands) {
      const first = words[0] ?? '';
      if (/^([A-Za-z]:\\|\\\\|\.\\)|\.(exe|cmd|bat|ps1)$/i.test(first)) this.invocationsOf(words, depth, out, { bash: false });
    }
  }

  private invocations(commands: readonly Words[], depth: number, out: Invocation[], bash: boolean): void {
    for (const words of commands) if (words.length > 0) this.invocationsOf(words, depth, out, { bash, ...(words.stdin !== undefined ? { stdin: words.stdin } : {}) });
  }

  /**
   * Everything one simple command runs (a wrapper's program, a shell's -c string, …).
   * `bash`: the words are as bash passes them, quotes removed; `stdin`: the text the
   * command reads on its input, where the line gives it.
   */
  private invocationsOf(words: readonly string[], depth: number, out: Invocation[], from: { readonly bash: boolean; readonly stdin?: string }): void {
    const { bash, stdin } = from;
    let i = 0;
    while (i < words.length && isAssignment(words[i] as string)) i++;
    for (let guard = 0; i < words.length && guard < 64; guard++) {
      const word = (words[i] as string).replace(/^=(?=\w)/, ''); // zsh `=claude` is claude's path
      const name = bash && literalBackslash(word) ? word.toLowerCase() : programName(word);
      if (name === '' || name.includes(DYNAMIC)) return;
      const args = words.slice(i + 1);
      const step = unwrap(name, args);
      if (step) {
        if (step.kind === 'none') return;
        if (step.kind === 'script') {
          if (depth < MAX_NESTING) this.collect(step.script, step.dialect, depth + 1, out);
          return;
        }
        if (step.kind === 'commands') {
          for (const nested of step.commands) this.invocationsOf(nested, depth + 1, out, { bash });
          return;
        }
        i += 1 + step.skip;
        continue;
      }
      const fromPath = packageFromPath(word);
      out.push({ program: name, ...(fromPath ? { package: fromPath } : {}) });
      for (const found of runs(name, args, stdin)) {
        if ('script' in found) {
          if (depth < MAX_NESTING) this.collect(found.script, found.dialect, depth + 1, out);
        } else if ('argv' in found) {
          if (depth < MAX_NESTING) this.invocationsOf(found.argv, depth + 1, out, { bash });
        } else {
          out.push(found);
        }
      }
      return;
    }
  }
}

function drain(walk: Generator<void, void, void>): void {
  while (!walk.next().done) { /* the walk collects as it goes */ }
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

const isAssignment = (word: string) => /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word);

/**
 * A program word that still begins with a backslash once bash has removed its quoting
 * (`\\claude` or `'\claude'` typed: the word is `\claude`) names a file with a backslash in
 * its name: bash treats that character like any other, looks `\claude` up on PATH and finds
 * nothing. Only a UNC path (`\\server\share\…`, typed where the shell may be PowerShell)
 * keeps its backslashes as separators.
 */
const literalBackslash = (word: string) => word.startsWith('\\') && !/^\\\\[^\\/\s]+[\\/]/.test(word);

// ---------------------------------------------------------------------------------------
// Wrappers: programs that run the command in their arguments.

type Step =
  | { readonly kind: 'skip'; readonly skip: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'script'; readonly script: string; readonly dialect?: ShellDialect }
  | { readonly kind: 'commands'; readonly commands: readonly (readonly string[])[] };

interface OptionSpec {
  /** Options that take the next word as their value (`-u root`); `-uroot` also works. */
  readonly values: ReadonlySet<string>;
  /** `VAR=value` words may come before the command (env, sudo). */
  readonly assignments?: boolean;
}

const spec = (values: string[], assignments = false): OptionSpec => ({ values: new Set(values), assignments });

/** Wrappers whose options come before the command they run. */
const WRAPPERS: Readonly<Record<string, OptionSpec>> = {
  sudo: spec(['-u', '-g', '-U', '-C', '-D', '-r', '-t', '-p', '-h', '-T', '-R', '--user', '--group', '--other-user', '--close-from', '--chdir', '--role', '--type', '--prompt', '--host', '--command-timeout', '--chroot'], true),
  doas: spec(['-u', '-C']),
  nohup: spec([]),
  command: spec([]),
  builtin: spec([]),
  exec: spec(['-a']),
  nice: spec(['-n', '--adjustment']),
  stdbuf: spec(['-i', '-o', '-e', '--input', '--output', '--error']),
  xargs: spec(['-I', '-i', '-n', '-P', '-L', '-l', '-d', '-s', '-E', '-e', '-a', '--max-args', '--max-procs', '--max-lines', '--delimiter', '--arg-file', '--replace', '--max-chars', '--eof', '--process-slot-var']),
  time: spec(['-f', '-o', '--format', '--output']),
  unbuffer: spec([]),
  ionice: spec(['-c', '-n', '-p', '-P', '-u', '--class', '--classdata', '--pid', '--pgid', '--uid']),
  winpty: spec([]),
  setsid: spec([]),
  chronic: spec([]),
  caffeinate: spec(['-t', '-w']),
  noglob: spec([]),
  nocorrect: spec([]),
  call: spec([]),
  'ssh-agent': spec(['-a', '-E', '-t', '-P']),
  // Tracers, sandboxes and proxies that start the command after their own options.
  strace: spec(['-a', '-b', '-e', '-E', '-I', '-o', '-O', '-p', '-P', '-s', '-S', '-u', '-U', '-X', '--attach', '--output', '--env', '--user',
    '--columns', '--string-limit', '--summary-sort-by', '--summary-columns', '--trace-path', '--const-print-style', '--argv0', '--trace', '--signal',
    '--status', '--syscall-limit', '--abbrev', '--verbose', '--raw', '--read', '--write', '--inject', '--fault']),
  ltrace: spec(['-a', '-A', '-D', '-e', '-F', '-l', '-n', '-o', '-p', '-s', '-u', '-w', '-x', '--align', '--config', '--indent', '--library', '--output', '--where']),
  valgrind: spec([]), // its options are all `--name=value`
  proxychains: spec(['-f']),
  proxychains4: spec(['-f']),
  torsocks: spec(['-u', '-p', '-a', '-P', '--user', '--pass', '--address', '--port']),
  'dbus-run-session': spec(['--config-file', '--dbus-daemon']),
  // fish: `and claude`, `or claude`, `not claude`
  and: spec([]),
  or: spec([]),
  not: spec([]),
  // PowerShell's `& cmd` arrives here when the shell was read as bash; `start` is cmd's and PowerShell's
  '&': spec([]),
};

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox']);
const POWERSHELLS = new Set(['powershell', 'pwsh', 'powershell_ise']);

/** Index of the first word after the options (`-x`, `-u root`, `-uroot`, `--opt=v`, `--`). */
function afterOptions(args: readonly string[], options: OptionSpec, from = 0): number {
  let i = from;
  while (i < args.length) {
    const arg = args[i] as string;
    if (arg === '--') return i + 1;
    if (options.assignments && isAssignment(arg)) { i++; continue; }
    if (!arg.startsWith('-') || arg === '-') return i;
    if (arg.startsWith('--')) {
      i += !arg.includes('=') && options.values.has(arg) ? 2 : 1;
      continue;
    }
    // Grouped short flags: a value option takes the rest of the word, or the next word.
    let takesNext = false;
    for (let k = 1; k < arg.length; k++) {
      if (options.values.has(`-${arg[k]}`)) {
        takesNext = k === arg.length - 1;
        break;
      }
    }
    i += takesNext ? 2 : 1;
  }
  return i;
}

function unwrap(name: string, args: readonly string[]): Step | undefined {
  const options = WRAPPERS[name];
  if (options) {
    // `command -v x` / `command -V x` only look a program up, as do fish's `-q`, `-s`, `-a`
    // (`--query`, `--search`, `--all`).
    if (name === 'command' && args.some((arg, k) => k < afterOptions(args, options) && (/^-[a-zA-Z]*[vVqsa]/.test(arg) || /^--(query|search|all)$/.test(arg)))) return { kind: 'none' };
    if (name === 'nice' && /^-\d+$/.test(args[0] ?? '')) return { kind: 'skip', skip: 1 };
    if (name === 'ssh-agent' && args.slice(0, afterOptions(args, options)).some((arg) => /^-[a-zA-Z]*[kDsdcl]$/.test(arg))) return { kind: 'none' };
    if (name === 'sudo' || name === 'doas') {
      const at = afterOptions(args, options);
      // `sudo -e file` / `sudoedit` edit a file; `sudo -l` lists rights.
      if (args.slice(0, at).some((arg) => /^-[a-zA-Z]*[elKkV]/.test(arg) && !arg.startsWith('--'))) return { kind: 'none' };
      return { kind: 'skip', skip: at };
    }
    return { kind: 'skip', skip: afterOptions(args, options) };
  }
  switch (name) {
    case 'env': {
      const options = spec(['-u', '-C', '-S', '--unset', '--chdir', '--split-string', '-P'], true);
      for (let k = 0; k < args.length; k++) {
        const arg = args[k] as string;
        if (arg === '-S' || arg === '--split-string') return { kind: 'script', script: [args[k + 1] ?? '', ...args.slice(k + 2)].join(' ') };
        if (arg.startsWith('--split-string=')) return { kind: 'script', script: [arg.slice(15), ...args.slice(k + 1)].join(' ') };
        if (/^-[iv0]*S./.test(arg)) return { kind: 'script', script: [arg.slice(arg.indexOf('S') + 1), ...args.slice(k + 1)].join(' ') };
        if (!arg.startsWith('-') && !isAssignment(arg)) break;
      }
      return { kind: 'skip', skip: afterOptions(args, options) };
    }
    case 'timeout': {
      const at = afterOptions(args, spec(['-s', '-k', '--signal', '--kill-after']));
      return { kind: 'skip', skip: at + 1 }; // then the duration
    }
    case 'watch': {
      const at = afterOptions(args, spec(['-n', '--interval', '-q', '--equexit']));
      const exec = args.slice(0, at).some((arg) => arg === '-x' || arg === '--exec' || /^-[a-zA-Z]*x/.test(arg));
      if (exec) return { kind: 'skip', skip: at };
      return { kind: 'script', script: args.slice(at).join(' ') };
    }
    case 'script': {
      for (let k = 0; k < args.length; k++) {
        if (args[k] === '-c' || args[k] === '--command') return { kind: 'script', script: args[k + 1] ?? '' };
        if ((args[k] as string).startsWith('--command=')) return { kind: 'script', script: (args[k] as string).slice(10) };
      }
      return { kind: 'none' }; // records a shell session: the shell, not a tool
    }
    case 'su':
    case 'runuser':
      return suRuns(name, args);
    case 'taskset': {
      // `taskset [-a] [-c] mask command …`; with -p it changes a running process instead.
      const at = afterOptions(args, spec([]));
      if (args.slice(0, at).some((arg) => arg === '--pid' || /^-[a-zA-Z]*p/.test(arg))) return { kind: 'none' };
      return { kind: 'skip', skip: at + 1 };
    }
    case 'chrt': {
      // `chrt [-f|-r|-o|…] [priority] command …`; -p changes a running process, -m prints limits.
      const at = afterOptions(args, spec(['-T', '-P', '-D', '--sched-runtime', '--sched-period', '--sched-deadline']));
      if (args.slice(0, at).some((arg) => arg === '--pid' || arg === '--max' || /^-[a-zA-Z]*[pm]/.test(arg))) return { kind: 'none' };
      return { kind: 'skip', skip: at + (/^\d+$/.test(args[at] ?? '') ? 1 : 0) };
    }
    case 'flock': {
      // `flock [options] file command …` or `flock [options] file -c 'command'`; `flock [options] fd` locks only.
      const at = afterOptions(args, spec(['-w', '--wait', '--timeout', '-E', '--conflict-exit-code']));
      const next = args[at + 1];
      if (next === '-c' || next === '--command') return { kind: 'script', script: args[at + 2] ?? '' };
      if (next?.startsWith('--command=')) return { kind: 'script', script: next.slice(10) };
      return { kind: 'skip', skip: at + 1 };
    }
    case 'gdb':
      return gdbRuns(args);
    case 'firejail': {
      // Options are `--name` or `--name=value`; some only print or change sandboxes.
      const at = afterOptions(args, spec([]));
      if (args.slice(0, at).some((arg) => /^--(list|tree|top|netstats|version|help|ls|get|put|cat|shutdown|bandwidth|debug-[\w-]+|[\w-]+\.print)\b/.test(arg))) return { kind: 'none' };
      return { kind: 'skip', skip: at };
    }
    case 'direnv': // `direnv exec DIR command …`
      return args[0] === 'exec' ? { kind: 'skip', skip: 2 } : { kind: 'none' };
    case 'asdf': // `asdf exec command …`
      return args[0] === 'exec' ? { kind: 'skip', skip: 1 } : { kind: 'none' };
    case 'mise':
    case 'rtx':
      return miseRuns(args);
    case 'volta': {
      // `volta run [--node v] [--npm v] [--yarn v] [--env K=V] command …`
      if (args[0] !== 'run') return { kind: 'none' };
      return { kind: 'skip', skip: 1 + afterOptions(args.slice(1), spec(['--node', '--npm', '--pnpm', '--yarn', '--env'])) };
    }
    case 'fnm': {
      // `fnm [global options] exec [--using v] [--] command …`
      const globals = spec(['--node-dist-mirror', '--fnm-dir', '--log-level', '--arch', '--version-file-strategy']);
      const at = afterOptions(args, globals);
      if (args[at] !== 'exec') return { kind: 'none' };
      return { kind: 'skip', skip: at + 1 + afterOptions(args.slice(at + 1), spec(['--using', ...globals.values])) };
    }
    case 'nvm':
      return nvmRuns(args);
    case 'corepack': {
      // `corepack pnpm@9 dlx …` runs that package manager; `corepack enable`, `use`, … manage them.
      const at = afterOptions(args, spec([]));
      const word = args[at] ?? '';
      const manager = word.includes('@') ? word.slice(0, word.indexOf('@')) : word;
      if (!/^(npm|npx|pnpm|pnpx|yarn|yarnpkg)$/.test(manager)) return { kind: 'none' };
      return { kind: 'commands', commands: [[manager, ...args.slice(at + 1)]] };
    }
    case 'nix-shell': {
      // `nix-shell -p pkgs --run 'command'` (or --command): the command is a shell string.
      const at = args.findIndex((arg) => arg === '--run' || arg === '--command');
      return at === -1 ? { kind: 'none' } : { kind: 'script', script: args[at + 1] ?? '' };
    }
    case 'nix': {
      // `nix shell|develop installables… --command program args…` (also -c): an argument vector.
      if (args[0] !== 'shell' && args[0] !== 'develop') return { kind: 'none' };
      const at = args.findIndex((arg) => arg === '--command' || arg === '-c');
      return at === -1 ? { kind: 'none' } : { kind: 'skip', skip: at + 1 };
    }
    case 'trap':
      return trapRuns(args);
    case 'coproc': {
      // `coproc command …`, `coproc { …; }`, `coproc NAME { …; }`: the grammar leaves the brace as a word.
      if (args[0] === '{') return { kind: 'skip', skip: 1 };
      if (args[1] === '{' && /^[A-Za-z_]\w*$/.test(args[0] ?? '')) return { kind: 'skip', skip: 2 };
      return { kind: 'skip', skip: 0 };
    }
    case 'repeat': // zsh: `repeat 3 claude`
      return { kind: 'skip', skip: 1 };
    case 'eval':
      return { kind: 'script', script: args.join(' ') };
    case 'wsl': {
      const at = afterOptions(args, spec(['-d', '--distribution', '-u', '--user', '--cd', '--shell-type']));
      const before = args.slice(0, at);
      const execAt = args.findIndex((arg) => arg === '-e' || arg === '--exec');
      if (execAt !== -1 && execAt < at) return { kind: 'skip', skip: execAt + 1 };
      if (before.some((arg) => /^--(install|list|shutdown|terminate|set-|export|import|unregister|update|status|help|version|mount|unmount)/.test(arg) || /^-l$/.test(arg))) return { kind: 'none' };
      return { kind: 'script', script: args.slice(at).join(' ') };
    }
    case 'find': {
      const commands: string[][] = [];
      for (let k = 0; k < args.length; k++) {
        if (/^-(exec|execdir|ok|okdir)$/.test(args[k] as string)) {
          const end = args.findIndex((arg, j) => j > k && (arg === ';' || arg === '+'));
          commands.push(args.slice(k + 1, end === -1 ? undefined : end) as string[]);
        }
      }
      return { kind: 'commands', commands };
    }
    case 'start-process':
    case 'saps':
    case 'start': {
      // PowerShell's Start-Process (cmd's `start` is read by its splitter).
      let program: string | undefined;
      let rest: string[] = [];
      for (let k = 0; k < args.length; k++) {
        const arg = args[k] as string;
        if (/^-(filepath|path|fp)$/i.test(arg)) { program = args[k + 1]; k++; continue; }
        if (/^-(argumentlist|args|al)$/i.test(arg)) { rest = (args[k + 1] ?? '').split(/[\s,]+/); k++; continue; }
        if (/^-(workingdirectory|verb|windowstyle|redirectstandard\w+|credential|environment)$/i.test(arg)) { k++; continue; }
        if (arg.startsWith('-') || arg.startsWith('/')) continue;
        if (program === undefined) program = arg;
      }
      return program ? { kind: 'commands', commands: [[program, ...rest]] } : { kind: 'none' };
    }
    case 'invoke-expression':
    case 'iex':
      return { kind: 'script', script: args.filter((arg) => !/^-command$/i.test(arg)).join(' '), dialect: 'powershell' };
    case 'invoke-command':
    case 'icm':
      return { kind: 'none' }; // its script block was read as a block already
  }
  return undefined;
}

/**
 * `su [options] [-] [user [shell arguments]]`: `-c`/`--command` (also after the user) is a
 * shell string. `runuser -u user [--] command …` runs the command itself; without -u it
 * reads like su.
 */
function suRuns(name: string, args: readonly string[]): Step {
  const values = new Set(['-c', '--command', '--session-command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment', '-u', '--user']);
  let asUser = false;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') return asUser ? { kind: 'skip', skip: k + 1 } : { kind: 'none' };
    const long = /^(--[\w-]+)(=([\s\S]*))?$/.exec(arg);
    if (long) {
      const value = long[2] !== undefined ? long[3] as string : args[k + 1] ?? '';
      if (long[1] === '--command' || long[1] === '--session-command') return { kind: 'script', script: value };
      if (name === 'runuser' && long[1] === '--user') asUser = true;
      if (long[2] === undefined && values.has(long[1] as string)) k++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      // Grouped short options; one that takes a value takes the rest of the word, or the next word.
      for (let c = 1; c < arg.length; c++) {
        const option = `-${arg[c]}`;
        if (!values.has(option)) continue;
        const value = c < arg.length - 1 ? arg.slice(c + 1) : args[++k] ?? '';
        if (option === '-c') return { kind: 'script', script: value };
        if (name === 'runuser' && option === '-u') asUser = true;
        break;
      }
      continue;
    }
    if (asUser && arg !== '-') return { kind: 'skip', skip: k }; // runuser -u bob claude
    // su's user name (or `-`): options may still follow.
  }
  return { kind: 'none' };
}

const GDB_VALUE_OPTIONS = new Set(['-ex', '-iex', '-x', '-ix', '-cd', '-d', '-s', '-e', '-se', '-c', '-p', '-b', '-l', '-D', '-tty', '-t', '-interpreter', '-i',
  '-init-command', '-init-eval-command', '-command', '-eval-command', '-directory', '-symbols', '-exec', '-core', '-pid', '-data-directory', '-baud']);

/**
 * `gdb [options] --args program args…` runs the program under the debugger, as does
 * `gdb [options] program`; with a core file or a pid (`gdb program core`, `-p pid`) it
 * looks at one that already ran or runs.
 */
function gdbRuns(args: readonly string[]): Step {
  const positional: number[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    const dashed = arg.replace(/^--(?=\w)/, '-');
    const option = dashed.includes('=') ? dashed.slice(0, dashed.indexOf('=')) : dashed;
    if (option === '-args') return { kind: 'skip', skip: k + 1 };
    if (/^-(p|pid|c|core)$/.test(option)) return { kind: 'none' };
    if (arg.startsWith('-')) {
      if (!arg.includes('=') && GDB_VALUE_OPTIONS.has(option)) k++;
      continue;
    }
    positional.push(k);
  }
  return positional.length === 1 ? { kind: 'commands', commands: [[args[positional[0] as number] as string]] } : { kind: 'none' };
}

/** `mise exec|x [--jobs n] [tool@version…] -- command …`, or `-c 'command'` (a shell string). */
function miseRuns(args: readonly string[]): Step {
  const values = spec(['-C', '--cd', '-E', '--env', '-j', '--jobs', '--log-level']);
  const at = afterOptions(args, values);
  if (args[at] !== 'exec' && args[at] !== 'x') return { kind: 'none' };
  for (let k = at + 1; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') return { kind: 'skip', skip: k + 1 };
    if (arg === '-c' || arg === '--command') return { kind: 'script', script: args[k + 1] ?? '' };
    if (arg.startsWith('--command=')) return { kind: 'script', script: arg.slice(10) };
    if (values.values.has(arg)) k++;
    // Anything else is a tool to put on PATH (`node@20`), not a command.
  }
  return { kind: 'none' };
}

/** A version as nvm reads one: `20`, `v20.11.0`, `lts/*`, `node`, `default`, … */
const NVM_VERSION = /^(v?\d+(\.(\d+|x))*|node|stable|unstable|iojs(-v?\d[\w.]*)?|lts\/\S*|default|system)$/i;

/** `nvm exec [--silent] [version] command …`; `nvm run [--silent] [version] args…` runs node with them. */
function nvmRuns(args: readonly string[]): Step {
  const sub = args[0];
  if (sub !== 'exec' && sub !== 'run') return { kind: 'none' };
  let k = 1;
  while (/^--(silent|lts(=\S*)?)$/.test(args[k] ?? '')) k++;
  if (NVM_VERSION.test(args[k] ?? '')) k++;
  const rest = args.slice(k);
  return { kind: 'commands', commands: [sub === 'run' ? ['node', ...rest] : rest] };
}

/**
 * `trap [--] action signal…`: the action is a command string the shell runs on the
 * signal. `trap -p`/`-l` print, `trap - SIG` and `trap SIG` (one operand, or a number
 * first) reset, `trap '' SIG` ignores.
 */
function trapRuns(args: readonly string[]): Step {
  if (/^-[lp]+$/.test(args[0] ?? '')) return { kind: 'none' };
  const k = args[0] === '--' ? 1 : 0;
  const action = args[k];
  if (action === undefined || args.length - k < 2 || action === '-' || action === '' || /^\d+$/.test(action)) return { kind: 'none' };
  return { kind: 'script', script: action };
}

// ---------------------------------------------------------------------------------------
// What a program runs besides itself: a shell's -c string, a runner's package, a script.

type Found = Invocation | { readonly script: string; readonly dialect?: ShellDialect } | { readonly argv: readonly string[] };

function runs(program: string, args: readonly string[], stdin: string | undefined): Found[] {
  if (SHELLS.has(program)) return shellRuns(args, stdin);
  if (program === 'cmd') {
    const flag = args.findIndex((arg) => /^\/[ck]$/i.test(arg) || /^\/[ck]\S/i.test(arg));
    if (flag === -1) return [];
    const inline = (args[flag] as string).slice(2);
    const script = [inline, ...args.slice(flag + 1)].filter(Boolean).join(' ');
    return [{ script: script.replace(/^"([\s\S]*)"$/, '$1'), dialect: 'cmd' }];
  }
  if (POWERSHELLS.has(program)) return powershellRuns(args);
  if (program === 'npx' || program === 'pnpx' || program === 'bunx') return runnerRuns(program, args, true);
  if (program === 'npm' || program === 'pnpm' || program === 'yarn' || program === 'bun') return managerRuns(program, args);
  const script = interpreterRuns(program, args);
  if (script) return script;
  if (program === 'pipx' && args[0] === 'run') return pythonAppRuns(args.slice(1), ['--spec', '--python', '--index-url', '--pip-args']);
  if (program === 'uvx') return pythonAppRuns(args, ['--from', '--with', '--python', '-p', '--index', '--index-url', '--with-requirements', '--directory']);
  if (program === 'uv' && args[0] === 'tool' && args[1] === 'run') return pythonAppRuns(args.slice(2), ['--from', '--with', '--python', '-p', '--index', '--index-url', '--directory']);
  if (program === 'uv' && args[0] === 'run') return [{ argv: args.slice(afterOptions(args, spec(['--with', '--python', '-p', '--directory', '--project', '--package', '--extra', '--group', '--env-file', '--index']), 1)) }];
  return [];
}

/**
 * `sh -c 'script'`, `sh script-file`, or, with neither, the script on standard input
 * (`echo claude | bash`, `bash <<< claude`, `bash -s arg <<EOF`).
 */
function shellRuns(args: readonly string[], stdin: string | undefined): Found[] {
  const input: Found[] = stdin === undefined ? [] : [{ script: stdin }];
  let fromInput = false;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    // Letters only, one of them c (tested apart: `-[a-zA-Z]*c[a-zA-Z]*` backtracks on a long run of c's).
    const letters = /^-[a-zA-Z]*$/.test(arg);
    if ((letters && arg.includes('c')) || arg === '--command') return [{ script: args[k + 1] ?? '' }];
    if (arg === '-o' || arg === '+o' || arg === '--init-file' || arg === '--rcfile') { k++; continue; }
    if (arg === '-') break; // the words after `-` are the script's arguments
    if (arg === '--') return args[k + 1] === undefined || fromInput ? input : scriptFile(args[k + 1] as string);
    if (letters && arg.includes('s')) fromInput = true; // the words after -s are the script's arguments
    if (!arg.startsWith('-') && !arg.startsWith('+')) {
      if (fromInput) break;
      return scriptFile(arg);
    }
  }
  return input;
}

function powershellRuns(args: readonly string[]): Found[] {
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (/^[-/](c|co|com|comm|comma|comman|command)$/i.test(arg)) {
      return [{ script: args.slice(k + 1).join(' ').replace(/^"([\s\S]*)"$/, '$1'), dialect: 'powershell' }];
    }
    if (/^[-/](e|ec|en|enc|enco|encod|encode|encoded|encodedc\w*)$/i.test(arg)) {
      const script = decodeUtf16Base64(args[k + 1] ?? '');
      return script ? [{ script, dialect: 'powershell' }] : [];
    }
    if (/^[-/](f|file)$/i.test(arg)) return args[k + 1] ? scriptFile(args[k + 1] as string) : [];
    if (/^[-/](executionpolicy|ep|ex|windowstyle|w|workingdirectory|wd|configurationname|config|outputformat|of|o|inputformat|if|version|v|psconsolefile|settingsfile)$/i.test(arg)) { k++; continue; }
    if (arg.startsWith('-') || arg.startsWith('/')) continue;
    // The first bare word: a script file, else a command (Windows PowerShell's default).
    if (/\.ps1$/i.test(arg)) return scriptFile(arg);
    return [{ script: args.slice(k).join(' '), dialect: 'powershell' }];
  }
  return [];
}

function decodeUtf16Base64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length > MAX_PARSE_CHARS) return undefined;
  const binary = atob(text);
  let result = '';
  for (let i = 0; i + 1 < binary.length; i += 2) result += String.fromCharCode(binary.charCodeAt(i) | (binary.charCodeAt(i + 1) << 8));
  return result;
}

/** A script run by path whose name is a tool's command (`sh ~/.local/bin/claude`). */
function scriptFile(path: string): Found[] {
  const program = programName(path);
  if (program === '' || program.includes(DYNAMIC)) return [];
  const pkg = packageFromPath(path);
  return [{ program, ...(pkg ? { package: pkg } : {}) }];
}

/** npx/bunx and `npm exec`: `-p pkg`, `--package=pkg`, `-c 'cmd'`, then the package and its bin. */
function runnerRuns(program: string, args: readonly string[], emitBin: boolean): Found[] {
  const found: Found[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-p' || arg === '--package') {
      const pkg = packageName(args[i + 1] ?? '');
      if (pkg) found.push({ program, package: pkg });
      i++;
      continue;
    }
    if (arg.startsWith('--package=')) {
      const pkg = packageName(arg.slice('--package='.length));
      if (pkg) found.push({ program, package: pkg });
      continue;
    }
    if (arg === '-c' || arg === '--call') {
      found.push({ script: args[i + 1] ?? '' });
      return found;
    }
    if (/^--(cache|userconfig|registry|prefix|loglevel|workspace|node-options|shell|script-shell)$/.test(arg) || arg === '-w') { i++; continue; }
    if (arg === '--' || arg.startsWith('-')) continue;
    const pkg = packageName(arg);
    if (pkg) {
      found.push({ program, package: pkg });
      // Without a package option, a bare name also runs a local or global bin of that name.
      if (emitBin && !pkg.startsWith('@') && !found.some((f) => 'package' in f && f.package !== pkg)) found.push({ program: pkg });
    } else if (/[\\/]/.test(arg)) {
      found.push(...scriptFile(arg));
    }
    return found;
  }
  return found;
}

const MANAGER_VALUE_OPTIONS = spec(['--prefix', '--registry', '--userconfig', '--cache', '--loglevel', '-w', '--workspace', '-C', '--dir', '--filter', '-F', '--reporter', '--cwd', '--config', '--cache-folder', '--modules-folder']);

/** npm/pnpm/yarn/bun with their own options first: `npm --yes exec …`, `pnpm --silent dlx …`. */
function managerRuns(program: string, args: readonly string[]): Found[] {
  const at = afterOptions(args, MANAGER_VALUE_OPTIONS);
  const command = args[at];
  const rest = args.slice(at + 1);
  if (program === 'npm' && (command === 'exec' || command === 'x')) return runnerRuns(program, rest, true);
  if ((program === 'pnpm' || program === 'yarn') && command === 'dlx') return runnerRuns(program, rest, false);
  if (program === 'bun' && command === 'x') return runnerRuns(program, rest, true);
  if ((program === 'pnpm' || program === 'yarn') && command === 'exec') return [{ argv: rest.slice(afterOptions(rest, MANAGER_VALUE_OPTIONS)) }];
  if (program === 'bun') return interpreterRuns(program, args) ?? []; // `bun ./node_modules/.bin/claude`
  return [];
}

/** `pipx run [--spec pkg] app`, `uvx [--from pkg] app`, `uv tool run app`. */
function pythonAppRuns(args: readonly string[], valueOptions: string[]): Found[] {
  const at = afterOptions(args, spec(valueOptions));
  const app = args[at];
  if (!app) return [];
  const cut = app.search(/[@=<>~!]/);
  const name = cut === -1 ? app : app.slice(0, cut);
  return [{ program: programName(name) }];
}
