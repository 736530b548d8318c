/**
 * How an AI assistant shows up on a developer machine. The built-in catalog
 * (catalog.ts) and a policy's `tools:` section both produce these.
 * All matchers are compared case-insensitively.
 */
export interface ToolDefinition {
  /** Stable id used by policies, `[a-z0-9-]+`. */
  readonly id: string;
  /** Human name shown in notices. */
  readonly name: string;
  /** Vendor, for the panel ("Anthropic"). */
  readonly vendor?: string;
  /** Extension ids (`publisher.name`); `*` matches any run of characters. */
  readonly extensions: readonly string[];
  /** Executable basenames typed in a terminal (without .exe/.cmd/.bat). */
  readonly commands: readonly string[];
  /** npm packages caught in npx / npm exec / pnpm dlx / yarn dlx / bunx. */
  readonly packages: readonly string[];
  /** Process names in a terminal's process tree. */
  readonly processes: readonly string[];
  /** Integrated-terminal names. */
  readonly terminalNames: readonly string[];
  /** Host editor names or URI schemes (`vscode.env.appName` / `uriScheme`) of VS Code forks. */
  readonly apps: readonly string[];
  /** JetBrains plugin ids: the `<id>` of the plugin's `META-INF/plugin.xml`. */
  readonly jetbrainsPlugins: readonly string[];
  /** Agent names (keys of `agent_servers`) in JetBrains' `~/.jetbrains/acp.json`. */
  readonly acpAgents: readonly string[];
}

export type ToolMatcherKind = 'extensions' | 'commands' | 'packages' | 'processes' | 'terminalNames' | 'apps' | 'jetbrainsPlugins' | 'acpAgents';

export const TOOL_MATCHER_KINDS: readonly ToolMatcherKind[] = [
  'extensions',
  'commands',
  'packages',
  'processes',
  'terminalNames',
  'apps',
  'jetbrainsPlugins',
  'acpAgents',
];


export interface ToolAddition {
  readonly id: string;
  readonly name?: string;
  readonly extensions?: readonly string[];
  readonly commands?: readonly string[];
  readonly packages?: readonly string[];
  readonly processes?: readonly string[];
  readonly terminalNames?: readonly string[];
  readonly apps?: readonly string[];
  readonly jetbrainsPlugins?: readonly string[];
  readonly acpAgents?: readonly string[];
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
      jetbrainsPlugins: [],
      acpAgents: [],
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
