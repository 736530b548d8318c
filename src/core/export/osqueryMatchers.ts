/**
 * A rule's matchers as rows of one SQL table, `matcher(tool_id, kind, value)`, which
 * every check joins on. The rows are written once per tool, so a
 * statement grows with the matchers of the rule's tools and nothing else: no check is
 * repeated per tool, and no list of alternatives grows into an expression SQLite refuses
 * (it allows 500 terms in a compound SELECT and an expression 1,000 deep; a VALUES list
 * has no such limit).
 *
 * Values are normalised the way the scan compares them: extension ids lower-cased, a
 * process or command by its program name (programNames.ts), packages lower-cased, and an
 * installed command by its lower-cased name. A JetBrains plugin id becomes the name and
 * vendor its plugin.xml declares, and the folder it installs into (jetbrainsPluginNames.ts):
 * osquery does not give the id.
 */
import { programName } from '../detect/programNames';
import { jetbrainsPluginFolders, jetbrainsPluginNames } from '../jetbrainsPluginNames';
import type { ToolDefinition } from '../tools';
import { sqlString } from './sqlText';

export type MatcherKind =
  /** An extension id without `*`, lower-cased. */
  | 'extension'
  /** An extension id with `*`, lower-cased: a GLOB pattern (ids hold no other GLOB character). */
  | 'extension-glob'
  /** A program name a process runs (the tool's process and command names). */
  | 'name'
  /** An npm package a process runs from. */
  | 'package'
  /** A command's file name in an install folder (on Windows also with a suffix Windows runs it by). */
  | 'file'
  /** A JetBrains plugin's name and vendor as plugin.xml declares them: nameVendorKey. */
  | 'jetbrains-plugin'
  /** The folder a JetBrains plugin installs into, lower-cased. */
  | 'jetbrains-folder';

export type Matcher = readonly [kind: MatcherKind, value: string];

/** Every matcher of one tool, each once. */
function toolMatchers(tool: ToolDefinition): Matcher[] {
  const found = new Map<string, Matcher>();
  const add = (kind: MatcherKind, value: string) => {
    if (value !== '') found.set(`${kind}\0${value}`, [kind, value]);
  };
  for (const id of tool.extensions) add(id.includes('*') ? 'extension-glob' : 'extension', id.toLowerCase());
  for (const name of [...tool.processes, ...tool.commands]) add('name', programName(name));
  for (const pkg of tool.packages) add('package', pkg.toLowerCase());
  for (const command of tool.commands) add('file', command.toLowerCase());
  for (const id of tool.jetbrainsPlugins) {
    for (const { name, vendor } of jetbrainsPluginNames(id)) add('jetbrains-plugin', nameVendorKey(name, vendor));
    for (const folder of jetbrainsPluginFolders(id)) add('jetbrains-folder', folder.toLowerCase());
  }
  return [...found.values()];
}

/**
 * One value for a name and a vendor that no other pair shares: the name's length in
 * characters (SQLite's `length` of text), `:`, the name, the vendor. The SQL side builds
 * the same from a `jetbrains_plugins` row.
 */
function nameVendorKey(name: string, vendor: string): string {
  return `${[...name].length}:${name}${vendor}`;
}

interface ToolRows {
  /** `('tool', 'kind', 'value')` rows, comma-separated; empty when the tool has none. */
  readonly rows: string;
  readonly kinds: readonly MatcherKind[];
  /** The kinds as bits of KIND_BITS. */
  readonly kindBits: number;
}

/** One bit per kind of matcher, to gather the kinds of many tools without sets. */
const KIND_BITS: Readonly<Record<MatcherKind, number>> = { extension: 1, 'extension-glob': 2, name: 4, package: 8, file: 16, 'jetbrains-plugin': 32, 'jetbrains-folder': 64 };

export function kindsOfBits(bits: number): Set<MatcherKind> {
  return new Set((Object.keys(KIND_BITS) as MatcherKind[]).filter((kind) => (bits & KIND_BITS[kind]) !== 0));
}

const rowsCache = new WeakMap<ToolDefinition, ToolRows>();

/** A tool's matcher rows, worked out once per tool, however many rules name it. */
export function toolMatcherRows(tool: ToolDefinition): ToolRows {
  let rows = rowsCache.get(tool);
  if (rows === undefined) {
    const id = sqlString(tool.id);
    const matchers = toolMatchers(tool);
    const kinds = [...new Set(matchers.map(([kind]) => kind))];
    rows = {
      rows: matchers.map(([kind, value]) => `(${id}, '${kind}', ${sqlString(value)})`).join(',\n    '),
      kinds,
      kindBits: kinds.reduce((bits, kind) => bits | KIND_BITS[kind], 0),
    };
    rowsCache.set(tool, rows);
  }
  return rows;
}
