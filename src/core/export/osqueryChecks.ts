/**
 * The checks of the osquery export, one function each. A check reads osquery tables and
 * the rule's `matcher` table (osqueryMatchers.ts) and selects the columns
 * `tool_id, kind, found, location, username, note`: one row per thing found, naming it.
 * A check returns undefined when the rule has no matcher it uses; adding a kind of check
 * is adding one function here and listing it in CHECKS.
 *
 * Target: osquery 5.15 and later. Its `vscode_extensions` table reads the
 * `extensions.json` index of `~/.vscode`, `~/.vscode-insiders`, `~/.vscode-server` and
 * `~/.vscode-server-insiders` (osquery/tables/applications/vscode_extensions.cpp), keeping
 * only entries whose `identifier`, `metadata` and `location` are objects; later versions
 * read more forks. Every other editor folder, and whatever an index does not list (or
 * osquery could not parse: a byte-order mark, broken JSON), is read through the `file`
 * table, and a folder `vscode_extensions` already reported is left out there, so each
 * install is one row whichever folders the running osquery reads.
 */
import { EDITOR_EXTENSION_FOLDERS } from '../detect/editorExtensions';
import { POSIX_INSTALL_FOLDERS, POSIX_SYSTEM_FOLDERS, WINDOWS_COMMAND_SUFFIXES, WINDOWS_INSTALL_FOLDERS } from '../detect/installFolders';
import { JETBRAINS_CHECKS, JETBRAINS_NOT_SEEN } from './osqueryJetbrains';
import type { Check, CheckKind, ExportPlatform } from './osqueryCheckKind';
import type { MatcherKind } from './osqueryMatchers';
import { posixOf, SEPARATOR, underHome, windowsOf } from './osqueryPaths';
import { processRunCtes } from './osqueryProcesses';
import { compactSql, sqlString } from './sqlText';

export type { ExportPlatform } from './osqueryCheckKind';

/** Said on a row for an extension folder that may be an uninstalled copy. */
export const OBSOLETE_NOTE = 'may be an uninstalled copy awaiting deletion: this folder has a .obsolete list, which osquery cannot read';


/** Extensions in the indexes osquery reads. */
const vscodeExtensions: CheckKind = {
  uses: ['extension', 'extension-glob'],
  // CROSS JOIN keeps users first: vscode_extensions lists one user's extensions per uid it is given.
  build: () => ({
    ctes: [],
    select: `SELECT m.tool_id, 'extension', v.name || ' ' || coalesce(v.version, ''), v.path, u.username, NULL
    FROM users AS u CROSS JOIN vscode_extensions AS v USING (uid) CROSS JOIN matcher AS m
    WHERE (m.kind = 'extension' AND m.value = lower(v.name)) OR (m.kind = 'extension-glob' AND lower(v.name) GLOB m.value)`,
  }),
};

/**
 * Extension folders (`<id>-<version>[-<platform>]`) in every editor's extensions folder
 * that `vscode_extensions` did not report. A folder named in `.obsolete` is uninstalled;
 * osquery cannot read that list, but from its size it can tell that a folder is not in
 * it (`{"<folder>":true}` takes at least the name's length plus 9 bytes). Otherwise the row
 * says the folder may be such a copy.
 */
const extensionFolders: CheckKind = {
  uses: ['extension', 'extension-glob'],
  build: (platforms) => {
    const samePath = windowsOf(platforms) ? `(x.path = f.path OR lower(replace(x.path, '/', '\\')) = '\\' || lower(f.path))` : 'x.path = f.path';
    const folders = EDITOR_EXTENSION_FOLDERS.map(([, relative]) => `(${sqlString(`/${relative}`)})`).join(', ');
    return {
      ctes: [
        `ext_folder(relative) AS (VALUES ${folders})`,
        `ext_dir(uid, username, dir, obsolete) AS MATERIALIZED (SELECT uid, username, dir, dir || separator || '.obsolete' FROM (
      SELECT u.uid, u.username, ${underHome('r.relative')} AS dir, ${SEPARATOR} AS separator FROM users AS u CROSS JOIN ext_folder AS r))`,
      ],
      // GLOB keeps `_` literal and needs a digit after the id, so `anthropic.claude-code-themes-1.0.0` is not Claude Code.
      select: `SELECT m.tool_id, 'extension', f.filename, f.path, d.username,
      CASE WHEN o.size IS NULL OR o.size < length(f.filename) + 9 THEN NULL ELSE ${sqlString(OBSOLETE_NOTE)} END
    FROM ext_dir AS d CROSS JOIN file AS f ON f.directory = d.dir LEFT JOIN file AS o ON o.path = d.obsolete CROSS JOIN matcher AS m
    WHERE m.kind IN ('extension', 'extension-glob') AND lower(f.filename) GLOB m.value || '-[0-9]*' AND f.filename NOT GLOB '.*'
      AND (f.type = 'directory' OR f.symlink = 1)
      AND NOT EXISTS (SELECT 1 FROM vscode_extensions AS x WHERE x.uid = d.uid AND ${samePath})`,
    };
  },
};

/** Running processes, by the same rules as the scan (osqueryProcesses.ts). */
const processes: CheckKind = {
  uses: ['name', 'package'],
  build: () => ({
    ctes: processRunCtes(),
    select: `SELECT m.tool_id, 'process', p.name || ' (pid ' || p.pid || ')', p.cmdline, u.username, NULL
    FROM proc_run AS r JOIN matcher AS m ON m.kind = r.kind AND m.value = r.value
      JOIN proc AS p ON p.pid = r.pid LEFT JOIN users AS u ON u.uid = p.uid`,
  }),
};

/** Command-line tools in the usual install folders of every user, and the system's. */
const installed: CheckKind = {
  uses: ['file'],
  build: (platforms) => {
    // A folder is looked for under the homes of its own kind of system only.
    const relatives = [
      ...(posixOf(platforms) ? POSIX_INSTALL_FOLDERS.map((relative) => `(${sqlString(`/${relative}`)}, 0)`) : []),
      ...(windowsOf(platforms) ? WINDOWS_INSTALL_FOLDERS.map((relative) => `(${sqlString(`/${relative}`)}, 1)`) : []),
    ];
    const system = posixOf(platforms) ? `\n      UNION ALL SELECT NULL, column1, 0 FROM (VALUES ${POSIX_SYSTEM_FOLDERS.map((folder) => `(${sqlString(folder)})`).join(', ')})` : '';
    return {
      ctes: [
        `bin_folder(relative, windows) AS (VALUES ${relatives.join(', ')})`,
        `bin_dir(username, dir, windows) AS (SELECT u.username, ${underHome('r.relative')}, r.windows FROM users AS u CROSS JOIN bin_folder AS r WHERE r.windows = (instr(u.directory, '\\') > 0)${system})`,
      ],
      // On Windows a command is also run by its name with a suffix (npm writes claude, claude.cmd and claude.ps1).
      select: `SELECT m.tool_id, 'installed', f.path, f.directory, d.username, NULL
    FROM bin_dir AS d CROSS JOIN file AS f ON f.directory = d.dir CROSS JOIN matcher AS m
    WHERE m.kind = 'file' AND (m.value = lower(f.filename)${windowsOf(platforms) ? `
      OR (d.windows = 1 AND substr(lower(f.filename), -4) IN (${WINDOWS_COMMAND_SUFFIXES.map(sqlString).join(', ')}) AND m.value = substr(lower(f.filename), 1, length(f.filename) - 4))` : ''})`,
    };
  },
};

/** Every kind of check, in the order their rows come. Adding a kind is adding one entry here. */
const CHECK_KINDS: readonly CheckKind[] = [vscodeExtensions, extensionFolders, processes, installed, ...JETBRAINS_CHECKS];

/** The checks of a statement as text: their CTEs, and the `finding` CTE that unites their rows. */
export interface ChecksText {
  readonly ctes: string;
  readonly finding: string;
}

const built = new Map<string, readonly Check[]>();
const texts = new Map<string, ChecksText | undefined>();

/**
 * The checks a rule whose tools have matchers of `kinds` needs, as text; undefined when it
 * needs none. Built once per set of kinds and platforms: every statement repeats them.
 */
export function checksFor(kinds: ReadonlySet<MatcherKind>, platforms: readonly ExportPlatform[]): ChecksText | undefined {
  const platformsKey = platforms.join(',');
  const key = `${[...kinds].sort().join(',')} ${platformsKey}`;
  if (texts.has(key)) return texts.get(key);
  let checks = built.get(platformsKey);
  if (!checks) {
    checks = CHECK_KINDS.map((kind) => {
      const check = kind.build(platforms);
      return { ctes: check.ctes.map(compactSql), select: compactSql(check.select) };
    });
    built.set(platformsKey, checks);
  }
  const applies = (kind: CheckKind) => kind.uses.some((use) => kinds.has(use))
    && (kind.with === undefined || kinds.has(kind.with)) && (kind.without === undefined || !kinds.has(kind.without));
  const used = CHECK_KINDS.flatMap((kind, index) => (applies(kind) ? [checks[index] as Check] : []));
  const text = used.length === 0 ? undefined : {
    ctes: used.flatMap((check) => check.ctes).join(',\n  '),
    finding: `finding(tool_id, kind, found, location, username, note) AS (\n  ${used.map((check) => check.select).join('\n  UNION ALL\n  ')})`,
  };
  texts.set(key, text);
  return text;
}

/** What osquery cannot see that the scan does, for the comments. */
export const NOT_SEEN_BY_OSQUERY = [
  'MCP server definitions in editors\' and agents\' config files (osquery has no table that reads them)',
  'commands typed in terminals, terminal names and the host editor (only the editor sees them)',
  'an extension folder named neither in an index osquery reads nor as <id>-<version> (the scan reads its package.json)',
  'an index entry whose folder is named in .obsolete (osquery lists the entry)',
  'the npm prefix set in ~/.npmrc (osquery cannot read it; the usual install folders are looked at)',
  ...JETBRAINS_NOT_SEEN,
];
