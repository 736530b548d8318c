/**
 * The three faces of the differential test, each reading a fixture home written by
 * writeHome and answering with a normalised set of findings (homes.ts explains the keys):
 * - scan: `tool-policy scan --format json` through the CLI's `run()`, processes injected
 *   through its process-reader seam;
 * - editor: the editor's evidence path: its own sources, ExtensionInventory (one editor
 *   per extensions folder, each reading its folder through the reader extension.ts gives
 *   it) and InstalledCommandsScanner (with the finder extension.ts gives it, for this
 *   home), the owner's processes as terminal processes, through buildSnapshot;
 * - osquery: the export run in SQLite on tables filled the way osquery fills them:
 *   `users`, `vscode_extensions` only from the folders and entries osquery 5.15's
 *   vscode_extensions.cpp reads, `jetbrains_plugins` the way osquery 5.19's
 *   jetbrains_plugins.cpp fills it, `file` for every path, `processes`, `time`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { CliEnvironment } from '../../../src/cli/environment';
import { run } from '../../../src/cli/run';
import { loadPolicies } from '../../../src/cli/policies';
import { EDITOR_EXTENSION_FOLDERS, parseExtensionFolderName } from '../../../src/core/detect/editorExtensions';
import { NOTHING_OBSERVED, type Observables } from '../../../src/core/detect/gatherEvidence';
import type { ProcessInfo } from '../../../src/core/detect/processTree';
import { exportOsquery } from '../../../src/core/export/osquery';
import type { Evidence } from '../../../src/core/detect/evidence';
import { buildSnapshot } from '../../../src/core/snapshot';
import { findCommandsInstalledFor } from '../../../src/machine/commandsOnPath';
import { scanExtensionsFolder } from '../../../src/machine/extensionsFolder';
import { Emitter } from '../../../src/vscode/emitter';
import { ExtensionInventory, type InventoryEditor } from '../../../src/vscode/extensionInventory';
import { InstalledCommandsScanner } from '../../../src/vscode/installedCommandsScanner';
import { testReader } from '../../unit/shellReader';
import { orderPluginJars } from '../../../src/core/detect/jetbrainsLayout';
import { jar, pluginXml } from '../jetbrainsFixtures';
import { printedFleetPolicies } from '../fleetFile';
import { OSQUERY_TABLES } from '../osqueryTables';
import { GROUPS, UIDS, type EditorFolder, type FixtureProcess, type Home, type IndexEntry, type JetBrainsIdeFixture, type Owner } from './homes';

export interface WrittenHome {
  readonly spec: Home;
  /** The folder holding every user's home (`<root>/home/<user>`). */
  readonly root: string;
  readonly home: string;
  readonly policyFile: string;
  readonly now: Date;
}

const homeOf = (root: string, owner: Owner) => path.join(root, 'home', owner);

function indexEntry(extensionsFolder: string, entry: IndexEntry): Record<string, unknown> {
  const folder = entry.folder ?? `${entry.id.toLowerCase()}-${entry.version}`;
  const location = path.join(extensionsFolder, folder);
  const shape = entry.shape ?? 'full';
  return {
    identifier: { id: entry.id, uuid: '00000000-0000-0000-0000-000000000000' },
    version: entry.version,
    ...(shape === 'string-location' ? { location } : { location: { $mid: 1, path: location, scheme: 'file' }, relativeLocation: folder }),
    ...(shape === 'no-metadata' ? {} : { metadata: { installedTimestamp: 1760000000000, publisherDisplayName: entry.id.split('.')[0], publisherId: 'p', isPreReleaseVersion: false } }),
  };
}

function writeEditorFolder(home: string, editor: EditorFolder): void {
  const dir = path.join(home, ...editor.folder.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, id, version] of editor.folders ?? []) {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    const [publisher, extensionName] = id.split('.');
    fs.writeFileSync(path.join(dir, name, 'package.json'), JSON.stringify({ publisher, name: extensionName, version }));
  }
  if (editor.index && 'raw' in editor.index) fs.writeFileSync(path.join(dir, 'extensions.json'), editor.index.raw);
  else if (editor.index) fs.writeFileSync(path.join(dir, 'extensions.json'), `${editor.index.bom ? '\ufeff' : ''}${JSON.stringify(editor.index.entries.map((entry) => indexEntry(dir, entry)))}`);
  if (editor.obsolete) fs.writeFileSync(path.join(dir, '.obsolete'), JSON.stringify(Object.fromEntries(editor.obsolete.map((name) => [name, true]))));
}

/** An IDE's folders in the Linux layout: disabled_plugins.txt under ~/.config, plugins in ~/.local/share. */
function writeJetBrainsIde(home: string, ide: JetBrainsIdeFixture): void {
  const plugins = path.join(home, '.local', 'share', ...ide.folder.split('/'));
  fs.mkdirSync(plugins, { recursive: true });
  if (ide.disabled) {
    const config = path.join(home, '.config', ...ide.folder.split('/'));
    fs.mkdirSync(config, { recursive: true });
    fs.writeFileSync(path.join(config, 'disabled_plugins.txt'), `${ide.disabled.join('\n')}\n`);
  }
  for (const plugin of ide.plugins) {
    const descriptor = pluginXml({ id: plugin.id, name: plugin.name, version: plugin.version, vendor: plugin.vendor });
    const entry = path.join(plugins, plugin.entry);
    switch (plugin.shape ?? 'lib') {
      case 'jar': fs.writeFileSync(entry, jar({ 'META-INF/plugin.xml': descriptor })); break;
      case 'unpacked':
        fs.mkdirSync(path.join(entry, 'META-INF'), { recursive: true });
        fs.writeFileSync(path.join(entry, 'META-INF', 'plugin.xml'), descriptor);
        break;
      case 'lib':
        fs.mkdirSync(path.join(entry, 'lib'), { recursive: true });
        fs.writeFileSync(path.join(entry, 'lib', 'util-1.0.jar'), jar({ 'com/example/Util.class': 'class' }));
        fs.writeFileSync(path.join(entry, 'lib', `${plugin.entry}.jar`), jar({ 'META-INF/plugin.xml': descriptor }));
        break;
    }
  }
}

/** Writes the home (and empty homes for the machine's other users) under `root`. */
export function writeHome(root: string, spec: Home, policyText: string, now: string): WrittenHome {
  for (const owner of Object.keys(UIDS) as Owner[]) fs.mkdirSync(homeOf(root, owner), { recursive: true });
  const home = homeOf(root, spec.owner);
  for (const editor of spec.editors ?? []) writeEditorFolder(home, editor);
  for (const ide of spec.jetbrains ?? []) writeJetBrainsIde(home, ide);
  for (const [relative, text] of Object.entries(spec.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
    fs.writeFileSync(path.join(home, relative), text);
  }
  const policyFile = path.join(root, 'policy.yaml');
  fs.writeFileSync(policyFile, policyText);
  return { spec, root, home, policyFile, now: new Date(now) };
}

const processInfo = (process: FixtureProcess): ProcessInfo & { uid: number } => ({ pid: process.pid, ppid: 1, name: process.name, argv: process.argv, uid: UIDS[process.owner] });
const ownersProcesses = (written: WrittenHome) => (written.spec.processes ?? []).filter((process) => process.owner === written.spec.owner);

/** `~/…` for a path under the home. */
function homeRelative(written: WrittenHome, full: string): string {
  const relative = path.relative(written.home, full);
  return relative.startsWith('..') ? full : `~/${relative.split(path.sep).join('/')}`;
}

function extensionWhere(written: WrittenHome, extensionsFolder: string, id: string, version: string): string {
  return `${homeRelative(written, extensionsFolder)}:${id.toLowerCase()}@${version}`;
}

function evidenceWhere(written: WrittenHome, evidence: Evidence | ReportEvidence): string {
  switch (evidence.kind) {
    case 'extension': {
      if ('extensionId' in evidence) return extensionWhere(written, path.dirname(evidence.location as string), evidence.extensionId, evidence.version);
      return extensionWhere(written, path.dirname(evidence.folder as string), evidence.id, evidence.version);
    }
    case 'process': return `pid ${evidence.pid}`;
    case 'installed': return homeRelative(written, evidence.path);
    case 'mcp': return `${homeRelative(written, evidence.file)}#${evidence.server}`;
    case 'mcpServer': return `${homeRelative(written, evidence.file)}#${evidence.server}`;
    case 'jetbrainsPlugin': return homeRelative(written, 'folder' in evidence ? evidence.folder : evidence.location);
    case 'acpAgent': return `${homeRelative(written, evidence.file)}#${evidence.agent}`;
    default: return JSON.stringify(evidence);
  }
}

type ReportEvidence =
  | { kind: 'extension'; id: string; version: string; folder?: string }
  | { kind: 'process'; pid: number }
  | { kind: 'installed'; path: string }
  | { kind: 'mcp'; file: string; server: string }
  | { kind: 'jetbrainsPlugin'; folder: string }
  | { kind: 'acpAgent'; file: string; agent: string }
  | { kind: 'other'; description: string };

interface ScanReport {
  exitCode: number;
  findings: Array<{ ruleId: string; toolId: string; phase: string; evidence: ReportEvidence[] }>;
}

export interface ScanFace {
  readonly findings: Set<string>;
  readonly exitCode: number;
}

/** `tool-policy scan --format json --home HOME` through run(), with the machine's processes injected. */
export async function scanFace(written: WrittenHome, allUsers = false): Promise<ScanFace> {
  let stdout = '';
  let stderr = '';
  const processes = (written.spec.processes ?? []).map(processInfo);
  const io: CliEnvironment = {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    env: { PATH: '', LANG: 'C.UTF-8' },
    platform: 'linux',
    clock: () => written.now,
    homedir: () => written.home,
    hostname: () => 'fixture-host',
    pid: 999_999,
    version: '0.0.0-test',
    // The home's owner, as the OS would report the folder's owner.
    readPerson: async () => ({ person: { uid: UIDS[written.spec.owner], user: written.spec.owner, groups: GROUPS[written.spec.owner] }, problems: [] }),
    userNames: async (uids) => new Map((Object.keys(UIDS) as Owner[]).filter((owner) => uids.includes(UIDS[owner])).map((owner) => [UIDS[owner], owner])),
    processReader: { all: async () => processes, descendants: async () => [] },
    loadArgvReader: testReader,
  };
  const exitCode = await run(['scan', '--format', 'json', '--policy', written.policyFile, '--home', written.home, '--now', written.now.toISOString(), ...(allUsers ? ['--all-users'] : [])], io);
  if (!stdout.startsWith('{')) throw new Error(`scan printed no report (exit ${exitCode}): ${stderr}`);
  const report = JSON.parse(stdout) as ScanReport;
  const findings = new Set<string>();
  for (const finding of report.findings) {
    for (const evidence of finding.evidence) {
      findings.add([finding.ruleId, finding.toolId, evidence.kind, evidenceWhere(written, evidence), finding.phase].join('|'));
    }
  }
  return { findings, exitCode };
}

/** Everything each face says it could not read, for the table. */
export interface EditorFace {
  readonly findings: Set<string>;
  /** What the editor's sources could not read (the status bar then never says compliant). */
  readonly unread: number;
  readonly status: string;
}

/**
 * What the editor finds in the same files, through its own sources as extension.ts wires
 * them: an ExtensionInventory per extensions folder (the editor of that folder, running
 * nothing but this extension, so every other extension is read from the folder), the
 * InstalledCommandsScanner with the shared finder for this home, and buildSnapshot.
 */
export async function editorFace(written: WrittenHome): Promise<EditorFace> {
  const loaded = await loadPolicies([written.policyFile], 'linux', {});
  const policy = loaded.policy;
  const extensions: Observables['extensions'][number][] = [];
  const unread: Array<{ where: string; message: string }> = [];
  for (const [, relative] of EDITOR_EXTENSION_FOLDERS) {
    const dir = path.join(written.home, ...relative.split('/'));
    const changed = new Emitter<void>();
    const editor: InventoryEditor = { extensions: { all: [], onDidChange: changed.event }, env: { appRoot: '/opt/editor' } } as unknown as InventoryEditor;
    const inventory = new ExtensionInventory(path.join(dir, 'tool-policy.tool-policy-notices-0.1.0'), editor, { read: (folder) => scanExtensionsFolder({ editor: relative, path: folder }), watch: () => ({ dispose() { /* one reading */ } }) });
    try {
      await inventory.readInstalled();
      extensions.push(...inventory.list());
      unread.push(...inventory.problems());
    } finally {
      inventory.dispose();
      changed.dispose();
    }
  }
  const scanner = new InstalledCommandsScanner((tools) => findCommandsInstalledFor(tools, { home: written.home, platform: 'linux', env: { PATH: '' } }));
  await scanner.scan(policy.tools);
  unread.push(...scanner.problems());
  scanner.dispose();
  const seen: Observables = {
    ...NOTHING_OBSERVED,
    extensions,
    installedCommands: scanner.found(),
    // The editor runs as the owner and sees the owner's processes, in its terminals.
    terminalProcesses: [{ terminalName: 'bash', processes: ownersProcesses(written).map(processInfo) }],
    unread,
  };
  const snapshot = buildSnapshot({
    generation: 1, loaded: true, policy, seen, now: written.now,
    subject: { user: written.spec.owner, groups: GROUPS[written.spec.owner], workspaceFolders: [] },
    t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, index: string) => String(args[Number(index)])),
    showWhenCompliant: true, locale: 'en', enforced: [],
  });
  const keys = new Set<string>();
  for (const finding of snapshot.findings) {
    for (const evidence of finding.evidence) {
      const kind = evidence.kind === 'mcpServer' ? 'mcp' : evidence.kind;
      keys.add([finding.rule.id, finding.tool.id, kind, evidenceWhere(written, evidence), finding.phase.phase].join('|'));
    }
  }
  return { findings: keys, unread: unread.length, status: snapshot.status.state };
}

let sql: Promise<SqlJsStatic> | undefined;

type Row = Record<string, string | number | null>;

function insert(db: Database, table: string, rows: readonly Row[]): void {
  for (const row of rows) {
    const columns = Object.keys(row);
    db.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row) as Array<string | number | null>);
  }
}

/** The folders osquery 5.15's vscode_extensions.cpp reads, with the edition it reports. */
const OSQUERY_VSCODE_FOLDERS: ReadonlyArray<readonly [string, string]> = [['.vscode-server', 'vscode'], ['.vscode', 'vscode'], ['.vscode-server-insiders', 'vscode_insiders'], ['.vscode-insiders', 'vscode_insiders']];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** vscode_extensions as osquery fills it: the index only, parsed strictly (a byte-order mark fails), entries without identifier, metadata and location objects skipped. */
function vscodeExtensionRows(home: string, uid: number): Row[] {
  const rows: Row[] = [];
  for (const [folder, edition] of OSQUERY_VSCODE_FOLDERS) {
    const file = path.join(home, folder, 'extensions', 'extensions.json');
    if (!fs.existsSync(file)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (!Array.isArray(parsed)) continue;
    for (const entry of parsed as unknown[]) {
      if (!isObject(entry) || !isObject(entry.identifier) || !isObject(entry.metadata) || !isObject(entry.location)) continue;
      const string = (value: unknown) => (typeof value === 'string' ? value : null);
      rows.push({
        uid, vscode_edition: edition, name: string(entry.identifier.id), uuid: string(entry.identifier.uuid), version: string(entry.version),
        path: string(entry.location.path), publisher: string(entry.metadata.publisherDisplayName), publisher_id: string(entry.metadata.publisherId),
      });
    }
  }
  return rows;
}

/** A file row for every path under `dir`, as the file table gives it: type from stat (a link's target), symlink from lstat. */
function fileRows(dir: string): Row[] {
  const rows: Row[] = [];
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    const link = fs.lstatSync(full);
    let type = 'unknown';
    let size = link.size;
    try {
      const stat = fs.statSync(full);
      type = stat.isDirectory() ? 'directory' : stat.isFile() ? 'regular' : 'unknown';
      size = stat.size;
    } catch { /* a broken link */ }
    rows.push({ path: full, directory: dir, filename: name, size, type, symlink: link.isSymbolicLink() ? 1 : 0 });
    if (link.isDirectory()) rows.push(...fileRows(full));
  }
  return rows;
}

/** osquery's product folders on Linux (jetbrains_plugins.h kLinuxPathList): `<prefix>%`, each product's type. */
const OSQUERY_JETBRAINS_PRODUCTS: ReadonlyArray<readonly [string, string]> = [
  ['CLion', 'clion'], ['DataGrip', 'datagrip'], ['GoLand', 'goland'], ['IntelliJIdea', 'intellij_idea'], ['IdeaIC', 'intellij_idea_community_edition'],
  ['PhpStorm', 'phpstorm'], ['PyCharm', 'pycharm'], ['PyCharmCE', 'pycharm_community_edition'], ['ReSharper', 'resharper'], ['Rider', 'rider'],
  ['RubyMine', 'rubymine'], ['RustRover', 'rust_rov'], ['WebStorm', 'webstorm'],
];

/** jetbrains_plugins.cpp parsePluginXml: the first `<tag…>…</tag>`'s text as written, or ''. */
function osqueryTag(xml: string, tag: string, opening: string): string {
  if (!xml.includes(opening)) return '';
  return new RegExp(`<${tag}[\\s\\S]*?>([\\s\\S]*?)<\\/${tag}>`).exec(xml)?.[1] ?? '';
}

/** A jar's META-INF/plugin.xml, as libarchive would give it; undefined when it has none or is no zip. */
function descriptorOf(file: string): string | undefined {
  try {
    const entries = unzipSync(fs.readFileSync(file), { filter: (entry) => entry.name === 'META-INF/plugin.xml' });
    const bytes = entries['META-INF/plugin.xml'];
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * jetbrains_plugins as osquery fills it for one user on Linux: each `<product>%` folder (or
 * its `plugins/`), every file in it tried as a jar, every folder's lib/ files in the IDE's
 * order until one has META-INF/plugin.xml; name, vendor and version as the text between
 * their tags. No plugin id, no disabled_plugins.txt, no unpacked plugin.
 */
function jetbrainsPluginRows(home: string, uid: number, layout: Home['osqueryJetbrainsLinux']): Row[] {
  const base = path.join(home, '.local', 'share', 'JetBrains');
  if (!fs.existsSync(base)) return [];
  const rows: Row[] = [];
  const row = (productType: string, where: string, xml: string): Row => ({
    product_type: productType, uid, path: where,
    name: osqueryTag(xml, 'name', '<name>'), vendor: osqueryTag(xml, 'vendor', '<vendor'), version: osqueryTag(xml, 'version', '<version>'),
  });
  for (const [prefix, productType] of OSQUERY_JETBRAINS_PRODUCTS) {
    for (const folder of fs.readdirSync(base).filter((name) => name.startsWith(prefix)).sort()) {
      const pluginsFolder = layout === 'plugins-subfolder' ? path.join(base, folder, 'plugins') : path.join(base, folder);
      if (!fs.existsSync(pluginsFolder)) continue;
      for (const entry of fs.readdirSync(pluginsFolder, { withFileTypes: true })) {
        const full = path.join(pluginsFolder, entry.name);
        if (entry.isFile()) {
          const xml = descriptorOf(full);
          if (xml !== undefined) rows.push(row(productType, full, xml));
        } else if (entry.isDirectory()) {
          const lib = path.join(full, 'lib');
          const jars = fs.existsSync(lib) ? fs.readdirSync(lib) : [];
          const xml = orderPluginJars(entry.name, jars).map((name) => descriptorOf(path.join(lib, name))).find((found) => found !== undefined);
          if (xml !== undefined) rows.push(row(productType, full, xml));
        }
      }
    }
  }
  return rows;
}

export interface OsqueryFace {
  /** The owner's findings (and those of the machine's own folders): what the scan of their home reports. */
  readonly findings: Set<string>;
  /** Every user's processes: what `scan --all-users` reports of processes. */
  readonly allProcesses: Set<string>;
  /** The findings whose row carries a note (osquery could not tell): the same keys. */
  readonly noted: Set<string>;
  /** Whether the Fleet policies fail this host: some rule's query returns no row. */
  readonly fleetFails: boolean;
}

/** The osquery export and the Fleet policies run in SQLite on this host's tables. */
export async function osqueryFace(written: WrittenHome): Promise<OsqueryFace> {
  const SQL = await (sql ??= initSqlJs());
  const loaded = await loadPolicies([written.policyFile], 'linux', {});
  const policy = loaded.policy;
  const toolsFor = (rule: (typeof policy.rules)[number]) => policy.toolsByLayer[rule.source.layer];
  const db = new SQL.Database();
  try {
    db.run(OSQUERY_TABLES);
    const owners = Object.keys(UIDS) as Owner[];
    insert(db, 'users', owners.map((owner) => ({ uid: UIDS[owner], gid: UIDS[owner], username: owner, directory: homeOf(written.root, owner) })));
    for (const owner of owners) {
      insert(db, 'vscode_extensions', vscodeExtensionRows(homeOf(written.root, owner), UIDS[owner]));
      insert(db, 'jetbrains_plugins', jetbrainsPluginRows(homeOf(written.root, owner), UIDS[owner], written.spec.osqueryJetbrainsLinux));
      insert(db, 'file', fileRows(homeOf(written.root, owner)));
    }
    insert(db, 'processes', (written.spec.processes ?? []).map((process) => ({
      pid: process.pid, name: process.name, path: process.argv[0] ?? null, cmdline: process.argv.join(' '), uid: UIDS[process.owner], state: 'S',
    })));
    insert(db, 'time', [{ unix_time: Math.floor(written.now.getTime() / 1000) }]);

    const findings = new Set<string>();
    const allProcesses = new Set<string>();
    const noted = new Set<string>();
    for (const statement of db.iterateStatements(exportOsquery(policy.rules, toolsFor, ['linux']))) {
      while (statement.step()) {
        const row = statement.getAsObject() as Row;
        const key = [row.rule_id, row.tool_id, row.kind, osqueryWhere(written, row), row.phase].join('|');
        if (row.kind === 'process') allProcesses.add(key);
        // The Fleet view of one person: their rows, and those of the machine's own folders.
        if (row.username !== null && row.username !== written.spec.owner) continue;
        findings.add(key);
        if (row.note !== null) noted.add(key);
      }
      statement.free();
    }
    let fleetFails = false;
    for (const fleet of printedFleetPolicies(policy.rules, toolsFor, ['linux'])) {
      const result = db.exec(fleet.query);
      if ((result[0]?.values.length ?? 0) === 0) fleetFails = true;
    }
    return { findings, allProcesses, noted, fleetFails };
  } finally {
    db.close();
  }
}

function osqueryWhere(written: WrittenHome, row: Row): string {
  const location = String(row.location);
  const found = String(row.found);
  switch (row.kind) {
    case 'extension': {
      // A vscode_extensions row names `id version`; a folder found through `file` is named by its folder name.
      const fromIndex = /^(\S+) (\S*)$/.exec(found);
      const parsed = fromIndex ? { id: fromIndex[1] as string, version: fromIndex[2] as string } : parseExtensionFolderName(found);
      return extensionWhere(written, path.dirname(location), parsed?.id ?? found, parsed?.version ?? '');
    }
    case 'process': return `pid ${/\(pid (\d+)\)$/.exec(found)?.[1] ?? found}`;
    case 'installed': return homeRelative(written, found);
    case 'jetbrainsPlugin': return homeRelative(written, location);
    default: return found;
  }
}
