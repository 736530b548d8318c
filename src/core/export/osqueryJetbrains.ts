/**
 * JetBrains plugins in the osquery export. osquery's `jetbrains_plugins` table
 * (osquery/tables/applications/jetbrains_plugins.cpp, in osquery 5.19) lists, per user,
 * the plugins of CLion, DataGrip, GoLand, IntelliJIdea, IdeaIC, PhpStorm, PyCharm,
 * PyCharmCE, ReSharper, Rider, RubyMine, RustRover and WebStorm folders: a bare jar, or a
 * folder whose `lib/` holds the jar with META-INF/plugin.xml. It gives the text between
 * that file's `<name>` and `<vendor>` tags as written (entities and surrounding whitespace
 * kept), never the `<id>` the scan matches by; it does not read `disabled_plugins.txt`.
 * So a plugin id the catalog knows a name for is matched there by name and vendor
 * (exactly, whitespace around them trimmed), and every plugins folder the scan reads is
 * also listed through the `file` table, where a plugin is recognised by the folder it
 * installs into: Aqua, DataSpell, Gateway, Android Studio (under Google/) and any other
 * product, `%LOCALAPPDATA%` on Windows, an unpacked plugin (plugin.xml outside a jar),
 * and, on Linux, whichever of `<Product><version>/` (the IDE's) and its `plugins/`
 * sub-folder an osquery version reads. A folder `jetbrains_plugins` already reported is
 * left out there when the tool has a name to match, so each plugin is one row.
 */
import { jetbrainsPluginFolders, jetbrainsPluginNames } from '../jetbrainsPluginNames';
import type { ToolDefinition } from '../tools';
import type { CheckKind } from './osqueryCheckKind';
import { posixOf, SEPARATOR, underHome, windowsOf } from './osqueryPaths';
import { sqlString } from './sqlText';

/** Said on a row found by its folder's name only. */
export const JETBRAINS_FOLDER_NOTE = 'found by its folder name only: osquery read no plugin.xml for this folder, so the plugin it holds was not checked';

/** Whitespace XML allows around a tag's text: `jetbrains_plugins` keeps it. */
const trimmed = (column: string) => `trim(${column}, ' ' || char(9) || char(10) || char(13))`;

/** Plugins `jetbrains_plugins` lists, matched by name and vendor (osqueryMatchers.ts nameVendorKey). */
const pluginsTable: CheckKind = {
  uses: ['jetbrains-plugin'],
  // CROSS JOIN keeps users first: jetbrains_plugins lists one user's plugins per uid it is given.
  build: () => ({
    ctes: [],
    select: `SELECT m.tool_id, 'jetbrainsPlugin', ${trimmed('j.name')} || ' ' || coalesce(j.version, ''), j.path, u.username, NULL
    FROM users AS u CROSS JOIN jetbrains_plugins AS j USING (uid) CROSS JOIN matcher AS m
    WHERE m.kind = 'jetbrains-plugin' AND m.value = length(${trimmed('j.name')}) || ':' || ${trimmed('j.name')} || ${trimmed('j.vendor')}`,
  }),
};

/**
 * Where a person's IDEs keep their plugins, as jetbrainsFolders.ts reads them: under
 * `<vendor>/<Product><version>`, then `inside`. Google's folders are Android Studio's only.
 */
const POSIX_ROOTS: ReadonlyArray<readonly [relative: string, inside: string]> = [
  ['.local/share/JetBrains', ''], ['.local/share/Google', ''],
  ['Library/Application Support/JetBrains', '/plugins'], ['Library/Application Support/Google', '/plugins'],
];
const WINDOWS_ROOTS: ReadonlyArray<readonly [relative: string, inside: string]> = [
  ['AppData/Roaming/JetBrains', '/plugins'], ['AppData/Roaming/Google', '/plugins'],
  ['AppData/Local/JetBrains', '/plugins'], ['AppData/Local/Google', '/plugins'],
];

/** `<Product><version>` as jetbrainsLayout.ts's PRODUCT_FOLDER: letters, then digits and dots with a dot between digits. */
const productFolder = (name: string) =>
  `(${name} GLOB '[A-Za-z]*[0-9].[0-9]*' AND rtrim(rtrim(${name}, '0123456789.'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') = '')`;

function pluginFolders(withTable: boolean): CheckKind {
  return {
    uses: ['jetbrains-folder'],
    ...(withTable ? { with: 'jetbrains-plugin' as const } : { without: 'jetbrains-plugin' as const }),
    build: (platforms) => {
      const roots = [
        ...(posixOf(platforms) ? POSIX_ROOTS.map(([relative, inside]) => `(${sqlString(`/${relative}`)}, ${sqlString(inside)}, 0)`) : []),
        ...(windowsOf(platforms) ? WINDOWS_ROOTS.map(([relative, inside]) => `(${sqlString(`/${relative}`)}, ${sqlString(inside)}, 1)`) : []),
      ];
      const samePath = windowsOf(platforms) ? 'lower(x.path) = lower(f.path)' : 'x.path = f.path';
      // Only a tool with a name to match leaves a folder jetbrains_plugins reported to that table;
      // a rule whose tools have none does not read the table at all (older osquery lacks it).
      const reported = withTable
        ? `\n      AND NOT (EXISTS (SELECT 1 FROM matcher AS n WHERE n.tool_id = m.tool_id AND n.kind = 'jetbrains-plugin')
        AND EXISTS (SELECT 1 FROM jetbrains_plugins AS x WHERE x.uid = d.uid AND ${samePath}))`
        : '';
      return {
        ctes: [
          `jb_root(relative, inside, windows) AS (VALUES ${roots.join(', ')})`,
          `jb_dir(uid, username, dir) AS MATERIALIZED (
      SELECT u.uid, u.username, p.path || replace(r.inside, '/', ${SEPARATOR})
      FROM users AS u CROSS JOIN jb_root AS r CROSS JOIN file AS p ON p.directory = ${underHome('r.relative')}
      WHERE r.windows = (instr(u.directory, '\\') > 0) AND (p.type = 'directory' OR p.symlink = 1) AND ${productFolder('p.filename')}
        AND (r.relative NOT GLOB '*/Google' OR p.filename GLOB 'AndroidStudio*'))`,
        ],
        select: `SELECT m.tool_id, 'jetbrainsPlugin', f.filename, f.path, d.username, ${sqlString(JETBRAINS_FOLDER_NOTE)}
    FROM jb_dir AS d CROSS JOIN file AS f ON f.directory = d.dir CROSS JOIN matcher AS m
    WHERE m.kind = 'jetbrains-folder' AND lower(f.filename) = m.value AND (f.type = 'directory' OR f.symlink = 1)${reported}`,
      };
    },
  };
}

/** The JetBrains checks, in the order their rows come. */
export const JETBRAINS_CHECKS: readonly CheckKind[] = [pluginsTable, pluginFolders(true), pluginFolders(false)];

/** The comment lines a rule's statement carries for what osquery cannot match of its tools' JetBrains plugins and ACP agents. */
export function jetbrainsComments(tools: readonly ToolDefinition[]): Array<readonly [label: string, text: string]> {
  const byFolder: string[] = [];
  const unmatched: string[] = [];
  const agents: string[] = [];
  for (const tool of tools) {
    for (const id of tool.jetbrainsPlugins) {
      if (jetbrainsPluginNames(id).length > 0) continue;
      (jetbrainsPluginFolders(id).length > 0 ? byFolder : unmatched).push(`${id} (${tool.name})`);
    }
    if (tool.acpAgents.length > 0) agents.push(`${tool.acpAgents.join(', ')} (${tool.name})`);
  }
  return [
    ...(byFolder.length > 0 ? [['JetBrains plugins with no known name and vendor, found only by the folder they install into', byFolder.join(', ')] as const] : []),
    ...(unmatched.length > 0 ? [['JetBrains plugins osquery cannot match (jetbrains_plugins has no plugin id; no name, vendor or folder is known for these)', unmatched.join(', ')] as const] : []),
    ...(agents.length > 0 ? [['ACP agents osquery cannot read (~/.jetbrains/acp.json)', agents.join('; ')] as const] : []),
  ];
}

/** What osquery cannot see of JetBrains IDEs, for the header. */
export const JETBRAINS_NOT_SEEN = [
  'a JetBrains plugin by its id: jetbrains_plugins gives a plugin\'s name and vendor only, so a plugin is matched by the name and vendor its plugin.xml declares (another plugin declaring the same is reported too; a renamed release is missed), or by the folder it installs into where no name is known (a renamed folder is missed)',
  'whether a JetBrains plugin is disabled (disabled_plugins.txt; the scan reports it too, marked disabled)',
  'ACP agents in ~/.jetbrains/acp.json (no table reads it; the file table would show only that the file exists, not which agents it defines)',
];
