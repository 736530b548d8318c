/**
 * Wrappers: programs that run the command in their arguments (`sudo -u bob claude`,
 * `op run -- claude`, `find . -exec claude {} \;`). Each is read with its own options
 * from wrapperTable.ts; the few whose grammar the table cannot say have a named reader
 * here. A wrapper yields a step: where its command starts, the commands or shell strings
 * it runs, or nothing (a form that only prints, lists or edits).
 */
import { afterOptions, isAssignment, readOptions, type OptionSpec, type ReadOptions } from './argvOptions';
import type { ShellDialect } from './invocation';
import { PACKAGE_WRAPPERS, WRAPPER_OPTIONS, WRAPPERS, type WrapperEntry } from './wrapperTable';

type Step =
  /** The command is the word `skip` words on; it is read in turn (it may be a wrapper too). */
  | { readonly kind: 'skip'; readonly skip: number }
  /** This form runs nothing of interest. */
  | { readonly kind: 'none' }
  /** Shell strings the wrapper runs (`sh -c`-like), in `dialect` (default: bash). */
  | { readonly kind: 'scripts'; readonly scripts: readonly string[]; readonly dialect?: ShellDialect }
  /** Argument vectors the wrapper runs. */
  | { readonly kind: 'commands'; readonly commands: readonly (readonly string[])[] }
  /** The wrapper runs each line of its standard input as a command (`… | parallel`). */
  | { readonly kind: 'input' };

const NONE: Step = { kind: 'none' };
const script = (text: string, dialect?: ShellDialect): Step => ({ kind: 'scripts', scripts: [text], ...(dialect ? { dialect } : {}) });

/** How the wrapper `name` reads `args`, or undefined when `name` is no wrapper. */
export function unwrap(name: string, args: readonly string[]): Step | undefined {
  const entry = WRAPPERS[name];
  if (entry) return readWrapper(entry, args);
  const reader = READERS[name];
  return reader ? reader(args) : undefined;
}

/** A table entry: global options, the subcommand, options, operands, then the command. */
function readWrapper(entry: WrapperEntry, args: readonly string[]): Step {
  let from = 0;
  if (entry.subcommands) {
    const globals = readOptions(args, entry.globals ?? {});
    if (isInert(entry, globals)) return NONE;
    if (!entry.subcommands.includes(args[globals.at] ?? '')) return NONE;
    from = globals.at + 1;
  }
  let options = readOptions(args, entry, from);
  const given = [...options.given];
  const values = new Map(options.values);
  let at = options.at;
  for (let operand = 0; operand < (entry.operands ?? 0) && at < args.length; operand++) {
    at++;
    if (entry.interspersed && !options.ended) {
      options = readOptions(args, entry, at);
      given.push(...options.given);
      for (const [key, value] of options.values) values.set(key, value);
      at = options.at;
    }
  }
  if (isInert(entry, { given })) return NONE;
  for (const option of entry.scriptOptions ?? []) {
    const value = values.get(option);
    if (value !== undefined) return script(value);
  }
  if (entry.command === 'none' || at >= args.length) return NONE;
  if (!options.ended && entry.reserved?.includes(args[at] as string)) return NONE;
  if (entry.command === 'joined') return script(args.slice(at).join(' '));
  return { kind: 'skip', skip: at };
}

function isInert(entry: { readonly inert?: readonly string[] | RegExp }, options: Pick<ReadOptions, 'given'>): boolean {
  const { inert } = entry;
  if (!inert) return false;
  return options.given.some((option) => (inert instanceof RegExp ? inert.test(option) : inert.includes(option)));
}

type Reader = (args: readonly string[]) => Step;

/** Wrappers whose reading needs more than the table says. */
const READERS: Readonly<Record<string, Reader>> = {
  env: envRuns,
  watch: watchRuns,
  su: (args) => suRuns('su', args),
  runuser: (args) => suRuns('runuser', args),
  chrt: chrtRuns,
  flock: flockRuns,
  gdb: gdbRuns,
  mise: miseRuns,
  rtx: miseRuns,
  nvm: nvmRuns,
  corepack: corepackRuns,
  'nix-shell': nixShellRuns,
  nix: nixRuns,
  trap: trapRuns,
  coproc: coprocRuns,
  wsl: wslRuns,
  find: findRuns,
  fd: fdRuns,
  fdfind: fdRuns,
  parallel: parallelRuns,
  entr: entrRuns,
  watchexec: watchexecRuns,
  dotenv: dotenvRuns,
  concurrently: concurrentlyRuns,
  'start-process': startProcessRuns,
  saps: startProcessRuns,
  start: startProcessRuns,
  'invoke-expression': invokeExpressionRuns,
  iex: invokeExpressionRuns,
  'invoke-command': () => NONE, // its script block was read as a block already
  icm: () => NONE,
};

/** `env [-i] [-u VAR] [VAR=value…] command`, or `env -S 'command args'` (a string split into words). */
function envRuns(args: readonly string[]): Step {
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '-S' || arg === '--split-string') return script([args[k + 1] ?? '', ...args.slice(k + 2)].join(' '));
    if (arg.startsWith('--split-string=')) return script([arg.slice(15), ...args.slice(k + 1)].join(' '));
    if (/^-[iv0]*S./.test(arg)) return script([arg.slice(arg.indexOf('S') + 1), ...args.slice(k + 1)].join(' '));
    if (!arg.startsWith('-') && !isAssignment(arg)) break;
  }
  return { kind: 'skip', skip: afterOptions(args, WRAPPER_OPTIONS.env) };
}

/** `watch [-n s] 'command'` runs its words joined, through `sh -c`; `watch -x command …` runs them as they are. */
function watchRuns(args: readonly string[]): Step {
  const options = readOptions(args, WRAPPER_OPTIONS.watch);
  if (options.given.some((option) => option === '-x' || option === '--exec')) return { kind: 'skip', skip: options.at };
  return script(args.slice(options.at).join(' '));
}

/**
 * `su [options] [-] [user [shell arguments]]`: `-c`/`--command` (also after the user) is a
 * shell string. `runuser -u user [--] command …` runs the command itself; without -u it
 * reads like su.
 */
function suRuns(name: 'su' | 'runuser', args: readonly string[]): Step {
  const values = new Set<string>(WRAPPER_OPTIONS.su.values);
  let asUser = false;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') return asUser ? { kind: 'skip', skip: k + 1 } : NONE;
    const long = /^(--[\w-]+)(=([\s\S]*))?$/.exec(arg);
    if (long) {
      const value = long[2] !== undefined ? long[3] as string : args[k + 1] ?? '';
      if (long[1] === '--command' || long[1] === '--session-command') return script(value);
      if (name === 'runuser' && long[1] === '--user') asUser = true;
      if (long[2] === undefined && values.has(long[1] as string)) k++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      // Grouped short options; one that takes a value takes the rest of the word, or the next word.
      for (let c = 1; c < arg.length; c++) {
        const option = `-${arg[c] as string}`;
        if (!values.has(option)) continue;
        const value = c < arg.length - 1 ? arg.slice(c + 1) : args[++k] ?? '';
        if (option === '-c') return script(value);
        if (name === 'runuser' && option === '-u') asUser = true;
        break;
      }
      continue;
    }
    if (asUser && arg !== '-') return { kind: 'skip', skip: k }; // runuser -u bob claude
    // su's user name (or `-`): options may still follow.
  }
  return NONE;
}

/** `chrt [-f|-r|-o|…] [priority] command …`; -p changes a running process, -m prints limits. */
function chrtRuns(args: readonly string[]): Step {
  const options = readOptions(args, WRAPPER_OPTIONS.chrt);
  if (options.given.some((option) => /^(-p|--pid|-m|--max)$/.test(option))) return NONE;
  return { kind: 'skip', skip: options.at + (/^\d+$/.test(args[options.at] ?? '') ? 1 : 0) };
}

/** `flock [options] file command …` or `flock [options] file -c 'command'`; `flock [options] fd` locks only. */
function flockRuns(args: readonly string[]): Step {
  const at = afterOptions(args, WRAPPER_OPTIONS.flock);
  const next = args[at + 1];
  if (next === '-c' || next === '--command') return script(args[at + 2] ?? '');
  if (next?.startsWith('--command=')) return script(next.slice(10));
  return { kind: 'skip', skip: at + 1 };
}

/**
 * `gdb [options] --args program args…` runs the program under the debugger, as does
 * `gdb [options] program`; with a core file or a pid (`gdb program core`, `-p pid`) it
 * looks at one that already ran or runs.
 */
function gdbRuns(args: readonly string[]): Step {
  const values = new Set<string>(WRAPPER_OPTIONS.gdb.values);
  const positional: number[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    const dashed = arg.replace(/^--(?=\w)/, '-');
    const option = dashed.includes('=') ? dashed.slice(0, dashed.indexOf('=')) : dashed;
    if (option === '-args') return { kind: 'skip', skip: k + 1 };
    if (/^-(p|pid|c|core)$/.test(option)) return NONE;
    if (arg.startsWith('-')) {
      if (!arg.includes('=') && values.has(option)) k++;
      continue;
    }
    positional.push(k);
  }
  return positional.length === 1 ? { kind: 'commands', commands: [[args[positional[0] as number] as string]] } : NONE;
}

/** `mise exec|x [--jobs n] [tool@version…] -- command …`, or `-c 'command'` (a shell string). */
function miseRuns(args: readonly string[]): Step {
  const options: OptionSpec = WRAPPER_OPTIONS.mise;
  const at = afterOptions(args, options);
  if (args[at] !== 'exec' && args[at] !== 'x') return NONE;
  for (let k = at + 1; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') return { kind: 'skip', skip: k + 1 };
    if (arg === '-c' || arg === '--command') return script(args[k + 1] ?? '');
    if (arg.startsWith('--command=')) return script(arg.slice(10));
    if (options.values?.includes(arg)) k++;
    // Anything else is a tool to put on PATH (`node@20`), not a command.
  }
  return NONE;
}

/** A version as nvm reads one: `20`, `v20.11.0`, `lts/*`, `node`, `default`, … */
const NVM_VERSION = /^(v?\d+(\.(\d+|x))*|node|stable|unstable|iojs(-v?\d[\w.]*)?|lts\/\S*|default|system)$/i;

/** `nvm exec [--silent] [version] command …`; `nvm run [--silent] [version] args…` runs node with them. */
function nvmRuns(args: readonly string[]): Step {
  const sub = args[0];
  if (sub !== 'exec' && sub !== 'run') return NONE;
  let k = 1;
  while (/^--(silent|lts(=\S*)?)$/.test(args[k] ?? '')) k++;
  if (NVM_VERSION.test(args[k] ?? '')) k++;
  const rest = args.slice(k);
  return { kind: 'commands', commands: [sub === 'run' ? ['node', ...rest] : rest] };
}

/** `corepack pnpm@9 dlx …` runs that package manager; `corepack enable`, `use`, … manage them. */
function corepackRuns(args: readonly string[]): Step {
  const at = afterOptions(args, {});
  const word = args[at] ?? '';
  const manager = word.includes('@') ? word.slice(0, word.indexOf('@')) : word;
  if (!/^(npm|npx|pnpm|pnpx|yarn|yarnpkg)$/.test(manager)) return NONE;
  return { kind: 'commands', commands: [[manager, ...args.slice(at + 1)]] };
}

/** `nix-shell -p pkgs --run 'command'` (or --command): the command is a shell string. */
function nixShellRuns(args: readonly string[]): Step {
  const at = args.findIndex((arg) => arg === '--run' || arg === '--command');
  return at === -1 ? NONE : script(args[at + 1] ?? '');
}

/** `nix shell|develop installables… --command program args…` (also -c): an argument vector. */
function nixRuns(args: readonly string[]): Step {
  if (args[0] !== 'shell' && args[0] !== 'develop') return NONE;
  const at = args.findIndex((arg) => arg === '--command' || arg === '-c');
  return at === -1 ? NONE : { kind: 'skip', skip: at + 1 };
}

/**
 * `trap [--] action signal…`: the action is a command string the shell runs on the
 * signal. `trap -p`/`-l` print, `trap - SIG` and `trap SIG` (one operand, or a number
 * first) reset, `trap '' SIG` ignores.
 */
function trapRuns(args: readonly string[]): Step {
  if (/^-[lp]+$/.test(args[0] ?? '')) return NONE;
  const k = args[0] === '--' ? 1 : 0;
  const action = args[k];
  if (action === undefined || args.length - k < 2 || action === '-' || action === '' || /^\d+$/.test(action)) return NONE;
  return script(action);
}

/** `coproc command …`, `coproc { …; }`, `coproc NAME { …; }`: the grammar leaves the brace as a word. */
function coprocRuns(args: readonly string[]): Step {
  if (args[0] === '{') return { kind: 'skip', skip: 1 };
  if (args[1] === '{' && /^[A-Za-z_]\w*$/.test(args[0] ?? '')) return { kind: 'skip', skip: 2 };
  return { kind: 'skip', skip: 0 };
}

/** `wsl [-d distro] [-u user] command line`, `wsl -e program args`; `wsl --list` and the like manage WSL. */
function wslRuns(args: readonly string[]): Step {
  const at = afterOptions(args, WRAPPER_OPTIONS.wsl);
  const before = args.slice(0, at);
  const execAt = args.findIndex((arg) => arg === '-e' || arg === '--exec');
  if (execAt !== -1 && execAt < at) return { kind: 'skip', skip: execAt + 1 };
  if (before.some((arg) => /^--(install|list|shutdown|terminate|set-|export|import|unregister|update|status|help|version|mount|unmount)/.test(arg) || /^-l$/.test(arg))) return NONE;
  return script(args.slice(at).join(' '));
}

/** `find … -exec command {} ;` (also -execdir, -ok, -okdir; `+` ends one too). */
function findRuns(args: readonly string[]): Step {
  const commands: string[][] = [];
  for (let k = 0; k < args.length; k++) {
    if (/^-(exec|execdir|ok|okdir)$/.test(args[k] as string)) {
      const end = args.findIndex((arg, j) => j > k && (arg === ';' || arg === '+'));
      commands.push(args.slice(k + 1, end === -1 ? undefined : end) as string[]);
      if (end === -1) break;
      k = end;
    }
  }
  return { kind: 'commands', commands };
}

/**
 * `fd [options] [pattern] [path…] -x command …` (`--exec`, `-X`/`--exec-batch`): every
 * word after it up to `;` is the command, which fd runs for each result.
 */
function fdRuns(args: readonly string[]): Step {
  const { values, exec } = WRAPPER_OPTIONS.fd;
  const takesValue = new Set<string>(values);
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') break; // what follows is patterns and paths
    let command = -1;
    if ((exec as readonly string[]).includes(arg)) command = k + 1;
    else if (/^--(exec|exec-batch)=/.test(arg)) return commandUntil([arg.slice(arg.indexOf('=') + 1), ...args.slice(k + 1)], 0);
    else if (/^-[^-]/.test(arg)) {
      // A group of short flags: `-Hx cmd` runs cmd; `-tx` is the type "x" (-t takes a value).
      for (let c = 1; c < arg.length; c++) {
        const option = `-${arg[c] as string}`;
        if (option === '-x' || option === '-X') {
          if (c === arg.length - 1) command = k + 1;
          else return commandUntil([arg.slice(c + 1), ...args.slice(k + 1)], 0);
          break;
        }
        if (takesValue.has(option)) {
          if (c === arg.length - 1) k++;
          break;
        }
      }
    } else if (takesValue.has(arg)) k++;
    if (command !== -1) return commandUntil(args, command);
  }
  return NONE;
}

/** The words from `at` up to a `;` word: one argument vector. */
function commandUntil(args: readonly string[], at: number): Step {
  const end = args.indexOf(';', at);
  return { kind: 'commands', commands: [args.slice(at, end === -1 ? undefined : end)] };
}

/**
 * GNU parallel: `parallel [options] command [args] ::: arguments…`. The command's words,
 * joined, run through the shell; with none, each line of its input is a command (`printf
 * 'claude\n' | parallel`): the reader gives the shell that input, where the line says it.
 */
function parallelRuns(args: readonly string[]): Step {
  const spec = WRAPPER_OPTIONS.parallel;
  const options = readOptions(args, spec);
  if (isInert(spec, options)) return NONE;
  const words: string[] = [];
  for (let k = options.at; k < args.length && !spec.argumentSeparators.test(args[k] as string); k++) words.push(args[k] as string);
  return words.length > 0 ? script(words.join(' ')) : { kind: 'input' };
}

/** `entr [-acdnprsz] utility [args]`; with -s the first argument is a shell string. */
function entrRuns(args: readonly string[]): Step {
  const options = readOptions(args, {});
  if (options.at >= args.length) return NONE;
  if (options.given.includes('-s')) return script(args[options.at] as string);
  return { kind: 'skip', skip: options.at };
}

/**
 * `watchexec [options] [--] command…`: one word is a shell string; several are the words
 * of one command (quoted for the shell); with `-n` or `--shell=none`, an argument vector.
 */
function watchexecRuns(args: readonly string[]): Step {
  const spec = WRAPPER_OPTIONS.watchexec;
  const options = readOptions(args, spec);
  if (isInert(spec, options) || options.at >= args.length) return NONE;
  const direct = options.given.includes('-n') || options.values.get('--shell') === 'none';
  if (!direct && options.at === args.length - 1) return script(args[options.at] as string);
  return { kind: 'skip', skip: options.at };
}

/**
 * dotenv-cli (`dotenv [-e file] [-v VAR=value] [-c [env]] [--] command …`) reads its words
 * with minimist: any option takes the next word as its value unless that starts with
 * `-`, and the command is the first word that is neither; `-p VAR` and `--debug` print
 * and run nothing. python-dotenv's `dotenv [-f file] run command …` reads like a wrapper.
 */
function dotenvRuns(args: readonly string[]): Step {
  const { flags, inert } = WRAPPER_OPTIONS.dotenv;
  const given: string[] = [];
  let k = 0;
  for (; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') { k++; break; }
    if (!arg.startsWith('-') || arg === '-') break;
    const long = arg.startsWith('--');
    const name = long ? (arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg) : `-${arg.slice(-1)}`;
    given.push(...(long ? [name] : [...arg.slice(1)].map((c) => `-${c}`)));
    const next = args[k + 1];
    const isFlag = arg.includes('=') || (flags as readonly string[]).includes(name) || name.startsWith('--no-');
    if (!isFlag && next !== undefined && !next.startsWith('-')) k++; // the option's value
  }
  if (given.some((option) => (inert as readonly string[]).includes(option))) return NONE;
  // python-dotenv: `dotenv [-f file] run [--override] command …`
  if (args[k] === 'run') return { kind: 'skip', skip: afterOptions(args, {}, k + 1) };
  return k < args.length ? { kind: 'skip', skip: k } : NONE;
}

/**
 * `concurrently [options] "command" "command" …`: every word that is no option (nor an
 * option's value) is a shell string it runs, and so is each `--teardown` value.
 * `npm:script`-style shortcuts name package scripts, which are not read.
 */
function concurrentlyRuns(args: readonly string[]): Step {
  const spec = WRAPPER_OPTIONS.concurrently;
  const takesValue = new Set<string>(spec.values);
  const scripts: string[] = [];
  const given: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') { scripts.push(...args.slice(k + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { scripts.push(arg); continue; }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    given.push(name);
    const value = eq !== -1 ? arg.slice(eq + 1) : takesValue.has(name) ? args[++k] : undefined;
    if (value !== undefined && (spec.scripts as readonly string[]).includes(name)) scripts.push(value);
  }
  if (given.some((option) => (spec.inert as readonly string[]).includes(option))) return NONE;
  return { kind: 'scripts', scripts };
}

/** PowerShell's Start-Process (`-FilePath x -ArgumentList …`); cmd's `start` is read by its splitter. */
function startProcessRuns(args: readonly string[]): Step {
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
  return program ? { kind: 'commands', commands: [[program, ...rest]] } : NONE;
}

function invokeExpressionRuns(args: readonly string[]): Step {
  return script(args.filter((arg) => !/^-command$/i.test(arg)).join(' '), 'powershell');
}

/** The command a package runner's package starts, when that package is a wrapper (`npx concurrently "claude"`). */
export function packageWrapper(pkg: string): string | undefined {
  return PACKAGE_WRAPPERS[pkg];
}
