/**
 * Who acknowledged a rule, as osquery sees it: the editor and `scan` leave an empty marker
 * file `ack/<rule id>.<first 12 hex digits of the rule's hash>` in each person's state
 * folder (README "Acknowledgements and first-seen times"; the name's encoding is
 * core/acknowledgements.ts `markerName`). One statement per rule looks for it under every
 * user's home in `users`, through the `file` table; a returned row is a person who
 * acknowledged the rule as written now (not a finding). The state folder is placed as the
 * product places it for a home whose owner sets no XDG_STATE_HOME or LOCALAPPDATA.
 */
import { markerName } from '../acknowledgements';
import type { PolicyRule } from '../policy/types';
import type { ExportPlatform } from './osqueryCheckKind';
import { underHome } from './osqueryPaths';
import { sqlComment, sqlString } from './sqlText';

/** Columns of every returned row. */
const ACKNOWLEDGEMENT_COLUMNS = ['rule_id', 'username', 'marker', 'acknowledged_at'] as const;

/** The state folder under a home, `/`-separated, per platform (src/machine/stateFolder.ts). */
const STATE_UNDER_HOME: Readonly<Record<ExportPlatform, string>> = {
  linux: '/.local/state/tool-policy',
  macos: '/Library/Application Support/ToolPolicy/state',
  windows: '/AppData/Local/ToolPolicy/state',
};

function acknowledgementQuery(rule: PolicyRule, platforms: readonly ExportPlatform[]): string {
  const marker = markerName(rule.id, rule.hash);
  const relatives = [...new Set(platforms.map((platform) => `${STATE_UNDER_HOME[platform]}/${marker}`))].map((relative) => `(${sqlString(relative)})`).join(', ');
  return [
    ...sqlComment('acknowledgements of rule', rule.id),
    ...sqlComment('marker file', marker),
    `WITH ack_path(relative) AS (VALUES ${relatives}),`,
    `  ack_marker(username, path) AS MATERIALIZED (SELECT u.username, ${underHome('r.relative')} FROM users AS u CROSS JOIN ack_path AS r)`,
    `SELECT ${sqlString(rule.id)} AS rule_id, m.username, f.path AS marker, f.mtime AS acknowledged_at`,
    `  FROM ack_marker AS m CROSS JOIN file AS f ON f.path = m.path WHERE f.type = 'regular';`,
  ].join('\n');
}

/** The section an osquery export ends with: its header, then one statement per rule. */
export function acknowledgementSection(rules: readonly PolicyRule[], platforms: readonly ExportPlatform[]): string[] {
  if (rules.length === 0) return [];
  return [
    [
      '-- Acknowledgements: one statement per rule, after the checks above.',
      `-- Each returned row is a person who acknowledged the rule as it is written now (columns: ${ACKNOWLEDGEMENT_COLUMNS.join(', ')});`,
      '-- it is not a finding. acknowledged_at is the marker file\'s mtime (unix seconds).',
    ].join('\n'),
    ...rules.map((rule) => acknowledgementQuery(rule, platforms)),
  ];
}
