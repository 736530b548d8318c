import { TOOL_MATCHER_KINDS, type ToolDefinition } from './tool';

export interface ToolAddition {
  readonly id: string;
  readonly name?: string;
  readonly extensions?: readonly string[];
  readonly commands?: readonly string[];
  readonly packages?: readonly string[];
  readonly processes?: readonly string[];
  readonly terminalNames?: readonly string[];
  readonly apps?: readonly string[];
}

/**
 * Adds a policy's `tools:` to the known tools: a new id defines a tool, a known id gains
 * the extra matchers (never loses any). The result keeps the known order, new ids last.
 */
export function mergeToolDefinitions(known: readonly ToolDefinition[], additions: readonly ToolAddition[]): ToolDefinition[] {
  const byId = new Map<string, ToolDefinition>(known.map((tool) => [tool.id, tool]));
  for (const addition of additions) {
    const existing = byId.get(addition.id);
    const merged: { -readonly [K in keyof ToolDefinition]: ToolDefinition[K] } = {
      id: addition.id,
      name: existing?.name ?? addition.name ?? addition.id,
      extensions: [],
      commands: [],
      packages: [],
      processes: [],
      terminalNames: [],
      apps: [],
    };
    if (existing?.vendor !== undefined) merged.vendor = existing.vendor;
    for (const kind of TOOL_MATCHER_KINDS) {
      merged[kind] = [...new Set([...(existing?.[kind] ?? []), ...(addition[kind] ?? [])])];
    }
    byId.set(addition.id, merged);
  }
  return [...byId.values()];
}

export function findTool(tools: readonly ToolDefinition[], id: string): ToolDefinition | undefined {
  return tools.find((tool) => tool.id === id);
}
