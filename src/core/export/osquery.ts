/**
 * The policy as osquery SQL: one statement per rule over osquery's documented `users`,
 * `vscode_extensions`, `processes`, `file` and `time` tables (specs/*.table in osquery's
 * repository). Every returned row is a finding naming what was found, once, with the
 * phase the rule is in on that host now (from `time`), as the scan would report it.
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
import { CHECKS, NOT_SEEN_BY_OSQUERY } from './osqueryChecks';
import { toolMatcherRows, type ExportPlatform, type MatcherKind } from './osqueryMatchers';
import { alternativeText, deadlineText, ruleReason, ruleTitle } from './ruleText';
import { toolsOfRule, type ToolsFor } from './ruleTools';
import { sqlComment, sqlString } from './sqlText';

export type { ExportPlatform } from './osqueryMatchers';
export type { ToolsFor } from './ruleTools';

/** Columns of every returned row. */
export const RESULT_COLUMNS = ['rule_id', 'tool_id', 'kind', 'found', 'location', 'username', 'note', 'phase'] as const;

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

/** Restrictions osquery cannot decide (groups, workspaces) make an exception never apply there: the strict side. */
function exceptionCondition(exception: RuleException, platforms: readonly ExportPlatform[]): string | undefined {
  const groups = (exception as RuleException & { readonly groups?: readonly string[] }).groups ?? [];
  if (exception.workspaces.length > 0 || groups.length > 0) return undefined;
  const until = `c.now < ${unixSeconds(exception.until)}`;
  if (exception.users.length === 0) return until;
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

/** The checks of one rule, for the tools it names, matched with `toolsFor(rule)`. */
export function ruleQuery(rule: PolicyRule, toolsFor: ToolsFor, platforms: readonly ExportPlatform[]): RuleQuery {
  const tools = toolsFor(rule);
  const title = ruleTitle(rule, tools);
  const ruleTools = toolsOfRule(rule, tools);
  const kinds = new Set<MatcherKind>();
  const rows: string[] = [];
  const unobservable: string[] = [];
  for (const tool of ruleTools) {
    const matchers = toolMatcherRows(tool, platforms);
    if (matchers.rows === '') {
      unobservable.push(`${tool.name} (${tool.id})`);
      continue;
    }
    rows.push(matchers.rows);
    for (const kind of matchers.kinds) kinds.add(kind);
  }
  const checks = CHECKS.map((check) => check({ platforms, kinds })).filter((check) => check !== undefined);
  const alternative = alternativeText(rule);
  const comments = [
    ...sqlComment('rule', rule.id),
    ...sqlComment('title', title),
    ...sqlComment('tools', ruleTools.map((tool) => `${tool.name} (${tool.id})`).join(', ')),
    ...sqlComment('deadline', deadlineText(rule)),
    ...(ruleReason(rule) !== undefined ? sqlComment('reason', ruleReason(rule) as string) : []),
    ...(alternative !== undefined ? sqlComment('alternative', alternative) : []),
    ...(unobservable.length > 0 ? sqlComment('not observable by osquery (recognised only by terminal or editor names)', unobservable.join(', ')) : []),
    ...(checks.length === 0 ? ['-- osquery can observe none of these tools; the query returns no rows.'] : []),
  ];
  if (checks.length === 0) return { rule, title, tools: ruleTools, comments };
  const phase = phaseColumn(rule, platforms);
  const ctes = [
    `matcher(tool_id, kind, value) AS (VALUES\n    ${rows.join(',\n    ')})`,
    ...checks.flatMap((check) => check.ctes),
    ...(phase.needsClock ? ['clock(now) AS (SELECT unix_time FROM time)'] : []),
    `finding(tool_id, kind, found, location, username, note) AS (\n  ${checks.map((check) => check.select).join('\n  UNION ALL\n  ')})`,
  ];
  return {
    rule,
    title,
    tools: ruleTools,
    comments,
    with: `WITH RECURSIVE\n  ${ctes.join(',\n  ')}`,
    rows: `SELECT DISTINCT ${sqlString(rule.id)} AS rule_id, f.tool_id, f.kind, f.found, f.location, f.username, f.note, ${phase.sql} AS phase\n  FROM finding AS f${phase.needsClock ? ' CROSS JOIN clock AS c' : ''}`,
  };
}

const EMPTY_SELECT = `SELECT ${RESULT_COLUMNS.map((column) => `NULL AS ${column}`).join(', ')} WHERE 0`;

/** The header every osquery export starts with. */
export function osqueryHeader(platforms: readonly ExportPlatform[]): string[] {
  return [
    '-- Tool policy checks for osquery (5.15 or later): one statement per rule.',
    `-- Each returned row is a finding (columns: ${RESULT_COLUMNS.join(', ')}); phase is the rule's phase on this host now:`,
    '--   notice, warning (within the notice days before the deadline), violation, or excepted.',
    '-- A row with a note may be an uninstalled copy; see the note.',
    '-- osquery cannot see, so these statements do not report:',
    ...NOT_SEEN_BY_OSQUERY.map((line) => `--   ${line}`),
    `-- Platforms: ${platforms.join(', ')}.`,
  ];
}

/** One statement per rule, each preceded by its comment lines and ending in `;`. */
export function exportOsquery(rules: readonly PolicyRule[], toolsFor: ToolsFor, platforms: readonly ExportPlatform[]): string {
  const statements = rules.map((rule) => {
    const query = ruleQuery(rule, toolsFor, platforms);
    const sql = query.with !== undefined ? `${query.with}\n${query.rows as string}` : EMPTY_SELECT;
    return `${query.comments.join('\n')}\n${sql};`;
  });
  return `${[osqueryHeader(platforms).join('\n'), ...statements].join('\n\n')}\n`;
}
