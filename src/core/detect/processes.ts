import type { ToolDefinition } from '../tools';
import type { Invocation } from './commandLine';
import { matchInvocation } from './commandMatch';
import { interpreterRuns } from './interpreters';
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
export function processInvocations(info: ProcessInfo): Invocation[] {
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
  const matches: ProcessMatch[] = [];
  // Worked out once, not once per process: a machine runs a thousand of them.
  const processNames = new Map(tools.map((tool) => [tool, new Set(tool.processes.map(programName))]));
  for (const info of processes) {
    // A zombie has exited and only waits for its parent to read its status: it runs nothing.
    if (info.zombie === true) continue;
    const invocations = processInvocations(info);
    for (const tool of tools) {
      const names = processNames.get(tool);
      const byProcessName = names !== undefined && invocations.some((inv) => names.has(inv.program));
      const byCommandOrPackage = invocations.some((inv) => matchInvocation([tool], inv).length > 0);
      if (byProcessName || byCommandOrPackage) matches.push({ toolId: tool.id, process: info });
    }
  }
  return matches;
}
