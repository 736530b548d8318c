/**
 * What a program runs besides itself: a shell's `-c` string, script file or input
 * (`bash <(echo claude)`, `echo claude | bash`), cmd's `/c`, PowerShell's `-Command`
 * and `-EncodedCommand`, a package runner's package (`npx`, `npm exec`, `pnpm dlx`, …),
 * an interpreter's script (interpreters.ts) and Python app runners (`pipx run`, `uvx`).
 * Option lists come from wrapperTable.ts.
 */
import { afterOptions } from './argvOptions';
import { interpreterRuns } from './interpreters';
import type { Invocation, ShellDialect } from './invocation';
import { packageFromPath, packageName, programName } from './programNames';
import { DYNAMIC, fileText } from './shellBash';
import { packageWrapper } from './wrappers';
import { RUNNER_OPTIONS } from './wrapperTable';

export type Found =
  | Invocation
  /** A shell string the program runs. */
  | { readonly script: string; readonly dialect?: ShellDialect }
  /** An argument vector it runs. */
  | { readonly argv: readonly string[] }
  /** Something it runs that could not be read, and why. */
  | { readonly incomplete: string };

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox']);
const POWERSHELLS = new Set(['powershell', 'pwsh', 'powershell_ise']);
/** The longest `-EncodedCommand` decoded (as long as one parse). */
const MAX_ENCODED_CHARS = 256 * 1024;

/** What `program` runs with `args` (and `stdin`, the text it reads on its input where the line gives it). */
export function runs(program: string, args: readonly string[], stdin: string | undefined): Found[] {
  if (SHELLS.has(program)) return shellRuns(program, args, stdin);
  if (program === 'source' || program === '.') return sourcedText(args[0]);
  if (program === 'cmd') return cmdRuns(args);
  if (POWERSHELLS.has(program)) return powershellRuns(args);
  if (program === 'npx' || program === 'pnpx' || program === 'bunx') return runnerRuns(program, args, true);
  if (program === 'npm' || program === 'pnpm' || program === 'yarn' || program === 'bun') return managerRuns(program, args);
  const script = interpreterRuns(program, args);
  if (script) return script;
  if (program === 'pipx' && args[0] === 'run') return pythonAppRuns(args.slice(1), RUNNER_OPTIONS.pipxRun);
  if (program === 'uvx') return pythonAppRuns(args, RUNNER_OPTIONS.uvx);
  if (program === 'uv' && args[0] === 'tool' && args[1] === 'run') return pythonAppRuns(args.slice(2), RUNNER_OPTIONS.uvToolRun);
  if (program === 'uv' && args[0] === 'run') return [{ argv: args.slice(afterOptions(args, RUNNER_OPTIONS.uvRun, 1)) }];
  return [];
}

/**
 * `sh -c 'script'`, `sh script-file`, or, with neither, the script on standard input
 * (`echo claude | bash`, `bash <<< claude`, `bash -s arg <<EOF`). fish reads its own
 * syntax; the other shells are read as bash.
 */
function shellRuns(shell: string, args: readonly string[], stdin: string | undefined): Found[] {
  const dialect: ShellDialect = shell === 'fish' ? 'fish' : 'posix';
  const input: Found[] = stdin === undefined ? [] : [{ script: stdin, dialect }];
  let fromInput = false;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    // Letters only, one of them c (tested apart: `-[a-zA-Z]*c[a-zA-Z]*` backtracks on a long run of c's).
    const letters = /^-[a-zA-Z]*$/.test(arg);
    if ((letters && arg.includes('c')) || arg === '--command') return [{ script: args[k + 1] ?? '', dialect }];
    if ((RUNNER_OPTIONS.shell as readonly string[]).includes(arg)) { k++; continue; }
    if (arg === '-') break; // the words after `-` are the script's arguments
    if (arg === '--') return args[k + 1] === undefined || fromInput ? input : scriptFile(args[k + 1] as string, dialect);
    if (letters && arg.includes('s')) fromInput = true; // the words after -s are the script's arguments
    if (!arg.startsWith('-') && !arg.startsWith('+')) {
      if (fromInput) break;
      return scriptFile(arg, dialect);
    }
  }
  return input;
}

/** `cmd /c command` (also `/k`, and `/ccommand` run together). */
function cmdRuns(args: readonly string[]): Found[] {
  const flag = args.findIndex((arg) => /^\/[ck]$/i.test(arg) || /^\/[ck]\S/i.test(arg));
  if (flag === -1) return [];
  const inline = (args[flag] as string).slice(2);
  const script = [inline, ...args.slice(flag + 1)].filter(Boolean).join(' ');
  return [{ script: script.replace(/^"([\s\S]*)"$/, '$1'), dialect: 'cmd' }];
}

function powershellRuns(args: readonly string[]): Found[] {
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (/^[-/](c|co|com|comm|comma|comman|command)$/i.test(arg)) {
      return [{ script: args.slice(k + 1).join(' ').replace(/^"([\s\S]*)"$/, '$1'), dialect: 'powershell' }];
    }
    if (/^[-/](e|ec|en|enc|enco|encod|encode|encoded|encodedc\w*)$/i.test(arg)) return encodedCommand(args[k + 1] ?? '');
    if (/^[-/](f|file)$/i.test(arg)) return args[k + 1] ? scriptFile(args[k + 1] as string, 'powershell') : [];
    if (/^[-/](executionpolicy|ep|ex|windowstyle|w|workingdirectory|wd|configurationname|config|outputformat|of|o|inputformat|if|version|v|psconsolefile|settingsfile)$/i.test(arg)) { k++; continue; }
    if (arg.startsWith('-') || arg.startsWith('/')) continue;
    // The first bare word: a script file, else a command (Windows PowerShell's default).
    if (/\.ps1$/i.test(arg)) return scriptFile(arg, 'powershell');
    return [{ script: args.slice(k).join(' '), dialect: 'powershell' }];
  }
  return [];
}

/** `-EncodedCommand`: base64 of UTF-16LE text. */
function encodedCommand(text: string): Found[] {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return [];
  if (text.length > MAX_ENCODED_CHARS) return [{ incomplete: `an encoded PowerShell command longer than ${MAX_ENCODED_CHARS} characters is not decoded` }];
  const binary = atob(text);
  let script = '';
  for (let i = 0; i + 1 < binary.length; i += 2) script += String.fromCharCode(binary.charCodeAt(i) | (binary.charCodeAt(i + 1) << 8));
  return script ? [{ script, dialect: 'powershell' }] : [];
}

/**
 * A script a shell reads from a file: one named like a tool's command
 * (`sh ~/.local/bin/claude`), or a process substitution whose text the line gives
 * (`bash <(echo claude)`), which is read as a script of its own.
 */
function scriptFile(path: string, dialect: ShellDialect): Found[] {
  const text = fileText(path);
  if (text !== undefined) return [{ script: text, dialect }];
  const program = programName(path);
  if (program === '' || program.includes(DYNAMIC)) return [];
  const pkg = packageFromPath(path);
  return [{ program, ...(pkg ? { package: pkg } : {}) }];
}

/** `source <(echo …)`, `. <(printf …)`: the text the substitution prints runs in this shell. */
function sourcedText(path: string | undefined): Found[] {
  const text = path === undefined ? undefined : fileText(path);
  return text === undefined ? [] : [{ script: text, dialect: 'posix' }];
}

/**
 * npx/bunx and `npm exec`: `-p pkg`, `--package=pkg`, `-c 'cmd'`, then the package and
 * its command. With `-p`, the word after the options is a command on a PATH the packages
 * extend: a package counts only when its own command runs (npm's default bin, named like
 * the package), never for another program run beside it.
 */
function runnerRuns(program: string, args: readonly string[], emitBin: boolean): Found[] {
  const packages: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-p' || arg === '--package' || arg.startsWith('--package=')) {
      const pkg = packageName(arg.startsWith('--package=') ? arg.slice('--package='.length) : args[++i] ?? '');
      if (pkg) packages.push(pkg);
      continue;
    }
    if (arg === '-c' || arg === '--call') return [{ script: args[i + 1] ?? '' }];
    if ((RUNNER_OPTIONS.runner.values as readonly string[]).includes(arg)) { i++; continue; }
    if (arg === '--' || arg.startsWith('-')) continue;
    if (packages.length > 0) {
      const command = programName(arg);
      return [{ argv: args.slice(i) }, ...packages.filter((pkg) => defaultBin(pkg) === command).map((pkg) => ({ program, package: pkg }))];
    }
    const pkg = packageName(arg);
    if (pkg) {
      const wrapper = packageWrapper(pkg);
      if (wrapper) return [{ program, package: pkg }, { argv: [wrapper, ...args.slice(i + 1)] }];
      // A bare name also runs a local or global bin of that name.
      return [{ program, package: pkg }, ...(emitBin && !pkg.startsWith('@') ? [{ program: pkg }] : [])];
    }
    return /[\\/]/.test(arg) ? scriptFile(arg, 'posix') : [];
  }
  return []; // packages and no command: npx opens a shell with them on PATH, and nothing of theirs runs
}

/** The command npm runs for a package when none is named: the one named like the package, without its scope. */
const defaultBin = (pkg: string): string => pkg.replace(/^@[^/]+\//, '');

/** npm/pnpm/yarn/bun with their own options first: `npm --yes exec …`, `pnpm --silent dlx …`. */
function managerRuns(program: string, args: readonly string[]): Found[] {
  const at = afterOptions(args, RUNNER_OPTIONS.manager);
  const command = args[at];
  const rest = args.slice(at + 1);
  if (program === 'npm' && (command === 'exec' || command === 'x')) return runnerRuns(program, rest, true);
  if ((program === 'pnpm' || program === 'yarn') && command === 'dlx') return runnerRuns(program, rest, false);
  if (program === 'bun' && command === 'x') return runnerRuns(program, rest, true);
  if ((program === 'pnpm' || program === 'yarn') && command === 'exec') return [{ argv: rest.slice(afterOptions(rest, RUNNER_OPTIONS.manager)) }];
  if (program === 'bun') return interpreterRuns(program, args) ?? []; // `bun ./node_modules/.bin/claude`
  return [];
}

/** `pipx run [--spec pkg] app`, `uvx [--from pkg] app`, `uv tool run app`. */
function pythonAppRuns(args: readonly string[], options: { readonly values: readonly string[] }): Found[] {
  const app = args[afterOptions(args, options)];
  if (!app) return [];
  const cut = app.search(/[@=<>~!]/);
  return [{ program: programName(cut === -1 ? app : app.slice(0, cut)) }];
}
