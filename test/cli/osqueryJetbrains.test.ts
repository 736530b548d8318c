import { strict as assert } from 'node:assert';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { exportOsquery, type ExportPlatform } from '../../src/core/export/osquery';
import { JETBRAINS_FOLDER_NOTE } from '../../src/core/export/osqueryJetbrains';
import { mergeLayers, type EffectivePolicy } from '../../src/core/policy/mergeLayers';
import type { PolicyRule } from '../../src/core/policy/types';
import { loadOk } from '../unit/helpers';
import { printedFleetPolicies } from './fleetFile';
import { insertRows, OSQUERY_TABLES, osqueryTablesUsed, rowsOf, type OsqueryRow } from './osqueryTables';

/**
 * JetBrains plugins in the osquery and Fleet exports, on osquery's tables in SQLite: by
 * name and vendor through jetbrains_plugins, by folder name through file where that table
 * does not read, once per plugin, and what cannot be matched named in the comments.
 */

type Row = OsqueryRow;
let SQL: SqlJsStatic;

function effective(text: string): EffectivePolicy {
  return mergeLayers([{ layer: 'managed', path: '/managed.yaml', status: 'ok', policy: loadOk(text, 'managed', '/managed.yaml'), problems: [] }]);
}
const toolsFor = (policy: EffectivePolicy) => (rule: PolicyRule) => policy.toolsByLayer[rule.source.layer];
const exported = (policy: EffectivePolicy, platforms: ExportPlatform[] = ['linux']) => exportOsquery(policy.rules, toolsFor(policy), platforms);

function host(users: Array<[number, string, string]>, tables: Record<string, Row[]>): Database {
  const db = new SQL.Database();
  db.run(OSQUERY_TABLES);
  for (const user of users) db.run('INSERT INTO users (uid, username, directory) VALUES (?, ?, ?)', user);
  db.run('INSERT INTO time (unix_time) VALUES (?)', [Math.floor(Date.parse('2026-12-02T00:00:00Z') / 1000)]);
  for (const [table, rows] of Object.entries(tables)) insertRows(db, table, rows);
  return db;
}


/** A folder row of the file table, split at `separator`. */
function folder(full: string, separator = '/'): Row {
  const at = full.lastIndexOf(separator);
  return { path: full, directory: full.slice(0, at), filename: full.slice(at + 1), type: 'directory', symlink: 0, size: 4096 };
}

const describeRow = (row: Row) => `${row.tool_id} ${row.kind} ${row.location} ${row.username}${row.note === null ? '' : ' (note)'}`;

const BAN = (tools: string) => `version: 1\norganization: Org\ntimezone: UTC\nrules:\n  - id: jb-ban\n    tool: [${tools}]\n`;

describe('osquery export: JetBrains plugins', function () {
  this.timeout(60_000);
  before(async () => {
    SQL = await initSqlJs();
  });

  it('matches jetbrains_plugins rows by the exact name and vendor, whitespace around them trimmed, never a pair that only concatenates the same', () => {
    const policy = effective(BAN('github-copilot, cody-amp'));
    const plugins = '/home/alice/.local/share/JetBrains/IntelliJIdea2025.2';
    const db = host([[1000, 'alice', '/home/alice']], {
      jetbrains_plugins: [
        { uid: 1000, product_type: 'intellij_idea', name: 'GitHub Copilot', vendor: 'GitHub', version: '1.5', path: `${plugins}/copilot` },
        { uid: 1000, product_type: 'intellij_idea', name: 'Cody: AI Coding Assistant with Autocomplete &amp; Chat', vendor: '\n   Sourcegraph\n  ', version: '7', path: `${plugins}/cody` },
        // The same characters split differently, another case, another vendor: none is the plugin.
        { uid: 1000, product_type: 'intellij_idea', name: 'GitHub CopilotGit', vendor: 'Hub', version: '1', path: `${plugins}/split` },
        { uid: 1000, product_type: 'intellij_idea', name: 'github copilot', vendor: 'GitHub', version: '1', path: `${plugins}/case` },
        { uid: 1000, product_type: 'intellij_idea', name: 'GitHub Copilot', vendor: 'Someone', version: '1', path: `${plugins}/vendor` },
      ],
    });
    assert.deepEqual(rowsOf(db, exported(policy)).map(describeRow).sort(), [
      `cody-amp jetbrainsPlugin ${plugins}/cody alice`,
      `github-copilot jetbrainsPlugin ${plugins}/copilot alice`,
    ]);
    db.close();
  });

  it('knows the names every release of a catalog plugin declared: Tabnine\'s two, JetBrains AI Assistant, Amazon Q', () => {
    const policy = effective(BAN('tabnine, jetbrains-ai, amazon-q'));
    const at = (name: string) => `/home/alice/.local/share/JetBrains/WebStorm2025.2/${name}`;
    const row = (name: string, vendor: string, folder: string): Row => ({ uid: 1000, product_type: 'webstorm', name, vendor, version: '1', path: at(folder) });
    const db = host([[1000, 'alice', '/home/alice']], {
      jetbrains_plugins: [
        row('Tabnine: AI Code Completion &amp; Chat in Java JS/TS Python &amp; More', 'Tabnine', 'tabnine-old'),
        row('Tabnine: AI Code Completion &amp; Chat in Java JS/TS Python PHP &amp; More', 'Tabnine', 'tabnine-new'),
        // The name as the IDE shows it, entities decoded: osquery never gives it so.
        row('Tabnine: AI Code Completion & Chat in Java JS/TS Python & More', 'Tabnine', 'tabnine-decoded'),
        row('JetBrains AI Assistant', 'JetBrains', 'ml-llm'),
        row('Amazon Q', 'AWS', 'amazonq'),
      ],
    });
    assert.deepEqual(rowsOf(db, exported(policy)).map(describeRow).sort(), [
      `amazon-q jetbrainsPlugin ${at('amazonq')} alice`,
      `jetbrains-ai jetbrainsPlugin ${at('ml-llm')} alice`,
      `tabnine jetbrainsPlugin ${at('tabnine-new')} alice`,
      `tabnine jetbrainsPlugin ${at('tabnine-old')} alice`,
    ]);
    db.close();
  });

  it('finds a plugin by its folder where jetbrains_plugins reads nothing, and once where it does', () => {
    const policy = effective(BAN('github-copilot'));
    const read = '/home/alice/.local/share/JetBrains/IntelliJIdea2025.2/github-copilot-intellij';
    const unread = '/home/alice/.local/share/JetBrains/Aqua2025.1/github-copilot-intellij';
    const db = host([[1000, 'alice', '/home/alice']], {
      jetbrains_plugins: [{ uid: 1000, product_type: 'intellij_idea', name: 'GitHub Copilot', vendor: 'GitHub', version: '1.5', path: read }],
      file: [folder('/home/alice/.local/share/JetBrains/IntelliJIdea2025.2'), folder(read), folder('/home/alice/.local/share/JetBrains/Aqua2025.1'), folder(unread)],
    });
    assert.deepEqual(rowsOf(db, exported(policy)).map(describeRow).sort(), [
      `github-copilot jetbrainsPlugin ${unread} alice (note)`,
      `github-copilot jetbrainsPlugin ${read} alice`,
    ]);
    db.close();
  });

  it('reads the macOS and Windows plugins folders (both of Windows\'), and Android Studio under Google only', () => {
    const policy = effective(BAN('claude-code'));
    const mac = '/Users/bob/Library/Application Support/JetBrains/PyCharm2025.1/plugins/claude-code-jetbrains-plugin';
    const local = 'C:\\Users\\carol\\AppData\\Local\\JetBrains\\IntelliJIdea2025.2\\plugins\\claude-code-jetbrains-plugin';
    const studio = 'C:\\Users\\carol\\AppData\\Roaming\\Google\\AndroidStudio2025.1\\plugins\\claude-code-jetbrains-plugin';
    const notAnIde = 'C:\\Users\\carol\\AppData\\Roaming\\Google\\Chrome1.0\\plugins\\claude-code-jetbrains-plugin';
    const db = host([[1001, 'bob', '/Users/bob'], [1002, 'carol', 'C:\\Users\\carol']], {
      file: [
        folder('/Users/bob/Library/Application Support/JetBrains/PyCharm2025.1'), folder(mac),
        ...['C:\\Users\\carol\\AppData\\Local\\JetBrains\\IntelliJIdea2025.2', local, 'C:\\Users\\carol\\AppData\\Roaming\\Google\\AndroidStudio2025.1', studio,
          'C:\\Users\\carol\\AppData\\Roaming\\Google\\Chrome1.0', notAnIde].map((path) => folder(path, '\\')),
      ],
    });
    assert.deepEqual(rowsOf(db, exported(policy, ['macos', 'windows'])).map(describeRow).sort(), [
      `claude-code jetbrainsPlugin ${mac} bob (note)`,
      `claude-code jetbrainsPlugin ${local} carol (note)`,
      `claude-code jetbrainsPlugin ${studio} carol (note)`,
    ]);
    db.close();
  });

  it('reads jetbrains_plugins only for a rule whose tools have a name to match: osquery before that table runs the others', () => {
    assert.ok(!osqueryTablesUsed(exported(effective(BAN('claude-code')))).includes('jetbrains_plugins'));
    assert.ok(osqueryTablesUsed(exported(effective(BAN('claude-code, github-copilot')))).includes('jetbrains_plugins'));
  });

  it('names in the comments the plugin ids it cannot match by name, and the ACP agents it cannot read; Fleet says how each plugin is looked for', () => {
    const policy = effective(`${BAN('claude-code, github-copilot, acme')}tools:\n  - id: acme\n    name: ACME\n    jetbrainsPlugins: [com.acme.helper]\n`);
    const sql = exported(policy);
    assert.match(sql, /\n-- JetBrains plugins with no known name and vendor, found only by the folder they install into: com\.anthropic\.code\.plugin \(Claude Code\)\n/);
    assert.match(sql, /\n-- JetBrains plugins osquery cannot match \(jetbrains_plugins has no plugin id; no name, vendor or folder is known for these\): com\.acme\.helper \(ACME\)\n/);
    assert.match(sql, /\n-- ACP agents osquery cannot read \(~\/\.jetbrains\/acp\.json\): Claude Agent, Claude Code \(Claude Code\)\n/);
    assert.match(sql, /\n-- not observable by osquery[^\n]*: ACME \(acme\)\n/);
    assert.match(sql, /whether a JetBrains plugin is disabled \(disabled_plugins\.txt/);
    const [fleet] = printedFleetPolicies(policy.rules, toolsFor(policy), ['linux']);
    assert.match(fleet?.description ?? '', /JetBrains plugin com\.github\.copilot \(named "GitHub Copilot" by GitHub, or in a folder named github-copilot-intellij\)/);
    assert.match(fleet?.description ?? '', /JetBrains plugin com\.acme\.helper \(not checked: osquery gives no plugin id, and no name or folder is known for it\)/);
    assert.ok(fleet?.description.includes(JETBRAINS_FOLDER_NOTE));
  });

  it('fails the Fleet policy on a host with the plugin, and passes it without', () => {
    const policy = effective(BAN('github-copilot'));
    const [fleet] = printedFleetPolicies(policy.rules, toolsFor(policy), ['linux']);
    const withPlugin = host([[1000, 'alice', '/home/alice']], {
      jetbrains_plugins: [{ uid: 1000, product_type: 'pycharm', name: 'GitHub Copilot', vendor: 'GitHub', version: '1.5', path: '/home/alice/.local/share/JetBrains/PyCharm2025.1/github-copilot-intellij' }],
    });
    const without = host([[1000, 'alice', '/home/alice']], {});
    assert.equal(rowsOf(withPlugin, fleet?.query ?? '').length, 0);
    assert.equal(rowsOf(without, fleet?.query ?? '').length, 1);
    withPlugin.close();
    without.close();
  });
});
