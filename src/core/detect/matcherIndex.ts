import { programName } from './programNames';
import { matchesWildcard } from './wildcard';
import { ITEMS_PER_PIECE, Pace, runToEnd, type Steps } from '../steps';
import { matcherCount, type ToolDefinition } from '../tools';

/**
 * Every matcher of a tool set, indexed once: what an observed name (an extension id, a
 * program, a package, a process, a terminal, an editor) belongs to is a few map look-ups,
 * never a scan over every tool and every matcher. A policy may define thousands of tools
 * with tens of thousands of matchers, and each of them is looked at once, when the index
 * is built. Answers list tools in the tool set's order.
 */
export interface MatcherIndex {
  /** Tools whose extension matchers (exact or with `*`) cover this extension id. */
  extensionTools(id: string): readonly ToolDefinition[];
  /** Tools with this command, by program name (`programName` form: basename, lower case, no `.exe`). */
  commandTools(program: string): readonly ToolDefinition[];
  /**
   * Tools an invocation runs, by its program (a command) or its package, in the tool set's
   * order; `byCommand` says which (the command when both).
   */
  invocationTools(program: string, pkg: string | undefined): readonly { readonly tool: ToolDefinition; readonly byCommand: boolean }[];
  /** Tools with this process name (`programName` form). */
  processTools(program: string): readonly ToolDefinition[];
  /** Tools with this integrated-terminal name (any case). */
  terminalTools(name: string): readonly ToolDefinition[];
  /** Tools with this host-editor name or scheme (any case). */
  appTools(name: string): readonly ToolDefinition[];
  /** Tools of this set, found in any order, in the set's order. */
  inSetOrder(found: Iterable<ToolDefinition>): ToolDefinition[];
}

/** Tool positions in the set, ascending, by key. */
type Positions = Map<string, number[]>;

function add(map: Positions, key: string, position: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [position]);
  // Positions arrive in order; two spellings of one name (`claude`, `claude.exe`) give one entry.
  else if (list[list.length - 1] !== position) list.push(position);
}

/**
 * Extension patterns with `*`, grouped by the literal text before the first `*` and after
 * the last one: an id is compared only with the patterns whose both ends it has, so a
 * policy's thousands of `publisher.*` or `*-suffix` patterns cost one look-up per length
 * of end that some pattern has, not one comparison each.
 */
class WildcardPatterns {
  /** prefix → suffix → patterns with their tool positions. */
  private readonly byEnds = new Map<string, Map<string, { readonly pattern: string; readonly literal: number; readonly positions: number[] }[]>>();
  private readonly prefixLengths = new Set<number>();
  private readonly suffixLengths = new Map<string, Set<number>>();
  private readonly patterns = new Map<string, number[]>();

  add(pattern: string, position: number): void {
    // `**` means what `*` means; collapsing keeps each comparison short.
    const lower = pattern.toLowerCase();
    const normal = lower.includes('**') ? lower.replace(/\*{2,}/g, '*') : lower;
    const known = this.patterns.get(normal);
    if (known) {
      if (known[known.length - 1] !== position) known.push(position);
      return;
    }
    const positions = [position];
    this.patterns.set(normal, positions);
    const first = normal.indexOf('*');
    const last = normal.lastIndexOf('*');
    const prefix = normal.slice(0, first);
    const suffix = normal.slice(last + 1);
    let bySuffix = this.byEnds.get(prefix);
    if (!bySuffix) {
      bySuffix = new Map();
      this.byEnds.set(prefix, bySuffix);
      this.suffixLengths.set(prefix, new Set());
    }
    this.prefixLengths.add(prefix.length);
    this.suffixLengths.get(prefix)?.add(suffix.length);
    const entries = bySuffix.get(suffix) ?? [];
    // Stars between the first and the last are rare: counted only when there are any.
    const stars = first === last ? 1 : normal.split('*').length - 1;
    entries.push({ pattern: normal, literal: normal.length - stars, positions });
    bySuffix.set(suffix, entries);
  }

  /** Positions of the tools with a pattern that matches `id` (lower case), unordered. */
  collect(id: string, into: Set<number>): void {
    for (const prefixLength of this.prefixLengths) {
      if (prefixLength > id.length) continue;
      const prefix = id.slice(0, prefixLength);
      const bySuffix = this.byEnds.get(prefix);
      if (!bySuffix) continue;
      for (const suffixLength of this.suffixLengths.get(prefix) ?? []) {
        if (prefixLength + suffixLength > id.length) continue;
        for (const entry of bySuffix.get(id.slice(id.length - suffixLength)) ?? []) {
          // A pattern needs at least its literal characters; most fail here without a walk.
          if (entry.literal > id.length) continue;
          if (matchesWildcard(entry.pattern, id)) for (const position of entry.positions) into.add(position);
        }
      }
    }
  }
}

class ToolSetIndex implements MatcherIndex {
  private readonly exactExtensions: Positions = new Map();
  private readonly wildcards = new WildcardPatterns();
  private readonly commands: Positions = new Map();
  private readonly packages: Positions = new Map();
  private readonly processes: Positions = new Map();
  private readonly terminals: Positions = new Map();
  private readonly apps: Positions = new Map();
  /** Answers already worked out for extension ids: an editor asks about the same ones on every rescan. */
  private readonly extensionAnswers = new Map<string, readonly ToolDefinition[]>();

  private readonly positions = new Map<ToolDefinition, number>();

  constructor(private readonly tools: readonly ToolDefinition[]) {}

  /**
   * Indexes the matchers of the tool at `position` (all of them, or the part given: a
   * tool with tens of thousands of matchers is indexed a part at a time). Every tool of the
   * set is added, in order, before any question.
   */
  addTool(position: number, part: IndexedMatchers = this.tools[position] as ToolDefinition): void {
    this.positions.set(this.tools[position] as ToolDefinition, position);
    for (const pattern of part.extensions) {
      if (pattern.includes('*')) this.wildcards.add(pattern, position);
      else add(this.exactExtensions, pattern.toLowerCase(), position);
    }
    for (const command of part.commands) add(this.commands, programName(command), position);
    for (const pkg of part.packages) add(this.packages, pkg.toLowerCase(), position);
    for (const name of part.processes) add(this.processes, programName(name), position);
    for (const name of part.terminalNames) add(this.terminals, name.toLowerCase(), position);
    for (const name of part.apps) add(this.apps, name.toLowerCase(), position);
  }

  private toolsAt(positions: readonly number[] | undefined): readonly ToolDefinition[] {
    return positions ? positions.map((position) => this.tools[position] as ToolDefinition) : [];
  }

  extensionTools(id: string): readonly ToolDefinition[] {
    const lower = id.toLowerCase();
    let answer = this.extensionAnswers.get(lower);
    if (answer) return answer;
    const positions = new Set(this.exactExtensions.get(lower));
    this.wildcards.collect(lower, positions);
    answer = this.toolsAt([...positions].sort((a, b) => a - b));
    // Bounded: ids come from the machine, and a folder of junk must not grow this forever.
    if (this.extensionAnswers.size < MAX_REMEMBERED_IDS) this.extensionAnswers.set(lower, answer);
    return answer;
  }

  commandTools(program: string): readonly ToolDefinition[] { return this.toolsAt(this.commands.get(program)); }

  invocationTools(program: string, pkg: string | undefined): readonly { readonly tool: ToolDefinition; readonly byCommand: boolean }[] {
    const byCommand = this.commands.get(program) ?? [];
    const byPackage = pkg === undefined ? [] : this.packages.get(pkg) ?? [];
    // Both lists are in the tool set's order: merged in one pass.
    const found: { tool: ToolDefinition; byCommand: boolean }[] = [];
    let c = 0;
    let p = 0;
    while (c < byCommand.length || p < byPackage.length) {
      const nextCommand = byCommand[c] ?? Infinity;
      const nextPackage = byPackage[p] ?? Infinity;
      const position = Math.min(nextCommand, nextPackage);
      found.push({ tool: this.tools[position] as ToolDefinition, byCommand: position === nextCommand });
      if (position === nextCommand) c++;
      if (position === nextPackage) p++;
    }
    return found;
  }
  processTools(program: string): readonly ToolDefinition[] { return this.toolsAt(this.processes.get(program)); }
  terminalTools(name: string): readonly ToolDefinition[] { return this.toolsAt(this.terminals.get(name.toLowerCase())); }
  appTools(name: string): readonly ToolDefinition[] { return this.toolsAt(this.apps.get(name.toLowerCase())); }

  inSetOrder(found: Iterable<ToolDefinition>): ToolDefinition[] {
    return [...found].sort((a, b) => (this.positions.get(a) ?? 0) - (this.positions.get(b) ?? 0));
  }
}

const MAX_REMEMBERED_IDS = 10_000;

/** The matchers the index reads. */
type IndexedMatchers = Pick<ToolDefinition, 'extensions' | 'commands' | 'packages' | 'processes' | 'terminalNames' | 'apps'>;

const NONE: readonly string[] = [];
const INDEXED_KINDS = ['extensions', 'commands', 'packages', 'processes', 'terminalNames', 'apps'] as const;

const NO_PART: IndexedMatchers = { extensions: NONE, commands: NONE, packages: NONE, processes: NONE, terminalNames: NONE, apps: NONE };

/** A tool's matchers in parts of ITEMS_PER_PIECE, each part of one kind. */
function* partsOf(tool: ToolDefinition): Generator<IndexedMatchers> {
  for (const kind of INDEXED_KINDS) {
    const list = tool[kind];
    for (let start = 0; start < list.length; start += ITEMS_PER_PIECE) yield { ...NO_PART, [kind]: list.slice(start, start + ITEMS_PER_PIECE) };
  }
}

/** One index per tool set (the arrays are never changed once made: a merge makes a new one). */
const indexes = new WeakMap<readonly ToolDefinition[], MatcherIndex>();

/** The index of a tool set, built on first use. */
export function matcherIndex(tools: readonly ToolDefinition[]): MatcherIndex {
  return indexes.get(tools) ?? runToEnd(matcherIndexSteps(tools));
}

/**
 * The same, built in pieces (src/core/steps.ts) when it is not built yet: a policy's tens of
 * thousands of matchers are indexed without stalling the editor. A piece is a number of
 * matchers, not of tools: one tool may carry thousands.
 */
export function* matcherIndexSteps(tools: readonly ToolDefinition[]): Steps<MatcherIndex> {
  const known = indexes.get(tools);
  if (known) return known;
  const index = new ToolSetIndex(tools);
  const pace = new Pace();
  for (let position = 0; position < tools.length; position++) {
    const tool = tools[position] as ToolDefinition;
    const size = matcherCount(tool);
    if (size <= ITEMS_PER_PIECE) {
      index.addTool(position);
      if (pace.due(1 + size)) yield;
      continue;
    }
    // Placed first: a long tool may have no part the index reads (only JetBrains or ACP matchers).
    index.addTool(position, NO_PART);
    for (const part of partsOf(tool)) {
      index.addTool(position, part);
      yield;
    }
  }
  // Another caller may have built it meanwhile (a question asked between two pieces): one index per set.
  const built = indexes.get(tools);
  if (built) return built;
  indexes.set(tools, index);
  return index;
}
