import type { ToolDefinition } from '../tools';
import { programName, programsInCommandLine, type Invocation } from './commandLine';

export interface CommandMatch {
  readonly toolId: string;
  /** The program or package that matched, as found in the line. */
  readonly matched: string;
}

/** Tools whose command or npm package an invocation runs. */
export function matchInvocation(tools: readonly ToolDefinition[], invocation: Invocation): CommandMatch[] {
  const matches: CommandMatch[] = [];
  for (const tool of tools) {
    if (tool.commands.some((command) => programName(command) === invocation.program)) {
      matches.push({ toolId: tool.id, matched: invocation.program });
    } else if (invocation.package && tool.packages.some((pkg) => pkg.toLowerCase() === invocation.package)) {
      matches.push({ toolId: tool.id, matched: invocation.package });
    }
  }
  return matches;
}

/** Tools a typed command line runs, each once. */
export function matchCommandLine(tools: readonly ToolDefinition[], line: string): CommandMatch[] {
  const seen = new Set<string>();
  const matches: CommandMatch[] = [];
  for (const invocation of programsInCommandLine(line)) {
    for (const match of matchInvocation(tools, invocation)) {
      if (seen.has(match.toolId)) continue;
      seen.add(match.toolId);
      matches.push(match);
    }
  }
  return matches;
}
