import type { ToolDefinition } from '../tools';
import type { Invocation } from './invocation';
import { interpreterRuns } from './interpreters';
import { matcherIndex } from './matcherIndex';
import { packageFromPath, programName } from './programNames';
import type { ProcessInfo } from './processTree';

export interface ProcessMatch {
  readonly toolId: string;
  readonly process: ProcessInfo;
}

/**
 * A native install keeps each version under the command's name:
 * `~/.local/share/claude/versions/2.1.330`. Run by that path, the process name is the
 * version string, so the folder names the tool.
 */
const VERSIONED_INSTALL = /[\\/]share[\\/]([^\\/]+)[\\/]versions[\\/][^\\/]+(?:[\\/][^\\/]*)?$/i;

/** What one process runs, as invocations: its name, argv[0], an interpreter's script, a package path, a native install. */
function processInvocations(info: ProcessInfo): Invocation[] {
  const invocations: Invocation[] = [];
  const argv0 = info.argv[0] ?? '';
  const names = new Set([programName(info.name), ...(argv0 ? [programName(argv0)] : [])]);
  for (const name of names) {
    if (name === '') continue;
    invocations.push({ program: name });
    // `node /path/to/bin/claude`, `python -m aider`: the interpreter's own name says nothing.
    invocations.push(...(interpreterRuns(name, info.argv.slice(1)) ?? []));
  }
  for (const arg of info.argv.slice(0, 3)) {
    const pkg = packageFromPath(arg);
    if (pkg) invocations.push({ program: programName(arg), package: pkg });
  }
  const install = VERSIONED_INSTALL.exec(argv0);
  if (install) invocations.push({ program: programName(install[1] as string) });
  return invocations;
}

/**
 * Tools running as processes: by process name or argv[0] (against the tool's process and
 * command names), by the script an interpreter runs (`node …/bin/claude`,
 * `node …/@anthropic-ai/claude-code/cli.js`), or by a native install's versioned path.
 */
export function matchProcesses(tools: readonly ToolDefinition[], processes: readonly ProcessInfo[]): ProcessMatch[] {
  const index = matcherIndex(tools);
  const matches: ProcessMatch[] = [];
  for (const info of processes) {
    // A zombie has exited and only waits for its parent to read its status: it runs nothing.
    if (info.zombie === true) continue;
    const found = new Set<ToolDefinition>();
    for (const invocation of processInvocations(info)) {
      for (const tool of index.processTools(invocation.program)) found.add(tool);
      for (const { tool } of index.invocationTools(invocation.program, invocation.package)) found.add(tool);
    }
    for (const tool of index.inSetOrder(found)) matches.push({ toolId: tool.id, process: info });
  }
  return matches;
}
