import type { ToolDefinition } from '../tools';
import type { Invocation } from './invocation';
import { programName } from './programNames';

export interface CommandMatch {
  readonly toolId: string;
  /** The program or package that matched, as found in the line. */
  readonly matched: string;
}

/** A tool's command and package names as invocations carry them, worked out once per tool definition. */
const namesOfTool = new WeakMap<ToolDefinition, { readonly commands: ReadonlySet<string>; readonly packages: ReadonlySet<string> }>();

function toolNames(tool: ToolDefinition): { readonly commands: ReadonlySet<string>; readonly packages: ReadonlySet<string> } {
  let names = namesOfTool.get(tool);
  if (!names) {
    names = { commands: new Set(tool.commands.map(programName)), packages: new Set(tool.packages.map((pkg) => pkg.toLowerCase())) };
    namesOfTool.set(tool, names);
  }
  return names;
}

/** Tools whose command or npm package an invocation runs. */
export function matchInvocation(tools: readonly ToolDefinition[], invocation: Invocation): CommandMatch[] {
  const matches: CommandMatch[] = [];
  for (const tool of tools) {
    const names = toolNames(tool);
    if (names.commands.has(invocation.program)) {
      matches.push({ toolId: tool.id, matched: invocation.program });
    } else if (invocation.package && names.packages.has(invocation.package)) {
      matches.push({ toolId: tool.id, matched: invocation.package });
    }
  }
  return matches;
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
