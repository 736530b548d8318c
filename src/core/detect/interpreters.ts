/**
 * Interpreters running a tool's script: `node …/bin/claude`, `node --max-old-space-size
 * 4096 …/@anthropic-ai/claude-code/cli.js`, `bun …`, `deno run npm:…`, `python -m aider`,
 * `python ~/.local/bin/aider`. Shared by typed command lines and process arguments.
 */
import type { Invocation } from './invocation';
import { packageFromPath, packageName, programName } from './programNames';

/** Node's options that take the next word as their value (`-r dotenv/config`). The osquery export reads them too. */
export const NODE_VALUE_OPTIONS: readonly string[] = [
  '-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--inspect-port', '--debug-port',
  '--title', '--env-file', '--max-old-space-size', '--max-semi-space-size', '--stack-size', '--input-type', '--cpu-prof-dir',
  '--cpu-prof-name', '--heap-prof-dir', '--heapsnapshot-signal', '--redirect-warnings', '--openssl-config', '--icu-data-dir',
  '--diagnostic-dir', '--report-dir', '--report-directory', '--report-filename', '--tls-cipher-list', '--unhandled-rejections',
  '--dns-result-order', '--watch-path', '--disable-warning', '--secure-heap', '--secure-heap-min', '--experimental-config-file',
  '--tsconfig', '--tsconfig-path', '--project', '-P', '--compiler', '-O', '--compiler-options',
];
const NODE_VALUE_OPTION_SET = new Set(NODE_VALUE_OPTIONS);
/** Node's options after which no script file runs: code given inline, or a version or help printed. */
export const NODE_NO_SCRIPT_OPTIONS: readonly string[] = ['-e', '--eval', '-p', '--print', '-v', '--version', '-h', '--help', '-c', '--check'];
const NODE_NO_SCRIPT_SET = new Set(NODE_NO_SCRIPT_OPTIONS);
/** Python's options that take the next word as their value. */
export const PYTHON_VALUE_OPTIONS: readonly string[] = ['-W', '-X', '--check-hash-based-pycs'];
/** Deno's options that take the next word as their value. */
export const DENO_VALUE_OPTIONS: readonly string[] = ['--config', '--import-map', '--lock', '--cert', '--location', '--seed', '--v8-flags', '--env-file', '--inspect-brk', '--reload', '-c', '-r'];
const NODES = new Set(['node', 'nodejs', 'tsx', 'ts-node']);
const PYTHON = /^(python(\d+(\.\d+)*)?w?|py|pypy3?)$/;
/** `bun <subcommand>` runs no script of the command's name. */
export const BUN_SUBCOMMANDS: readonly string[] = ['run', 'install', 'i', 'add', 'a', 'remove', 'rm', 'update', 'upgrade', 'link', 'unlink', 'pm', 'init', 'create', 'c', 'build', 'test', 'publish', 'outdated', 'patch', 'audit', 'info', 'repl', 'exec', 'why', 'whoami', 'help', 'x'];
const BUN_SUBCOMMAND_SET = new Set(BUN_SUBCOMMANDS);

/** What an interpreter runs besides itself; undefined when `program` is no interpreter. */
export function interpreterRuns(program: string, args: readonly string[]): Invocation[] | undefined {
  if (NODES.has(program)) return nodeRuns(program, args);
  if (PYTHON.test(program)) return pythonRuns(program, args);
  if (program === 'deno') return denoRuns(args);
  if (program === 'bun') {
    const first = args.findIndex((arg) => !arg.startsWith('-'));
    const script = args[first];
    return script !== undefined && !BUN_SUBCOMMAND_SET.has(script) ? scriptInvocations(program, script) : [];
  }
  return undefined;
}

/** `node [options] script …`: the script's package path, or its name when it is a tool's bin. */
function nodeRuns(program: string, args: readonly string[]): Invocation[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    // -e/-p evaluate code given inline, --version/--help print and exit: no script file runs.
    if (NODE_NO_SCRIPT_SET.has(arg) || /^--(eval|print)=/.test(arg)) return [];
    if (arg === '--') return args[i + 1] ? scriptInvocations(program, args[i + 1] as string) : [];
    if (arg.startsWith('-')) {
      if (!arg.includes('=') && NODE_VALUE_OPTION_SET.has(arg)) i++;
      continue;
    }
    return scriptInvocations(program, arg);
  }
  return [];
}

/** A script's package (from a node_modules path) and, for a bin without an extension, its name. */
function scriptInvocations(program: string, script: string): Invocation[] {
  const pkg = packageFromPath(script);
  const name = programName(script);
  const found: Invocation[] = [];
  if (pkg) found.push({ program, package: pkg });
  // A bin script keeps its command's name (`…/bin/claude`, `~/.local/bin/gemini`); `claude.js` does not.
  if (name !== '' && !name.includes('\u0000') && !name.includes('.')) found.push({ program: name });
  return found;
}

function pythonRuns(program: string, args: readonly string[]): Invocation[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-c') return [];
    if (arg === '-m') return args[i + 1] ? [{ program: programName((args[i + 1] as string).split('.')[0] as string) }] : [];
    if (/^-m\S/.test(arg)) return [{ program: programName(arg.slice(2).split('.')[0] as string) }];
    if (PYTHON_VALUE_OPTIONS.includes(arg)) { i++; continue; }
    if (arg.startsWith('-')) continue;
    return scriptInvocations(program, arg).filter((found) => !found.package);
  }
  return [];
}

function denoRuns(args: readonly string[]): Invocation[] {
  const run = args[0] === 'run' || args[0] === 'x' ? 1 : 0;
  for (let i = run; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') continue;
    if (arg.startsWith('-')) {
      if (DENO_VALUE_OPTIONS.includes(arg)) i++;
      continue;
    }
    if (arg.startsWith('npm:')) {
      const pkg = packageName(arg);
      return pkg ? [{ program: 'deno', package: pkg }] : [];
    }
    // `file:///usr/local/bin/claude` is a local script; any other scheme (`jsr:@std/claude`, a
    // JSR package; `https://…/claude`, a remote module) names no npm package and no installed bin.
    if (/^file:\/\//i.test(arg)) return scriptInvocations('deno', decodeURIComponent(arg.replace(/^file:\/\/(localhost)?/i, '')));
    if (/^[a-z][a-z0-9+.-]+:/i.test(arg)) return [];
    return run === 1 || /[\\/.]/.test(arg) ? scriptInvocations('deno', arg) : [];
  }
  return [];
}
