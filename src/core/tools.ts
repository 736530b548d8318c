import { ITEMS_PER_PIECE, Pace, runToEnd, type Steps } from './steps';

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

/**
 * @internal the catalog test checks every kind is covered.
 */
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
 * Work is linear in the matchers of both sides; a known tool that gains nothing stays the
 * same object (what was worked out for it once, such as its matchers' index, still holds).
 */
export function mergeToolDefinitions(known: readonly ToolDefinition[], additions: readonly ToolAddition[]): readonly ToolDefinition[] {
  return runToEnd(mergeToolDefinitionSteps(known, additions));
}

/**
 * The same, in pieces (src/core/steps.ts): a layer may define tens of thousands of tools,
 * or one tool with tens of thousands of matchers. `known` itself when nothing is added, so
 * what was worked out for it (an index of its matchers, evidence gathered) still holds.
 */
export function* mergeToolDefinitionSteps(known: readonly ToolDefinition[], additions: readonly ToolAddition[]): Steps<readonly ToolDefinition[]> {
  const byId = new Map<string, ToolDefinition>(known.map((tool) => [tool.id, tool]));
  const pace = new Pace();
  let changed = false;
  for (const addition of additions) {
    const size = matcherCount(addition);
    if (pace.due(1 + size)) yield;
    const existing = byId.get(addition.id);
    // A layer's own tool set holds the catalog's tools themselves.
    if (existing === addition) continue;
    if (size > ITEMS_PER_PIECE) {
      // A long list is merged in pieces itself; whether it adds anything is found out on the way.
      const merged = yield* mergedInPieces(existing, addition, pace);
      changed ||= merged !== existing;
      byId.set(addition.id, merged);
      continue;
    }
    if (existing && !addsToTool(existing, addition)) continue;
    // Written out rather than looped over TOOL_MATCHER_KINDS: a large policy defines tens
    // of thousands of tools, and each would otherwise start with eight lists made to be replaced.
    const merged: { -readonly [K in keyof ToolDefinition]: ToolDefinition[K] } = {
      id: addition.id,
      name: existing?.name ?? addition.name ?? addition.id,
      extensions: union(existing?.extensions, addition.extensions),
      commands: union(existing?.commands, addition.commands),
      packages: union(existing?.packages, addition.packages),
      processes: union(existing?.processes, addition.processes),
      terminalNames: union(existing?.terminalNames, addition.terminalNames),
      apps: union(existing?.apps, addition.apps),
      jetbrainsPlugins: union(existing?.jetbrainsPlugins, addition.jetbrainsPlugins),
      acpAgents: union(existing?.acpAgents, addition.acpAgents),
    };
    if (existing?.vendor !== undefined) merged.vendor = existing.vendor;
    byId.set(addition.id, merged);
    changed = true;
  }
  return changed ? [...byId.values()] : known;
}

/** How many matchers a tool has, of every kind. */
export function matcherCount(tool: ToolAddition): number {
  // Written out: asked for each of tens of thousands of tools, where a loop over the kinds reads each through a computed key.
  return (tool.extensions?.length ?? 0) + (tool.commands?.length ?? 0) + (tool.packages?.length ?? 0) + (tool.processes?.length ?? 0)
    + (tool.terminalNames?.length ?? 0) + (tool.apps?.length ?? 0) + (tool.jetbrainsPlugins?.length ?? 0) + (tool.acpAgents?.length ?? 0);
}

/** One tool with a long list of matchers, merged a piece at a time; the known tool itself when nothing is added. */
function* mergedInPieces(existing: ToolDefinition | undefined, addition: ToolAddition, pace: Pace): Steps<ToolDefinition> {
  const merged: { -readonly [K in keyof ToolDefinition]: ToolDefinition[K] } = {
    id: addition.id,
    name: existing?.name ?? addition.name ?? addition.id,
    extensions: NO_MATCHERS, commands: NO_MATCHERS, packages: NO_MATCHERS, processes: NO_MATCHERS,
    terminalNames: NO_MATCHERS, apps: NO_MATCHERS, jetbrainsPlugins: NO_MATCHERS, acpAgents: NO_MATCHERS,
  };
  let added = existing === undefined;
  for (const kind of TOOL_MATCHER_KINDS) {
    const list = yield* unionSteps(existing?.[kind], addition[kind], pace);
    added ||= list !== (existing?.[kind] ?? NO_MATCHERS);
    merged[kind] = list;
  }
  if (existing && !added) return existing;
  if (existing?.vendor !== undefined) merged.vendor = existing.vendor;
  return merged;
}

/** `union` in pieces (long lists merge a piece at a time): a known list the addition gives nothing new is kept as it is. */
function* unionSteps(known: readonly string[] | undefined, added: readonly string[] | undefined, pace: Pace): Steps<readonly string[]> {
  if (added === undefined || added.length === 0 || added === known) return known ?? NO_MATCHERS;
  const seen = new Set<string>(known);
  const out = known ? [...known] : [];
  for (const matcher of added) {
    if (pace.due()) yield;
    if (seen.has(matcher)) continue;
    seen.add(matcher);
    out.push(matcher);
  }
  // Nothing new: the known list itself, as `union` keeps it.
  return known !== undefined && out.length === known.length ? known : out;
}

/** The list of a kind a tool has no matchers of: one shared, frozen list rather than one per tool. */
const NO_MATCHERS: readonly string[] = Object.freeze([]);

/** The matchers of both lists, each once, in order; a list that gains nothing is kept as it is. */
function union(known: readonly string[] | undefined, added: readonly string[] | undefined): readonly string[] {
  if (added === undefined || added.length === 0 || added === known) return known ?? NO_MATCHERS;
  if ((known === undefined || known.length === 0) && added.length <= SCAN_AT_MOST) return withoutRepeats(added);
  return runToEnd(unionSteps(known, added, new Pace()));
}

/**
 * A short list with each matcher once: the list itself when nothing repeats (the usual
 * case; lists are never changed once made), so tens of thousands of tools make no copies.
 */
function withoutRepeats(list: readonly string[]): readonly string[] {
  for (let i = 1; i < list.length; i++) {
    if (list.indexOf(list[i] as string) < i) return list.filter((matcher, j) => list.indexOf(matcher) === j);
  }
  return list;
}

/** Longer matcher lists are looked up through a set, made once per list; shorter ones are scanned. */
const SCAN_AT_MOST = 16;
const matcherSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function hasMatcher(list: readonly string[], matcher: string): boolean {
  if (list.length <= SCAN_AT_MOST) return list.includes(matcher);
  let set = matcherSets.get(list);
  if (!set) {
    set = new Set(list);
    matcherSets.set(list, set);
  }
  return set.has(matcher);
}

/** True when `addition` has a matcher `tool` lacks (linear in the matchers of both). */
function addsToTool(tool: ToolDefinition, addition: ToolAddition): boolean {
  return TOOL_MATCHER_KINDS.some((kind) => {
    const added = addition[kind];
    return added !== undefined && added !== tool[kind] && added.some((matcher) => !hasMatcher(tool[kind], matcher));
  });
}

/** Each tool set's tools by id, made on first look-up (tool sets are never changed once made). */
const toolsById = new WeakMap<readonly ToolDefinition[], ReadonlyMap<string, ToolDefinition>>();

export function findTool(tools: readonly ToolDefinition[], id: string): ToolDefinition | undefined {
  let byId = toolsById.get(tools);
  if (!byId) {
    byId = new Map(tools.map((tool) => [tool.id, tool]));
    toolsById.set(tools, byId);
  }
  return byId.get(id);
}

/**
 * The tool ids `tool: "*"` stands for in a file: every tool it knows that is not under its
 * `allowed`. One frozen list per file; every rule written with "*" holds this same list.
 */
export function toolsUnderStar(tools: readonly ToolDefinition[], allowed: ReadonlySet<string>): readonly string[] {
  return Object.freeze(tools.filter((tool) => !allowed.has(tool.id)).map((tool) => tool.id));
}
