import type { ToolDefinition } from '../tools';
import type { Invocation } from './invocation';
import { matcherIndex } from './matcherIndex';

export interface CommandMatch {
  readonly toolId: string;
  /** The program or package that matched, as found in the line. */
  readonly matched: string;
}

/** Tools whose command or npm package an invocation runs, in the tool set's order. */
function matchInvocation(tools: readonly ToolDefinition[], invocation: Invocation): CommandMatch[] {
  return matcherIndex(tools).invocationTools(invocation.program, invocation.package)
    .map(({ tool, byCommand }) => ({ toolId: tool.id, matched: byCommand ? invocation.program : invocation.package as string }));
}

/** Tools the invocations of one command line run, each once. */
export function matchInvocations(tools: readonly ToolDefinition[], invocations: readonly Invocation[]): CommandMatch[] {
  const seen = new Set<string>();
  const matches: CommandMatch[] = [];
  for (const invocation of invocations) {
    for (const match of matchInvocation(tools, invocation)) {
      if (seen.has(match.toolId)) continue;
      seen.add(match.toolId);
      matches.push(match);
    }
  }
  return matches;
}
