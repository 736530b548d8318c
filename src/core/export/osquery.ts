/**
 * The policy as osquery SQL: one statement per rule over osquery's documented `users`,
 * `vscode_extensions`, `processes` and `file` tables (specs/*.table in osquery's
 * repository). Every returned row is a non-compliant finding naming what was found.
 * Matching follows the engine: extension ids and names compare case-insensitively,
 * `*` in an extension id is a wildcard, a process matches by name, executable path or an
 * npm package path in its command line, and an installed command by its file name in
 * the usual install folders.
 */
import { FOLDERS_OSQUERY_MISSES } from '../detect/editorExtensions';
import { POSIX_INSTALL_FOLDERS, POSIX_SYSTEM_FOLDERS, WINDOWS_COMMAND_SUFFIXES, WINDOWS_INSTALL_FOLDERS } from '../detect/installFolders';
import type { PolicyRule } from '../policy/types';
import type { ToolDefinition } from '../tools';
import { alternativeText, deadlineText, ruleReason, ruleTitle } from './ruleText';
import { likeLiteral, sqlComment, sqlString } from './sqlText';

export type ExportPlatform = 'linux' | 'macos' | 'windows';

export interface RuleQuery {
  readonly rule: PolicyRule;
  readonly title: string;
  /** Comment lines (each starting with `--`). */
  readonly comments: readonly string[];
  /** The checks as one compound SELECT without the final `;`, or undefined when osquery can observe none of the rule's tools. */
  readonly select?: string;
}

/** Columns of every returned row. */
export const RESULT_COLUMNS = ['rule_id', 'tool_id', 'kind', 'found', 'location', 'username'] as const;

const LINUX_COMM_LENGTH = 15;

const lowerList = (values: readonly string[]) => [...new Set(values.map((value) => value.toLowerCase()))];
const inList = (values: readonly string[]) => `(${values.map(sqlString).join(', ')})`;
const like = (column: string, pattern: string) => `${column} LIKE ${sqlString(pattern)} ESCAPE '\\'`;

function head(rule: PolicyRule, tool: ToolDefinition, kind: string): string {
  return `SELECT ${sqlString(rule.id)} AS rule_id, ${sqlString(tool.id)} AS tool_id, '${kind}' AS kind`;
}

function extensionCheck(rule: PolicyRule, tool: ToolDefinition): string | undefined {
  if (tool.extensions.length === 0) return undefined;
  const exact = lowerList(tool.extensions.filter((id) => !id.includes('*')));
  const patterns = lowerList(tool.extensions.filter((id) => id.includes('*')));
  const conditions = [
    ...(exact.length > 0 ? [`lower(v.name) IN ${inList(exact)}`] : []),
    ...patterns.map((pattern) => like('lower(v.name)', likeLiteral(pattern, true))),
  ];
  return `${head(rule, tool, 'extension')}, v.name || ' ' || v.version AS found, v.path AS location, u.username AS username\n`
    + `  FROM users AS u JOIN vscode_extensions AS v USING (uid)\n`
    + `  WHERE ${conditions.join('\n     OR ')}`;
}

/**
 * Extension folders (`<id>-<version>[-<platform>]`) in the editors' folders that
 * `vscode_extensions` does not read: remote servers (`~/.vscode-server/extensions`, …) and
 * forks osquery does not know (Qoder, Kiro, Devin, Trae CN). GLOB keeps `_` literal and
 * needs a digit after the id, so `anthropic.claude-code-themes-1.0.0` is not Claude Code.
 */
function extensionFolderCheck(rule: PolicyRule, tool: ToolDefinition, platforms: readonly ExportPlatform[]): string | undefined {
  if (tool.extensions.length === 0) return undefined;
  const windows = platforms.includes('windows');
  const posix = platforms.some((platform) => platform !== 'windows');
  // Extension ids hold only letters, digits, `.`, `_`, `-` and the policy's `*` (formats.ts): nothing else GLOB reads.
  const globs = lowerList(tool.extensions).map((id) => `lower(f.filename) GLOB ${sqlString(`${id}-[0-9]*`)}`);
  const folders = [
    ...(posix ? FOLDERS_OSQUERY_MISSES.map((relative) => `SELECT u.username AS username, u.directory || ${sqlString(`/${relative}`)} AS dir FROM users AS u`) : []),
    ...(windows ? FOLDERS_OSQUERY_MISSES.map((relative) => `SELECT u.username AS username, u.directory || ${sqlString(`\\${relative.replace(/\//g, '\\')}`)} AS dir FROM users AS u`) : []),
  ];
  return `${head(rule, tool, 'extension-folder')}, f.filename AS found, f.path AS location, d.username AS username\n`
    + `  FROM (${folders.join('\n        UNION ALL ')}) AS d\n`
    + `  JOIN file AS f ON f.directory = d.dir\n`
    + `  WHERE ${globs.join('\n     OR ')}`;
}

function processCheck(rule: PolicyRule, tool: ToolDefinition, platforms: readonly ExportPlatform[]): string | undefined {
  const names = lowerList([...tool.processes, ...tool.commands]);
  if (names.length === 0 && tool.packages.length === 0) return undefined;
  const windows = platforms.includes('windows');
  const posix = platforms.some((platform) => platform !== 'windows');
  const processNames = lowerList([
    ...names,
    // Linux keeps only the first 15 characters of a process name.
    ...(platforms.includes('linux') ? names.filter((name) => name.length > LINUX_COMM_LENGTH).map((name) => name.slice(0, LINUX_COMM_LENGTH)) : []),
    ...(windows ? names.map((name) => `${name}.exe`) : []),
  ]);
  const conditions: string[] = [];
  if (processNames.length > 0) conditions.push(`lower(p.name) IN ${inList(processNames)}`);
  for (const name of names) {
    if (posix) conditions.push(like('lower(p.path)', `%/${likeLiteral(name)}`));
    if (windows) conditions.push(like('lower(p.path)', `%\\\\${likeLiteral(`${name}.exe`)}`));
  }
  for (const pkg of lowerList(tool.packages)) {
    // `node …/node_modules/@anthropic-ai/claude-code/cli.js`
    if (posix) conditions.push(like('lower(p.cmdline)', `%/node\\_modules/${likeLiteral(pkg)}/%`));
    if (windows) conditions.push(like('lower(p.cmdline)', `%\\\\node\\_modules\\\\${likeLiteral(pkg.replace(/\//g, '\\'))}\\\\%`));
  }
  return `${head(rule, tool, 'process')}, p.name || ' (pid ' || p.pid || ')' AS found, p.cmdline AS location, u.username AS username\n`
    + `  FROM processes AS p LEFT JOIN users AS u ON u.uid = p.uid\n`
    + `  WHERE ${conditions.join('\n     OR ')}`;
}

function installedCheck(rule: PolicyRule, tool: ToolDefinition, platforms: readonly ExportPlatform[]): string | undefined {
  if (tool.commands.length === 0) return undefined;
  const windows = platforms.includes('windows');
  const posix = platforms.some((platform) => platform !== 'windows');
  const commands = lowerList(tool.commands);
  const fileNames = lowerList([...(posix ? commands : []), ...(windows ? commands.flatMap((command) => WINDOWS_COMMAND_SUFFIXES.map((suffix) => `${command}${suffix}`)) : [])]);
  const folders = [
    ...(posix ? POSIX_INSTALL_FOLDERS.map((relative) => `SELECT u.username AS username, u.directory || ${sqlString(`/${relative}`)} AS dir FROM users AS u`) : []),
    ...(posix ? POSIX_SYSTEM_FOLDERS.map((folder) => `SELECT NULL AS username, ${sqlString(folder)} AS dir`) : []),
    ...(windows ? WINDOWS_INSTALL_FOLDERS.map((relative) => `SELECT u.username AS username, u.directory || ${sqlString(`\\${relative.replace(/\//g, '\\')}`)} AS dir FROM users AS u`) : []),
  ];
  return `${head(rule, tool, 'installed')}, f.path AS found, f.directory AS location, d.username AS username\n`
    + `  FROM (${folders.join('\n        UNION ALL ')}) AS d\n`
    + `  JOIN file AS f ON f.directory = d.dir\n`
    + `  WHERE lower(f.filename) IN ${inList(fileNames)}`;
}

/** The checks of one rule, for the tools it names. */
export function ruleQuery(rule: PolicyRule, tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): RuleQuery {
  const title = ruleTitle(rule, tools);
  const ruleTools = rule.tools.map((id) => tools.find((tool) => tool.id === id)).filter((tool): tool is ToolDefinition => tool !== undefined);
  const parts = ruleTools.flatMap((tool) => [extensionCheck(rule, tool), extensionFolderCheck(rule, tool, platforms), processCheck(rule, tool, platforms), installedCheck(rule, tool, platforms)])
    .filter((part): part is string => part !== undefined);
  const alternative = alternativeText(rule);
  const comments = [
    ...sqlComment('rule', rule.id),
    ...sqlComment('title', title),
    ...sqlComment('tools', ruleTools.map((tool) => `${tool.name} (${tool.id})`).join(', ')),
    ...sqlComment('deadline', deadlineText(rule)),
    ...(ruleReason(rule) !== undefined ? sqlComment('reason', ruleReason(rule) as string) : []),
    ...(alternative !== undefined ? sqlComment('alternative', alternative) : []),
    ...(parts.length === 0 ? ['-- osquery cannot observe these tools (they are recognised only by terminal or editor names); the query returns no rows.'] : []),
  ];
  return { rule, title, comments, ...(parts.length > 0 ? { select: parts.join('\nUNION ALL\n') } : {}) };
}

const EMPTY_SELECT = `SELECT NULL AS rule_id, NULL AS tool_id, NULL AS kind, NULL AS found, NULL AS location, NULL AS username WHERE 0`;

/** One statement per rule, each preceded by its comment lines and ending in `;`. */
export function exportOsquery(rules: readonly PolicyRule[], tools: readonly ToolDefinition[], platforms: readonly ExportPlatform[]): string {
  const header = [
    '-- Tool policy checks for osquery: one statement per rule.',
    `-- Each returned row is a non-compliant finding (columns: ${RESULT_COLUMNS.join(', ')}).`,
    `-- Platforms: ${platforms.join(', ')}.`,
  ];
  const statements = rules.map((rule) => {
    const query = ruleQuery(rule, tools, platforms);
    return [...query.comments, `${query.select ?? EMPTY_SELECT};`].join('\n');
  });
  return `${[header.join('\n'), ...statements].join('\n\n')}\n`;
}
