/**
 * Finds the programs a shell command line actually runs: through wrappers (sudo, env,
 * nohup, time, command, exec, xargs, nice, timeout), paths and quotes, Windows suffixes,
 * command separators and substitutions, `sh -c` strings, and package runners (npx,
 * npm exec, pnpm dlx, yarn dlx, bunx). Arguments are never mistaken for programs, so
 * `echo claude` or `cat claude-notes.txt` run nothing of interest.
 */

export interface Invocation {
  /** Basename of the program, lower-case, without .exe/.cmd/.bat/.ps1/.com. */
  readonly program: string;
  /** npm package run through a package runner or from a node_modules path. */
  readonly package?: string;
}

type Token = { readonly kind: 'word'; readonly text: string } | { readonly kind: 'break' };

const BREAK: Token = { kind: 'break' };
/** Characters that end a word outside quotes. */
const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '`', '\n', '\r']);
const MAX_LINE = 8192;
const MAX_NESTING = 4;

/** Splits a command line into words and command breaks, following POSIX-ish quoting. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push({ kind: 'word', text: word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end === -1 ? line.length : end;
      word += line.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (ch === '"') {
      inWord = true;
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) i++;
        else if (line[i] === '$' && line[i + 1] === '(') {
          // A substitution inside quotes still runs a command: break out to parse it.
          flush();
          tokens.push(BREAK);
          i++;
          break;
        }
        word += line[i];
      }
    } else if (ch === '\\' && i + 1 < line.length && /[\s'"\\$`;&|()<>]/.test(line[i + 1] as string)) {
      word += line[i + 1];
      inWord = true;
      i++;
    } else if (ch === '$' && line[i + 1] === '(') {
      flush();
      tokens.push(BREAK);
      i++;
    } else if (ch === '&' && inWord && /[<>]$/.test(word)) {
      word += ch; // `2>&1`, `<&3`: a redirection, not a command break
    } else if (OPERATOR_CHARS.has(ch)) {
      flush();
      tokens.push(BREAK);
    } else if (/\s/.test(ch)) {
      flush();
    } else {
      word += ch;
      inWord = true;
    }
  }
  flush();
  return tokens;
}

/** Splits tokens into simple commands (word lists). */
function commands(tokens: readonly Token[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'break') {
      if (current.length > 0) result.push(current);
      current = [];
    } else {
      current.push(token.text);
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

export function programName(word: string): string {
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.toLowerCase().replace(/\.(exe|cmd|bat|ps1|com)$/, '');
}

/** `@scope/name@1.2.3` → `@scope/name`; `name@latest` → `name`; anything else → undefined. */
export function packageName(spec: string): string | undefined {
  const match = /^(@[a-z0-9][a-z0-9._~-]*\/[a-z0-9][a-z0-9._~-]*|[a-z0-9][a-z0-9._~-]*)(@[^\s@/]+)?$/i.exec(spec);
  return match ? (match[1] as string).toLowerCase() : undefined;
}

/** The npm package a path runs from: `…/node_modules/@anthropic-ai/claude-code/cli.js`. */
export function packageFromPath(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] !== 'node_modules') continue;
    const first = parts[i + 1];
    if (!first) return undefined;
    if (first.startsWith('@')) return parts[i + 2] ? `${first}/${parts[i + 2]}`.toLowerCase() : undefined;
    return first.toLowerCase();
  }
  return undefined;
}

const isAssignment = (word: string) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
const isRedirection = (word: string) => /^\d*(>>?|<<?|>&|<&|&>)/.test(word);

/** Options of wrappers that take a separate value (`sudo -u root`, `nice -n 5`). */
const WRAPPER_VALUE_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  sudo: new Set(['-u', '-g', '-U', '-C', '-D', '-r', '-t', '-p', '-h', '--user', '--group', '--chdir']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
  nice: new Set(['-n', '--adjustment']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
  exec: new Set(['-a']),
  xargs: new Set(['-I', '-n', '-P', '-L', '-d', '-s', '-E', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file']),
  time: new Set(['-f', '-o', '--format', '--output']),
  stdbuf: new Set(['-i', '-o', '-e']),
  nohup: new Set(),
  command: new Set(),
  builtin: new Set(),
  caffeinate: new Set(['-t', '-w']),
  call: new Set(),
};
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);
const POWERSHELLS = new Set(['powershell', 'pwsh']);

/** Everything one simple command runs (a wrapper's program, a shell's -c string, …). */
function invocationsOf(words: readonly string[], depth: number, out: Invocation[]): void {
  let i = 0;
  while (i < words.length && (isAssignment(words[i] as string) || isRedirection(words[i] as string))) i++;
  while (i < words.length) {
    const word = words[i] as string;
    const name = programName(word);
    const valueOptions = WRAPPER_VALUE_OPTIONS[name];
    if (valueOptions) {
      // `command -v x` and `command -V x` only look a program up.
      if (name === 'command' && (words[i + 1] === '-v' || words[i + 1] === '-V')) return;
      i++;
      if (name === 'timeout') {
        while (i < words.length && (words[i] as string).startsWith('-')) i += valueOptions.has(words[i] as string) ? 2 : 1;
        i++; // the duration
        continue;
      }
      while (i < words.length) {
        const next = words[i] as string;
        if (next === '--') { i++; break; }
        // env and sudo take VAR=value settings before the command.
        if ((name === 'env' || name === 'sudo') && isAssignment(next)) { i++; continue; }
        if (!next.startsWith('-') || next === '-') break;
        i += valueOptions.has(next) ? 2 : 1;
      }
      continue;
    }
    out.push({ program: name, ...(packageFromPath(word) ? { package: packageFromPath(word) as string } : {}) });
    const args = words.slice(i + 1);
    runnerPackages(name, args, out);
    scriptArgument(name, args, out);
    nestedCommand(name, args, depth, out);
    return;
  }
}

/** `npx -y @scope/pkg@1 …`, `npm exec -- pkg`, `pnpm dlx pkg`, `yarn dlx pkg`, `bunx pkg`, `bun x pkg`. */
function runnerPackages(program: string, args: readonly string[], out: Invocation[]): void {
  let rest: readonly string[] | undefined;
  if (program === 'npx' || program === 'bunx' || program === 'pnpx') rest = args;
  else if (program === 'npm' && (args[0] === 'exec' || args[0] === 'x')) rest = args.slice(1);
  else if ((program === 'pnpm' || program === 'yarn') && args[0] === 'dlx') rest = args.slice(1);
  else if (program === 'bun' && args[0] === 'x') rest = args.slice(1);
  if (!rest) return;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '-p' || arg === '--package') {
      const spec = packageName(rest[i + 1] ?? '');
      if (spec) out.push({ program, package: spec });
      i++;
      continue;
    }
    if (arg.startsWith('--package=')) {
      const spec = packageName(arg.slice('--package='.length));
      if (spec) out.push({ program, package: spec });
      continue;
    }
    if (arg === '-c' || arg === '--call') {
      const script = rest[i + 1];
      if (script) for (const found of programsInCommandLine(script)) out.push(found);
      return;
    }
    if (arg === '--') continue;
    if (arg.startsWith('-')) continue;
    const spec = packageName(arg);
    if (spec) out.push({ program, package: spec });
    return;
  }
}

/** `node …/node_modules/@anthropic-ai/claude-code/cli.js`, `python -m aider`. */
function scriptArgument(program: string, args: readonly string[], out: Invocation[]): void {
  if (program === 'node' || program === 'bun' || program === 'deno' || program === 'tsx') {
    const script = args.find((arg) => !arg.startsWith('-'));
    const pkg = script ? packageFromPath(script) : undefined;
    if (pkg) out.push({ program, package: pkg });
  }
  if (/^python(\d+(\.\d+)?)?$/.test(program) || program === 'py') {
    const flag = args.indexOf('-m');
    const module = flag >= 0 ? args[flag + 1] : undefined;
    if (module) out.push({ program: programName(module) });
  }
}

/** `bash -c "claude -p hi"`, `cmd /c claude`, `pwsh -Command "& claude"`. */
function nestedCommand(program: string, args: readonly string[], depth: number, out: Invocation[]): void {
  if (depth >= MAX_NESTING) return;
  let script: string | undefined;
  if (SHELLS.has(program)) {
    const flag = args.findIndex((arg) => /^-[a-z]*c[a-z]*$/.test(arg));
    if (flag >= 0) script = args[flag + 1];
  } else if (program === 'cmd') {
    const flag = args.findIndex((arg) => /^\/[ck]$/i.test(arg));
    if (flag >= 0) script = args.slice(flag + 1).join(' ');
  } else if (POWERSHELLS.has(program)) {
    const flag = args.findIndex((arg) => /^-(c|command)$/i.test(arg));
    if (flag >= 0) script = args.slice(flag + 1).join(' ');
  }
  if (script) collect(script, depth + 1, out);
}

function collect(line: string, depth: number, out: Invocation[]): void {
  for (const words of commands(tokenize(line.slice(0, MAX_LINE)))) invocationsOf(words, depth, out);
}

/** Every program (and package) a command line runs. Never throws. */
export function programsInCommandLine(line: string): Invocation[] {
  const out: Invocation[] = [];
  collect(line, 0, out);
  return out;
}

/** Every program (and package) an argument vector runs, as the OS would start it. Never throws. */
export function programsInArgv(argv: readonly string[]): Invocation[] {
  const out: Invocation[] = [];
  invocationsOf(argv, 0, out);
  return out;
}
