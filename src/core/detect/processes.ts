import type { ToolDefinition } from '../tools';
import { packageFromPath, programName } from './programNames';
import type { ProcessInfo } from './processTree';

export interface ProcessMatch {
  readonly toolId: string;
  readonly process: ProcessInfo;
}

/**
 * Tools running as processes: by process name or argv[0] (against the tool's process and
 * command names), or by an npm package path in the first arguments
 * (`node …/@anthropic-ai/claude-code/cli.js`).
 */
export function matchProcesses(tools: readonly ToolDefinition[], processes: readonly ProcessInfo[]): ProcessMatch[] {
  const matches: ProcessMatch[] = [];
  for (const info of processes) {
    const names = new Set([programName(info.name), ...(info.argv[0] ? [programName(info.argv[0])] : [])]);
    const packages = new Set(info.argv.slice(0, 3).map(packageFromPath).filter((p): p is string => p !== undefined));
    for (const tool of tools) {
      const byName = [...tool.processes, ...tool.commands].some((candidate) => names.has(programName(candidate)));
      const byPackage = tool.packages.some((pkg) => packages.has(pkg.toLowerCase()));
      if (byName || byPackage) matches.push({ toolId: tool.id, process: info });
    }
  }
  return matches;
}
