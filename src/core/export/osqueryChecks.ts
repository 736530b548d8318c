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
import { POSIX_INSTALL_FOLDERS, POSIX_SYSTEM_FOLDERS, WINDOWS_INSTALL_FOLDERS } from '../detect/installFolders';
import type { ExportPlatform, MatcherKind } from './osqueryMatchers';
import { processRunCtes } from './osqueryProcesses';
import { sqlString } from './sqlText';

export interface CheckContext {
  readonly platforms: readonly ExportPlatform[];
  /** The kinds of matcher the rule's tools have. */
  readonly kinds: ReadonlySet<MatcherKind>;
}

export interface Check {
  /** CTEs the select needs (names unique across checks), each `name(columns) AS (…)`. */
  readonly ctes: readonly string[];
  readonly select: string;
}

/** Said on a row for an extension folder that may be an uninstalled copy. */
export const OBSOLETE_NOTE = 'may be an uninstalled copy awaiting deletion: this folder has a .obsolete list, which osquery cannot read';

const posixOf = (platforms: readonly ExportPlatform[]) => platforms.some((platform) => platform !== 'windows');
const windowsOf = (platforms: readonly ExportPlatform[]) => platforms.includes('windows');
const windowsPath = (relative: string) => relative.replace(/\//g, '\\');

/** `(relative folder, separator)` rows for the platforms: the same folders under a Windows profile. */
function relativeFolders(relatives: readonly string[], platforms: readonly ExportPlatform[]): string {
  const rows = [
    ...(posixOf(platforms) ? relatives.map((relative) => `(${sqlString(`/${relative}`)}, '/')`) : []),
    ...(windowsOf(platforms) ? relatives.map((relative) => `(${sqlString(`\\${windowsPath(relative)}`)}, '\\')`) : []),
  ];
  return `VALUES ${rows.join(', ')}`;
}

/** Extensions in the indexes osquery reads. */
function vscodeExtensions(context: CheckContext): Check | undefined {
  if (!context.kinds.has('extension') && !context.kinds.has('extension-glob')) return undefined;
  // CROSS JOIN keeps users first: vscode_extensions lists one user's extensions per uid it is given.
  return {
    ctes: [],
    select: `SELECT m.tool_id, 'extension', v.name || ' ' || coalesce(v.version, ''), v.path, u.username, NULL
    FROM users AS u CROSS JOIN vscode_extensions AS v USING (uid) CROSS JOIN matcher AS m
    WHERE (m.kind = 'extension' AND m.value = lower(v.name)) OR (m.kind = 'extension-glob' AND lower(v.name) GLOB m.value)`,
  };
}

/**
 * Extension folders (`<id>-<version>[-<platform>]`) in every editor's extensions folder
 * that `vscode_extensions` did not report. A folder named in `.obsolete` is uninstalled;
 * osquery cannot read that list, but from its size it can tell that a folder is not in
 * it (`{"<folder>":true}` takes at least the name's length plus 9 bytes). Otherwise the row
 * says the folder may be such a copy.
 */
function extensionFolders(context: CheckContext): Check | undefined {
  if (!context.kinds.has('extension') && !context.kinds.has('extension-glob')) return undefined;
  const samePath = windowsOf(context.platforms)
    ? `(x.path = f.path OR lower(replace(x.path, '/', '\\')) = '\\' || lower(f.path))`
    : 'x.path = f.path';
  return {
    ctes: [
      `ext_folder(relative, separator) AS (${relativeFolders(EDITOR_EXTENSION_FOLDERS.map(([, relative]) => relative), context.platforms)})`,
      `ext_dir(uid, username, dir, obsolete) AS (SELECT u.uid, u.username, u.directory || r.relative, u.directory || r.relative || r.separator || '.obsolete' FROM users AS u CROSS JOIN ext_folder AS r)`,
    ],
    // GLOB keeps `_` literal and needs a digit after the id, so `anthropic.claude-code-themes-1.0.0` is not Claude Code.
    select: `SELECT m.tool_id, 'extension', f.filename, f.path, d.username,
      CASE WHEN o.size IS NULL OR o.size < length(f.filename) + 9 THEN NULL ELSE ${sqlString(OBSOLETE_NOTE)} END
    FROM ext_dir AS d CROSS JOIN file AS f ON f.directory = d.dir LEFT JOIN file AS o ON o.path = d.obsolete CROSS JOIN matcher AS m
    WHERE m.kind IN ('extension', 'extension-glob') AND lower(f.filename) GLOB m.value || '-[0-9]*' AND f.filename NOT GLOB '.*'
      AND (f.type = 'directory' OR f.symlink = 1)
      AND NOT EXISTS (SELECT 1 FROM vscode_extensions AS x WHERE x.uid = d.uid AND ${samePath})`,
  };
}

/** Running processes, by the same rules as the scan (osqueryProcesses.ts). */
function processes(context: CheckContext): Check | undefined {
  if (!context.kinds.has('name') && !context.kinds.has('package')) return undefined;
  return {
    ctes: processRunCtes(),
    select: `SELECT m.tool_id, 'process', p.name || ' (pid ' || p.pid || ')', p.cmdline, u.username, NULL
    FROM proc_run AS r JOIN matcher AS m ON m.kind = r.kind AND m.value = r.value
      JOIN proc AS p ON p.pid = r.pid LEFT JOIN users AS u ON u.uid = p.uid`,
  };
}

/** Command-line tools in the usual install folders of every user, and the system's. */
function installed(context: CheckContext): Check | undefined {
  if (!context.kinds.has('file')) return undefined;
  const system = posixOf(context.platforms) ? POSIX_SYSTEM_FOLDERS.map((folder) => `\n      UNION ALL SELECT NULL, ${sqlString(folder)}`).join('') : '';
  const relatives = [
    ...(posixOf(context.platforms) ? POSIX_INSTALL_FOLDERS.map((relative) => `(${sqlString(`/${relative}`)})`) : []),
    ...(windowsOf(context.platforms) ? WINDOWS_INSTALL_FOLDERS.map((relative) => `(${sqlString(`\\${windowsPath(relative)}`)})`) : []),
  ];
  return {
    ctes: [
      `bin_folder(relative) AS (VALUES ${relatives.join(', ')})`,
      `bin_dir(username, dir) AS (SELECT u.username, u.directory || r.relative FROM users AS u CROSS JOIN bin_folder AS r${system})`,
    ],
    select: `SELECT m.tool_id, 'installed', f.path, f.directory, d.username, NULL
    FROM bin_dir AS d CROSS JOIN file AS f ON f.directory = d.dir CROSS JOIN matcher AS m
    WHERE m.kind = 'file' AND m.value = lower(f.filename)`,
  };
}

export const CHECKS: ReadonlyArray<(context: CheckContext) => Check | undefined> = [vscodeExtensions, extensionFolders, processes, installed];

/** What osquery cannot see that the scan does, for the comments. */
export const NOT_SEEN_BY_OSQUERY = [
  'MCP server definitions in editors\' and agents\' config files (osquery has no table that reads them)',
  'commands typed in terminals, terminal names and the host editor (only the editor sees them)',
  'an extension folder named neither in an index osquery reads nor as <id>-<version> (the scan reads its package.json)',
  'an index entry whose folder is named in .obsolete (osquery lists the entry)',
  'the npm prefix set in ~/.npmrc (osquery cannot read it; the usual install folders are looked at)',
];
