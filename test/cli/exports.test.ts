import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import plist from 'plist';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { parse as parseYaml } from 'yaml';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { policy, REPO_ROOT, runCli } from './helpers';

import { OSQUERY_TABLES, osqueryTablesUsed } from './osqueryTables';

type Row = Record<string, string | number | null>;

function insert(db: Database, table: string, rows: Row[]): void {
  for (const row of rows) {
    const columns = Object.keys(row);
    db.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
  }
}

const file = (full: string, type = 'regular'): Row => ({ path: full, directory: full.slice(0, Math.max(full.lastIndexOf('/'), full.lastIndexOf('\\'))), filename: full.split(/[\\/]/).pop() as string, type, symlink: 0 });
const folder = (full: string): Row => file(full, 'directory');

/** Present on every host: nothing here may ever come back. */
const BENIGN: Record<string, Row[]> = {
  users: [
    { uid: 0, username: 'root', directory: '/root' },
    { uid: 1000, username: 'alice', directory: '/home/alice' },
    { uid: 1001, username: 'bob', directory: '/home/bob' },
  ],
  vscode_extensions: [
    { name: 'ms-python.python', version: '2024.1.0', path: '/home/bob/.vscode/extensions/ms-python.python-2024.1.0', uid: 1001, vscode_edition: 'vscode' },
    { name: 'evilXx.aXbc', version: '1.0.0', path: '/home/bob/.vscode/extensions/evilxx.axbc-1.0.0', uid: 1001, vscode_edition: 'vscode' },
    { name: 'anthropic.claude-code-themes', version: '1.0.0', path: '/home/bob/.vscode/extensions/x', uid: 1001, vscode_edition: 'cursor' },
  ],
  processes: [
    { pid: 1, name: 'systemd', path: '/usr/lib/systemd/systemd', cmdline: '/sbin/init', uid: 0 },
    { pid: 20, name: 'vim', path: '/usr/bin/vim', cmdline: 'vim claude-notes.md', uid: 1000 },
    { pid: 21, name: 'claude-helper', path: '/opt/x/claude-helper', cmdline: 'claude-helper --claude', uid: 1000 },
    { pid: 22, name: 'grep', path: '/usr/bin/grep', cmdline: 'grep -r @anthropic-ai/claude-code .', uid: 1001 },
  ],
  file: [
    file('/home/bob/.local/bin/ls'), file('/home/bob/.local/bin/claude-notes'), file('/usr/local/bin/node'), file("/home/bob/.local/bin/it's"),
    folder('/home/bob/.cursor-server/extensions/anthropic.claude-code-themes-1.0.0'), folder('/home/bob/.vscode-server/extensions/ms-python.python-2024.1.0'),
    folder('/home/bob/.qoder/extensions/evilxx.axb-1.0.0'), file('/home/bob/.vscode-server/extensions/extensions.json'),
    // A regular file with an extension folder's name is no extension.
    file('/home/bob/.kiro/extensions/anthropic.claude-code-2.0.1'),
  ],
};

/** What a non-compliant host has in addition, with the finding each row must produce. */
const BANNED: Record<string, Row[]> = {
  vscode_extensions: [
    { name: 'Anthropic.claude-code', version: '2.0.1', path: '/home/alice/.cursor/extensions/anthropic.claude-code-2.0.1', uid: 1000, vscode_edition: 'cursor' },
    { name: 'acme.helper-pro', version: '0.1.0', path: '/home/bob/.windsurf/extensions/acme.helper-pro-0.1.0', uid: 1001, vscode_edition: 'windsurf' },
    { name: 'evil_x.a_bc', version: '1.0.0', path: '/home/bob/.vscode/extensions/evil_x.a_bc-1.0.0', uid: 1001, vscode_edition: 'vscode' },
  ],
  processes: [
    { pid: 10, name: '2.1.0', path: '/home/alice/.local/share/claude/versions/claude', cmdline: 'claude --resume', uid: 1000 },
    { pid: 11, name: 'node', path: '/usr/bin/node', cmdline: 'node /usr/lib/node_modules/@openai/codex/bin/codex.js exec', uid: 1001 },
  ],
  file: [
    file('/home/alice/.local/bin/gemini'), file('/usr/local/bin/cline'), file("/home/bob/.local/bin/it's;--x"),
    folder('/home/bob/.vscode-server/extensions/openai.chatgpt-1.2.3-linux-x64'), folder('/home/alice/.qoder/extensions/Anthropic.claude-code-2.0.1'),
  ],
};

const EXPECTED_FINDINGS = [
  'assistants-ban|claude-code|extension|Anthropic.claude-code 2.0.1|alice',
  'assistants-ban|claude-code|process|2.1.0 (pid 10)|alice',
  'assistants-ban|claude-code|extension|Anthropic.claude-code-2.0.1|alice',
  'assistants-ban|openai-codex|extension|openai.chatgpt-1.2.3-linux-x64|bob',
  'assistants-ban|openai-codex|process|node (pid 11)|bob',
  'assistants-ban|gemini|installed|/home/alice/.local/bin/gemini|alice',
  'assistants-ban|cline|installed|/usr/local/bin/cline|',
  'acme-retire|acme-helper|extension|acme.helper-pro 0.1.0|bob',
  'hostile-rule|hostile-tool|extension|evil_x.a_bc 1.0.0|bob',
  "hostile-rule|hostile-tool|installed|/home/bob/.local/bin/it's;--x|bob",
].sort();

const POLICY_ARGS = ['--policy', policy('assistants.yaml'), '--policy', policy('acme-deadline.yaml'), '--policy', policy('hostile.yaml')];

let SQL: SqlJsStatic;

/** The host's clock, as osquery's time table gives it. */
const AT = Date.parse('2026-12-02T00:00:00Z') / 1000;

function host(banned: boolean, unixTime = AT): Database {
  const db = new SQL.Database();
  db.run(OSQUERY_TABLES);
  insert(db, 'time', [{ unix_time: unixTime }]);
  for (const [table, rows] of Object.entries(BENIGN)) insert(db, table, rows);
  if (banned) for (const [table, rows] of Object.entries(BANNED)) insert(db, table, rows);
  return db;
}

/** Runs each statement of a script separately (SQLite splits them), returning each one's rows. */
function runStatements(db: Database, script: string): Row[][] {
  const results: Row[][] = [];
  for (const statement of db.iterateStatements(script)) {
    const rows: Row[] = [];
    while (statement.step()) rows.push(statement.getAsObject() as Row);
    statement.free();
    results.push(rows);
  }
  return results;
}

const describeRow = (row: Row) => [row.rule_id, row.tool_id, row.kind, row.found, row.username ?? ''].join('|');

describe('tool-policy export', function () {
  this.timeout(60_000);
  before(async () => {
    SQL = await initSqlJs();
  });

  describe('--format osquery', () => {
    let sql: string;
    before(async () => {
      const result = await runCli(['export', '--format', 'osquery', ...POLICY_ARGS, '--platform', 'linux']);
      assert.equal(result.code, 0, result.stderr);
      sql = result.stdout;
    });

    it('is one statement per rule, each ending in ";" after its "--" comment lines with rule id, reason and alternative; then one per rule that lists who acknowledged it', () => {
      const all = sql.trim().split(/\n\n/).slice(1);
      // The checks, the acknowledgements' header, one acknowledgement query per rule.
      assert.equal(all.length, 7);
      assert.match(all[3] as string, /^-- Acknowledgements: one statement per rule/);
      assert.deepEqual(all.slice(4).map((block) => /^-- acknowledgements of rule: (.*)$/m.exec(block)?.[1]), ['assistants-ban', 'acme-retire', 'hostile-rule']);
      const blocks = [...all.slice(0, 3), ...all.slice(4)];
      for (const block of blocks) {
        const lines = block.split('\n');
        const firstSql = lines.findIndex((line) => !line.startsWith('--'));
        assert.ok(firstSql > 0);
        assert.ok(lines.slice(firstSql).every((line) => !line.startsWith('--')));
        assert.ok(block.endsWith(';'));
      }
      assert.match(blocks[0] as string, /^-- rule: assistants-ban\n-- title: Unsanctioned AI assistants are not permitted\n/);
      assert.match(blocks[0] as string, /\n-- reason: High-risk software\.\n-- {3}-- a reason may hold SQL-looking lines'\); DROP TABLE users; --\n-- alternative: Qoder — https:\/\/qoder\.com\/ — command: qodercli\n/);
      assert.match(blocks[2] as string, /\n-- reason: line one\n-- {3}DELETE FROM users; --\n-- {3}DELETE FROM file; \*\/ --\n-- {3}last line'\n/);
    });

    it('uses only the users, vscode_extensions, jetbrains_plugins, processes, file and time tables', () => {
      assert.deepEqual(osqueryTablesUsed(sql), ['file', 'jetbrains_plugins', 'processes', 'time', 'users', 'vscode_extensions']);
    });

    it('returns the banned rows on a non-compliant host, naming what was found, and nothing else', () => {
      const db = host(true);
      const results = runStatements(db, sql);
      assert.equal(results.length, 6, 'a hostile policy added no statement: three checks, three acknowledgement queries');
      assert.deepEqual(results.flat().map(describeRow).sort(), EXPECTED_FINDINGS);
      assert.deepEqual(db.exec('SELECT count(*) FROM users')[0]?.values, [[3]], 'no table was dropped');
      db.close();
    });

    it('returns no rows on a compliant host', () => {
      const db = host(false);
      assert.deepEqual(runStatements(db, sql).map((rows) => rows.length), [0, 0, 0, 0, 0, 0]);
      db.close();
    });

    it('finds Windows paths (npm .cmd shims, .exe processes, backslash package paths) with --platform windows', async () => {
      const result = await runCli(['export', '--format', 'osquery', '--policy', policy('assistants.yaml'), '--platform', 'windows']);
      assert.equal(result.code, 0, result.stderr);
      const db = new SQL.Database();
      db.run(OSQUERY_TABLES);
      insert(db, 'users', [{ uid: 1002, username: 'carol', directory: 'C:\\Users\\carol' }]);
      insert(db, 'time', [{ unix_time: AT }]);
      insert(db, 'processes', [
        { pid: 30, name: 'claude.exe', path: 'C:\\Users\\carol\\.local\\bin\\claude.exe', cmdline: '"C:\\Users\\carol\\.local\\bin\\claude.exe"', uid: 1002 },
        { pid: 31, name: 'node.exe', path: 'C:\\Program Files\\nodejs\\node.exe', cmdline: 'node C:\\Users\\carol\\AppData\\Roaming\\npm\\node_modules\\@openai\\codex\\bin\\codex.js', uid: 1002 },
      ]);
      insert(db, 'file', [file('C:\\Users\\carol\\AppData\\Roaming\\npm\\cline.cmd'), file('C:\\Users\\carol\\AppData\\Roaming\\npm\\npm.cmd')]);
      assert.deepEqual(runStatements(db, result.stdout).flat().map(describeRow).sort(), [
        'assistants-ban|claude-code|process|claude.exe (pid 30)|carol',
        'assistants-ban|cline|installed|C:\\Users\\carol\\AppData\\Roaming\\npm\\cline.cmd|carol',
        'assistants-ban|openai-codex|process|node.exe (pid 31)|carol',
      ]);
      db.close();
    });
  });

  describe('--format fleet', () => {
    let policies: Array<{ name: string; query: string; description: string; resolution: string; platform: string }>;
    before(async () => {
      const result = await runCli(['export', '--format', 'fleet', ...POLICY_ARGS]);
      assert.equal(result.code, 0, result.stderr);
      policies = parseYaml(result.stdout) as typeof policies;
    });

    it('is one Fleet policy per rule, named "<rule id>: <title>", hostile text kept inside its field', () => {
      assert.deepEqual(policies.map((p) => p.name), [
        'assistants-ban: Unsanctioned AI assistants are not permitted',
        'acme-retire: ACME Helper is being retired',
        "hostile-rule: Title'\n- name: injected\n  query: SELECT 1;\r\nDROP TABLE users; --",
      ]);
      for (const p of policies) assert.deepEqual(Object.keys(p), ['name', 'query', 'description', 'resolution', 'platform', 'critical']);
      assert.equal(policies[0]?.platform, 'linux,darwin,windows');
      assert.match(policies[0]?.resolution ?? '', /^High-risk software\.\n-- a reason may hold SQL-looking lines'\); DROP TABLE users; --\n\nUse instead: Qoder — https:\/\/qoder\.com\/ — command: qodercli$/);
      assert.match(policies[1]?.description ?? '', /^Fails from its deadline \(2026-12-01 \(UTC\)\) when this host has one of these tools installed or running:\n- ACME Helper \(acme-helper\): extension acme\.helper-\*; command acme-helper-cli/);
    });

    it('passes (returns a row) on a compliant host and fails (no row) on a non-compliant one', () => {
      const compliant = host(false);
      const nonCompliant = host(true);
      for (const p of policies) {
        assert.equal(runStatements(compliant, p.query).flat().length, 1, p.name);
        assert.equal(runStatements(nonCompliant, p.query).flat().length, 0, p.name);
      }
      compliant.close();
      nonCompliant.close();
    });
  });

  describe('--format vscode-policy', () => {
    const blockedIds = (ids: readonly string[]) => ids.flatMap((id) => BUILT_IN_TOOLS.find((tool) => tool.id === id)?.extensions ?? []).map((id) => id.toLowerCase()).sort();
    const ASSISTANTS = ['claude-code', 'cline', 'openai-codex', 'gemini', 'continue', 'qwen-code', 'github-copilot'];

    it('linux: /etc/vscode/policy.json with AllowedExtensions for the block rules past their deadline', async () => {
      const result = await runCli(['export', '--format', 'vscode-policy', ...POLICY_ARGS, '--now', '2026-12-02']);
      assert.equal(result.code, 0, result.stderr);
      const file = JSON.parse(result.stdout) as { AllowedExtensions: string };
      assert.deepEqual(Object.keys(file), ['AllowedExtensions']);
      const allowed = JSON.parse(file.AllowedExtensions) as Record<string, boolean>;
      assert.equal(allowed['*'], true);
      assert.deepEqual(Object.keys(allowed).filter((id) => id !== '*').sort(), blockedIds(ASSISTANTS));
      assert.ok(Object.entries(allowed).every(([id, value]) => (id === '*') === value));
    });

    it('blocks nothing before the deadline, nothing from a workspace layer, and never this extension or vscode.*', async () => {
      const before = await runCli(['export', '--format', 'vscode-policy', '--policy', policy('block-later.yaml'), '--now', '2026-12-02']);
      assert.equal(before.code, 0, before.stderr);
      assert.deepEqual(JSON.parse((JSON.parse(before.stdout) as { AllowedExtensions: string }).AllowedExtensions), { '*': true });

      const after = await runCli(['export', '--format', 'vscode-policy', '--policy', policy('block-later.yaml'), '--now', '2027-02-02']);
      assert.deepEqual(JSON.parse((JSON.parse(after.stdout) as { AllowedExtensions: string }).AllowedExtensions), { '*': true, 'acme.blocked': false });
      assert.match(after.stderr, /"vscode\.git" is never blocked/);
      assert.match(after.stderr, /"tool-policy\.tool-policy-notices" is never blocked/);

      const workspace = await runCli(['export', '--format', 'vscode-policy', '--policy', policy('acme-deadline.yaml'), '--policy', policy('acme-excepted.yaml'), '--policy', policy('assistants.yaml'), '--now', '2027-02-02']);
      assert.deepEqual(JSON.parse((JSON.parse(workspace.stdout) as { AllowedExtensions: string }).AllowedExtensions), { '*': true });
      assert.match(workspace.stderr, /rule "assistants-ban": enforce: block is honoured from the managed and user layers only/);
    });

    it('windows: a .reg file for HKLM\\SOFTWARE\\Policies\\Microsoft\\VSCode', async () => {
      const result = await runCli(['export', '--format', 'vscode-policy', '--policy', policy('assistants.yaml'), '--platform', 'windows']);
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout.split('\r\n');
      assert.deepEqual(lines.slice(0, 3), ['Windows Registry Editor Version 5.00', '', '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\VSCode]']);
      const value = /^"AllowedExtensions"="(.*)"$/.exec(lines[3] ?? '')?.[1] ?? '';
      const allowed = JSON.parse(value.replace(/\\(["\\])/g, '$1')) as Record<string, boolean>;
      assert.deepEqual(Object.keys(allowed).filter((id) => id !== '*').sort(), blockedIds(ASSISTANTS));
    });

    it('macos: a configuration profile for com.microsoft.VSCode', async () => {
      const result = await runCli(['export', '--format', 'vscode-policy', '--policy', policy('assistants.yaml'), '--platform', 'macos']);
      assert.equal(result.code, 0, result.stderr);
      const profile = plist.parse(result.stdout) as { PayloadType: string; PayloadContent: Array<{ PayloadType: string; AllowedExtensions: string }> };
      assert.equal(profile.PayloadType, 'Configuration');
      assert.equal(profile.PayloadContent[0]?.PayloadType, 'com.microsoft.VSCode');
      const allowed = JSON.parse(profile.PayloadContent[0]?.AllowedExtensions ?? '') as Record<string, boolean>;
      assert.deepEqual(Object.keys(allowed).filter((id) => id !== '*').sort(), blockedIds(ASSISTANTS));
    });
  });

  it('refuses to export from a policy with errors (exit 3), naming them', async () => {
    const result = await runCli(['export', '--format', 'osquery', '--policy', policy('broken.yaml')]);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /broken\.yaml:6:15: error: rules\[0\]\.deadline:/);
  });

  it('exports the shipped example policies', async () => {
    for (const format of ['osquery', 'fleet', 'vscode-policy']) {
      const result = await runCli(['export', '--format', format, '--policy', path.join(REPO_ROOT, 'policies', 'all-assistants-except-sanctioned.yaml')]);
      assert.equal(result.code, 0, `${format}: ${result.stderr}`);
    }
  });
});
