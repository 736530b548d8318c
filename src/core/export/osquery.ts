/**
 * The policy as osquery SQL: one statement per rule over osquery's documented `users`,
 * `vscode_extensions`, `jetbrains_plugins`, `processes`, `file` and `time` tables (specs/*.table in osquery's
 * repository). Every returned row is a finding naming what was found, once, with the
 * phase the rule is in on that host now (from `time`), as the scan would report it.
 *
 * JetBrains plugins are matched through `jetbrains_plugins` and `file` (osqueryJetbrains.ts).
 *
 * Each statement is `WITH RECURSIVE matcher(…) AS (VALUES …), <checks' CTEs>, finding(…)
 * AS (<checks>) SELECT … FROM finding`: the rule's matchers are rows of one table
 * (osqueryMatchers.ts) and each check is written once (osqueryChecks.ts), so a statement
 * grows with the matchers of the rule's tools, never with tools × checks. Each rule is
 * matched with the tools of its own layer and the layers above (`toolsFor`), as in the
 * scan.
 */
import { calendarDaysBefore, isDateOnly } from '../dates';
import type { PolicyRule, RuleException } from '../policy/types';
import type { ToolDefinition } from '../tools';
import { checksFor, NOT_SEEN_BY_OSQUERY, type ExportPlatform } from './osqueryChecks';
import { jetbrainsComments } from './osqueryJetbrains';
import { kindsOfBits, toolMatcherRows, type MatcherKind } from './osqueryMatchers';
import { acknowledgementSection } from './osqueryAcknowledgements';
import { alternativeText, deadlineText, ruleReason, ruleTitle } from './ruleText';
import { toolsOfRule, type ToolsFor } from './ruleTools';
import { sqlComment, sqlString } from './sqlText';

export type { ExportPlatform } from './osqueryChecks';
export type { ToolsFor } from './ruleTools';

/** Columns of every returned row. */
const RESULT_COLUMNS = ['rule_id', 'tool_id', 'kind', 'found', 'location', 'username', 'note', 'phase'] as const;

export interface RuleQuery {
  readonly rule: PolicyRule;
  readonly title: string;
  readonly tools: readonly ToolDefinition[];
  /** Comment lines (each starting with `--`). */
  readonly comments: readonly string[];
  /** `WITH RECURSIVE …` (the CTEs, ending in `finding`), undefined when osquery can observe none of the rule's tools. */
  readonly with?: string;
  /** `SELECT … FROM finding …`: one row per finding, columns RESULT_COLUMNS; follows `with`. */
  readonly rows?: string;
}

/** Whole seconds, rounded up: osquery's `unix_time` reaches it at the first second at or after the instant. */
const unixSeconds = (date: Date) => Math.ceil(date.getTime() / 1000);

/**
 * When an exception applies to a row. Workspaces need an editor's workspace (the scan
 * never applies them either); group membership is not among the tables the export reads,
 * so of `users` and `groups` (either names the person) only `users` is decided: the strict
 * side, never a host passing that the scan would fail.
 */
function exceptionCondition(exception: RuleException, platforms: readonly ExportPlatform[]): string | undefined {
  if (exception.workspaces.length > 0) return undefined;
  const until = `c.now < ${unixSeconds(exception.until)}`;
  if (exception.users.length === 0) return exception.groups.length === 0 ? until : undefined;
  // User names compare as the OS does: case-sensitively, except on Windows.
  const windowsOnly = platforms.every((platform) => platform === 'windows');
  const names = [...new Set(exception.users.map((user) => (windowsOnly ? user.toLowerCase() : user)))].map(sqlString).join(', ');
  return `(${until} AND ${windowsOnly ? 'lower(f.username)' : 'f.username'} IN (${names}))`;
}

/** The phase column: computePhase's answer at `time`'s `unix_time`, for the row's user. */
function phaseColumn(rule: PolicyRule, platforms: readonly ExportPlatform[]): { sql: string; needsClock: boolean } {
  const excepted = rule.exceptions.map((exception) => exceptionCondition(exception, platforms)).filter((sql): sql is string => sql !== undefined);
  const branches = excepted.length > 0 ? [`WHEN ${excepted.join(' OR ')} THEN 'excepted'`] : [];
  if (rule.deadline === undefined) {
    if (branches.length === 0) return { sql: `'violation'`, needsClock: false };
    return { sql: `CASE ${branches.join(' ')} ELSE 'violation' END`, needsClock: true };
  }
  const warningStarts = calendarDaysBefore(rule.deadline, rule.noticeDays, rule.timezone, isDateOnly(rule.deadlineText));
  branches.push(`WHEN c.now >= ${unixSeconds(rule.deadline)} THEN 'violation'`, `WHEN c.now >= ${unixSeconds(warningStarts)} THEN 'warning'`);
  return { sql: `CASE ${branches.join(' ')} ELSE 'notice' END`, needsClock: true };
}

/** What a rule's statement holds for its tools: the same for every rule naming the same list of tools. */
interface RuleTools {
  readonly tools: readonly ToolDefinition[];
  /** `Name (id), …` for the comments. */
  readonly names: string;
  readonly unobservable: string;
  /** Comment lines for the tools' JetBrains plugins and ACP agents osquery cannot match. */
  readonly jetbrains: readonly string[];
  /** The `matcher` CTE, the checks' CTEs and the `finding` CTE (without `clock`), or undefined when osquery can observe none of the tools. */
  readonly matcher?: string;
  readonly checks?: string;
  readonly finding?: string;
}

/**
 * Values worked out once per list of tool ids (every `tool: "*"` rule of a file shares one),
 * per tool set and per set of platforms: an export of many rules over the same tools writes
 * the same text into each statement without working it out again.
 */
class PerToolList<T> {
  private readonly cache = new WeakMap<readonly string[], WeakMap<readonly ToolDefinition[], Map<string, T>>>();

  get(rule: PolicyRule, tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[], compute: () => T): T {
    let byTools = this.cache.get(rule.tools);
    if (!byTools) {
      byTools = new WeakMap();
      this.cache.set(rule.tools, byTools);
    }
    let byPlatforms = byTools.get(tools);
    if (!byPlatforms) {
      byPlatforms = new Map();
      byTools.set(tools, byPlatforms);
    }
    const key = platforms.join(',');
    let value = byPlatforms.get(key);
    if (value === undefined) {
      value = compute();
      byPlatforms.set(key, value);
    }
    return value;
  }
}

const ruleToolsCache = new PerToolList<RuleTools>();

function ruleTools(rule: PolicyRule, tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): RuleTools {
  return ruleToolsCache.get(rule, tools, platforms, () => coveredTools(rule, tools, platforms));
}

function coveredTools(rule: PolicyRule, tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): RuleTools {
  const found = toolsOfRule(rule, tools);
  const kinds = new Set<MatcherKind>();
  const rows: string[] = [];
  const unobservable: string[] = [];
  for (const tool of found) {
    const matchers = toolMatcherRows(tool);
    if (matchers.rows === '') {
      unobservable.push(`${tool.name} (${tool.id})`);
      continue;
    }
    rows.push(matchers.rows);
    for (const kind of matchers.kinds) kinds.add(kind);
  }
  const checks = checksFor(kinds, platforms);
  return {
    tools: found,
    names: found.map((tool) => `${tool.name} (${tool.id})`).join(', '),
    unobservable: unobservable.join(', '),
    jetbrains: jetbrainsComments(found).flatMap(([label, text]) => sqlComment(label, text)),
    ...(checks !== undefined ? { matcher: `matcher(tool_id, kind, value) AS (VALUES\n    ${rows.join(',\n    ')})`, checks: checks.ctes, finding: checks.finding } : {}),
  };
}

/** The checks of one rule, for the tools it names, matched with `toolsFor(rule)`. */
export function ruleQuery(rule: PolicyRule, toolsFor: ToolsFor, platforms: readonly ExportPlatform[]): RuleQuery {
  const tools = toolsFor(rule);
  const title = ruleTitle(rule, tools);
  const covered = ruleTools(rule, tools, platforms);
  const alternative = alternativeText(rule);
  const comments = [
    ...sqlComment('rule', rule.id),
    ...sqlComment('title', title),
    ...sqlComment('tools', covered.names),
    ...sqlComment('deadline', deadlineText(rule)),
    ...(ruleReason(rule) !== undefined ? sqlComment('reason', ruleReason(rule) as string) : []),
    ...(alternative !== undefined ? sqlComment('alternative', alternative) : []),
    ...(covered.unobservable !== '' ? sqlComment('not observable by osquery (recognised only by terminal or editor names, or by what osquery cannot read)', covered.unobservable) : []),
    ...covered.jetbrains,
    ...(covered.matcher === undefined ? ['-- osquery can observe none of these tools; the query returns no rows.'] : []),
  ];
  if (covered.matcher === undefined) return { rule, title, tools: covered.tools, comments };
  const phase = phaseColumn(rule, platforms);
  const ctes = [covered.matcher, covered.checks as string, ...(phase.needsClock ? ['clock(now) AS (SELECT unix_time FROM time)'] : []), covered.finding as string];
  return {
    rule,
    title,
    tools: covered.tools,
    comments,
    with: `WITH RECURSIVE\n  ${ctes.join(',\n  ')}`,
    rows: `SELECT DISTINCT ${sqlString(rule.id)} AS rule_id, f.tool_id, f.kind, f.found, f.location, f.username, f.note, ${phase.sql} AS phase\n  FROM finding AS f${phase.needsClock ? ' CROSS JOIN clock AS c' : ''}`,
  };
}

/** The most SQL an export writes. A policy that needs more is refused, not written: one statement per rule, each carrying its tools' matchers and every check. */
const EXPORT_BUDGET_BYTES = 32 * 1024 * 1024;

export class ExportTooLarge extends Error {
  constructor(readonly bytes: number, readonly statements: number) {
    super(`the export would hold about ${Math.ceil(bytes / 1024 / 1024)} MiB of SQL in ${statements} statements (one per rule, each with its tools' matchers and every check), more than the ${EXPORT_BUDGET_BYTES / 1024 / 1024} MiB an export writes; osquery and Fleet run each statement as a query of its own. Give fewer rules the same long list of tools (one rule can name many), or fewer tools to each rule`);
  }
}

/** Per tool of a tool set: the bytes its part of a statement takes, and its kinds of matcher. */
const toolSizes = new WeakMap<readonly ToolDefinition[], ReadonlyMap<string, { readonly bytes: number; readonly kindBits: number }>>();

function sizesOf(tools: readonly ToolDefinition[]): ReadonlyMap<string, { readonly bytes: number; readonly kindBits: number }> {
  let sizes = toolSizes.get(tools);
  if (!sizes) {
    sizes = new Map(tools.map((tool) => {
      const matchers = toolMatcherRows(tool);
      return [tool.id, { bytes: matchers.rows.length + tool.name.length + tool.id.length + 12, kindBits: matchers.kindBits }];
    }));
    toolSizes.set(tools, sizes);
  }
  return sizes;
}

const sizeCache = new PerToolList<number>();

/** About how many bytes a statement for these tools holds, from each tool's matcher rows: nothing is built. */
function statementSize(rule: PolicyRule, tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): number {
  return sizeCache.get(rule, tools, platforms, () => computeStatementSize(rule, tools, platforms));
}

function computeStatementSize(rule: PolicyRule, tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): number {
  const sizes = sizesOf(tools);
  let bits = 0;
  let bytes = 0;
  for (const id of rule.tools) {
    const size = sizes.get(id);
    if (!size) continue;
    bytes += size.bytes;
    bits |= size.kindBits;
  }
  const checks = checksFor(kindsOfBits(bits), platforms);
  if (checks !== undefined) bytes += checks.ctes.length + checks.finding.length;
  return bytes;
}

/**
 * Refuses, before building anything, an export that would exceed EXPORT_BUDGET_BYTES:
 * linear in the rules and the tools each names (once per list of tools that rules share).
 */
export function checkExportSize(rules: readonly PolicyRule[], toolsFor: ToolsFor, platforms: readonly ExportPlatform[]): void {
  let bytes = 0;
  for (const rule of rules) {
    // The rule's own texts (comments, phase) are a few hundred bytes; counted as 1 KiB.
    bytes += 1024 + statementSize(rule, toolsFor(rule), platforms);
    if (bytes > EXPORT_BUDGET_BYTES) throw new ExportTooLarge(estimateAll(rules, toolsFor, platforms), rules.length);
  }
}

/** The whole estimate, for the message: only worked out once the budget is known to be exceeded. */
function estimateAll(rules: readonly PolicyRule[], toolsFor: ToolsFor, platforms: readonly ExportPlatform[]): number {
  let bytes = 0;
  for (const rule of rules) bytes += 1024 + statementSize(rule, toolsFor(rule), platforms);
  return bytes;
}

const EMPTY_SELECT = `SELECT ${RESULT_COLUMNS.map((column) => `NULL AS ${column}`).join(', ')} WHERE 0`;

/** The header every osquery export starts with. */
function osqueryHeader(platforms: readonly ExportPlatform[]): string[] {
  return [
    '-- Tool policy checks for osquery (5.15 or later; 5.19 or later for a rule whose tools have a JetBrains plugin name to match, which reads jetbrains_plugins): one statement per rule.',
    `-- Each returned row is a finding (columns: ${RESULT_COLUMNS.join(', ')}); phase is the rule's phase on this host now:`,
    '--   notice, warning (within the notice days before the deadline), violation, or excepted.',
    '-- A row with a note is one osquery cannot fully tell (an extension folder that may be an uninstalled copy, a JetBrains plugin found by its folder name only); see the note.',
    '-- osquery cannot see, so these statements do not report:',
    ...NOT_SEEN_BY_OSQUERY.map((line) => `--   ${line}`),
    `-- Platforms: ${platforms.join(', ')}.`,
  ];
}

/**
 * One statement per rule, each preceded by its comment lines and ending in `;`; then, per
 * rule, the statement that lists who acknowledged it (osqueryAcknowledgements.ts).
 */
export function exportOsquery(rules: readonly PolicyRule[], toolsFor: ToolsFor, platforms: readonly ExportPlatform[]): string {
  checkExportSize(rules, toolsFor, platforms);
  const statements = rules.map((rule) => {
    const query = ruleQuery(rule, toolsFor, platforms);
    const sql = query.with !== undefined ? `${query.with}\n${query.rows as string}` : EMPTY_SELECT;
    return `${query.comments.join('\n')}\n${sql};`;
  });
  return `${[osqueryHeader(platforms).join('\n'), ...statements, ...acknowledgementSection(rules, platforms)].join('\n\n')}\n`;
}
