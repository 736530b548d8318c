import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { parse as parseYaml } from 'yaml';
import { exportFleet, type FailFrom } from '../../src/core/export/fleet';
import { exportOsquery, type ExportPlatform } from '../../src/core/export/osquery';
import { OBSOLETE_NOTE } from '../../src/core/export/osqueryChecks';
import { mergeLayers, type EffectivePolicy, type SourceState } from '../../src/core/policy/mergeLayers';
import type { PolicyLayer, PolicyRule } from '../../src/core/policy/types';
import { loadOk } from '../unit/helpers';
import { policy, runCli, tempDir } from './helpers';
import { printedFleetPolicies } from './fleetFile';
import { insertRows, OSQUERY_TABLES, rowsOf, type OsqueryRow } from './osqueryTables';
import { FindingMemoryStore } from '../../src/machine/findingMemory';
import { StateFolder, stateFolderPath } from '../../src/machine/stateFolder';

/**
 * What the osquery and Fleet exports mean on a host, run in SQLite on osquery's tables:
 * layers, one row per install, uninstalled copies, deadlines read from `time`, exceptions,
 * the resolution's placeholders, and policies far past SQLite's limits for one statement.
 */

type Row = OsqueryRow;
let SQL: SqlJsStatic;

const day = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function merged(...files: Array<[text: string, layer: PolicyLayer]>): EffectivePolicy {
  return mergeLayers(files.map(([text, layer]): SourceState => {
    const parsed = loadOk(text, layer, `/${layer}.yaml`);
    return { layer, path: `/${layer}.yaml`, status: 'ok', policy: parsed, problems: [] };
  }));
}

const toolsFor = (effective: EffectivePolicy) => (rule: PolicyRule) => effective.toolsByLayer[rule.source.layer];

function host(tables: Record<string, Row[]>, unixTime = day('2026-12-02T00:00:00Z')): Database {
  const db = new SQL.Database();
  db.run(OSQUERY_TABLES);
  db.run('INSERT INTO users (uid, username, directory) VALUES (1000, ?, ?), (1001, ?, ?)', ['alice', '/home/alice', 'bob', '/home/bob']);
  db.run('INSERT INTO time (unix_time) VALUES (?)', [unixTime]);
  for (const [table, rows] of Object.entries(tables)) insertRows(db, table, rows);
  return db;
}


/** Which Fleet policies (by rule id) the host fails: their query returns no row. */
function fleetFailing(db: Database, effective: EffectivePolicy, failFrom: FailFrom = 'deadline', platforms: ExportPlatform[] = ['linux']): string[] {
  return printedFleetPolicies(effective.rules, toolsFor(effective), platforms, failFrom)
    .filter((fleet) => rowsOf(db, fleet.query).length === 0)
    .map((fleet) => fleet.name.split(':')[0] as string);
}

const folder = (path: string, size = 4096): Row => ({ path, directory: path.slice(0, path.lastIndexOf('/')), filename: path.slice(path.lastIndexOf('/') + 1), type: 'directory', symlink: 0, size });
const regular = (path: string, size: number): Row => ({ ...folder(path, size), type: 'regular' });
const extension = (path: string, name: string, version: string, uid = 1000): Row => ({ name, version, path, uid, vscode_edition: 'vscode' });

const ORG_BAN = 'version: 1\norganization: Org\ntimezone: UTC\nrules:\n  - id: org-ban\n    tool: claude-code\n';

describe('osquery and Fleet exports on a host', function () {
  this.timeout(60_000);
  before(async () => {
    SQL = await initSqlJs();
  });

  it('matches each rule with its own layer\'s tools and the layers above: a user layer cannot make the managed rule fail', () => {
    const effective = merged(
      [ORG_BAN, 'managed'],
      ['version: 1\norganization: Me\ntools:\n  - id: claude-code\n    extensions: [ms-python.python]\n    commands: [python3]\nrules:\n  - id: my-ban\n    tool: claude-code\n', 'user'],
    );
    const db = host({
      vscode_extensions: [extension('/home/alice/.vscode/extensions/ms-python.python-2024.1.0', 'ms-python.python', '2024.1.0')],
      processes: [{ pid: 7, name: 'python3', cmdline: 'python3 -V', uid: 1000 }],
    });
    const rows = rowsOf(db, exportOsquery(effective.rules, toolsFor(effective), ['linux']));
    assert.deepEqual(rows.map((row) => `${row.rule_id} ${row.kind} ${row.found}`).sort(), ['my-ban extension ms-python.python 2024.1.0', 'my-ban process python3 (pid 7)']);
    assert.deepEqual(fleetFailing(db, effective), ['my-ban']);
    db.close();
  });

  it('lists an install in a folder both vscode_extensions and the file table see once', () => {
    const effective = merged([ORG_BAN, 'managed']);
    const path = '/home/alice/.vscode-server/extensions/anthropic.claude-code-2.0.1';
    const db = host({
      vscode_extensions: [extension(path, 'Anthropic.claude-code', '2.0.1')],
      file: [folder(path), regular('/home/alice/.vscode-server/extensions/extensions.json', 400)],
    });
    const rows = rowsOf(db, exportOsquery(effective.rules, toolsFor(effective), ['linux']));
    assert.deepEqual(rows.map((row) => [row.kind, row.found, row.location, row.username]), [['extension', 'Anthropic.claude-code 2.0.1', path, 'alice']]);
    db.close();
  });

  it('says a folder may be an uninstalled copy only when .obsolete is long enough to name it', () => {
    const effective = merged([ORG_BAN, 'managed']);
    const dir = '/home/alice/.kiro/extensions';
    const name = 'anthropic.claude-code-2.0.1';
    const noteFor = (obsoleteSize: number | undefined) => {
      const db = host({ file: [folder(`${dir}/${name}`), ...(obsoleteSize === undefined ? [] : [regular(`${dir}/.obsolete`, obsoleteSize)])] });
      const rows = rowsOf(db, exportOsquery(effective.rules, toolsFor(effective), ['linux']));
      db.close();
      assert.equal(rows.length, 1);
      return rows[0]?.note;
    };
    assert.equal(noteFor(undefined), null, 'no .obsolete: nothing is uninstalled');
    assert.equal(noteFor(2), null, '{}');
    // `{"anthropic.claude-code-2.0.1":true}` is 36 bytes.
    assert.equal(noteFor(35), null, 'too short to name this folder');
    assert.equal(noteFor(36), OBSOLETE_NOTE);
  });

  it('reads the rule\'s phase from osquery\'s time table: Fleet fails a host from the deadline, or from the warning window with --fail-from warning', () => {
    const effective = merged(['version: 1\norganization: Org\ntimezone: Asia/Shanghai\nrules:\n  - id: dated\n    tool: claude-code\n    deadline: 2026-07-10\n    noticeDays: 30\n  - id: undated\n    tool: claude-code\n', 'managed']);
    const tables = { processes: [{ pid: 9, name: 'claude', cmdline: 'claude', uid: 1000 }] };
    // 2026-07-10 00:00 in Shanghai is 2026-07-09T16:00Z; warnings start 30 calendar days before.
    const at = (iso: string) => {
      const db = host(tables, day(iso));
      const phases = rowsOf(db, exportOsquery(effective.rules, toolsFor(effective), ['linux'])).map((row) => `${row.rule_id} ${row.phase}`);
      const failing = { deadline: fleetFailing(db, effective), warning: fleetFailing(db, effective, 'warning') };
      db.close();
      return { phases, failing };
    };
    assert.deepEqual(at('2026-06-09T15:59:59Z'), { phases: ['dated notice', 'undated violation'], failing: { deadline: ['undated'], warning: ['undated'] } });
    assert.deepEqual(at('2026-06-09T16:00:00Z'), { phases: ['dated warning', 'undated violation'], failing: { deadline: ['undated'], warning: ['dated', 'undated'] } });
    assert.deepEqual(at('2026-07-09T15:59:59Z'), { phases: ['dated warning', 'undated violation'], failing: { deadline: ['undated'], warning: ['dated', 'undated'] } });
    assert.deepEqual(at('2026-07-09T16:00:00Z'), { phases: ['dated violation', 'undated violation'], failing: { deadline: ['dated', 'undated'], warning: ['dated', 'undated'] } });
  });

  it('keeps a host passing while an exception applies: for everyone, or for the user whose tool it is', () => {
    const effective = merged([[
      'version: 1', 'organization: Org', 'timezone: UTC', 'rules:',
      '  - id: everyone', '    tool: claude-code', '    exceptions:', '      - { until: 2027-01-01, reason: Migration }',
      '  - id: for-alice', '    tool: claude-code', '    exceptions:', '      - { until: 2027-01-01, users: [alice] }',
      '  - id: for-a-workspace', '    tool: claude-code', '    exceptions:', '      - { until: 2027-01-01, workspaces: ["**/payments-*"] }', '',
    ].join('\n'), 'managed']);
    const process = (uid: number) => ({ processes: [{ pid: 9, name: 'claude', cmdline: 'claude', uid }] });
    const failing = (uid: number, iso: string) => {
      const db = host(process(uid), day(iso));
      const result = fleetFailing(db, effective);
      db.close();
      return result;
    };
    // Workspace exceptions need an editor's workspace: like the scan, the export never applies them.
    assert.deepEqual(failing(1000, '2026-12-02T00:00:00Z'), ['for-a-workspace']);
    assert.deepEqual(failing(1001, '2026-12-02T00:00:00Z'), ['for-alice', 'for-a-workspace'], 'Alice\'s exception is not Bob\'s');
    assert.deepEqual(failing(1000, '2027-01-01T00:00:00Z'), ['everyone', 'for-alice', 'for-a-workspace'], 'exceptions end');
  });

  it('writes Fleet policies with critical for high-risk, a line per tool, and the exception link filled in', () => {
    const effective = merged([[
      'version: 1', 'organization: Org', 'timezone: UTC', 'rules:',
      '  - id: two-tools', '    tool: [claude-code, openai-codex]', '    classification: high-risk',
      '    exceptionRequestUrl: "https://intranet.example/forms/ai?tool={tool}&rule={rule}&user={user}"',
      '  - id: one-tool', '    tool: cline', '    classification: medium',
      '    exceptionRequestUrl: "https://intranet.example/x/{rule}/{tool}?u={user}"', '',
    ].join('\n'), 'managed']);
    const fleets = parseYaml(exportFleet(effective.rules, toolsFor(effective), ['linux', 'macos'])) as Array<Record<string, unknown>>;
    assert.deepEqual(fleets.map((fleet) => [fleet.name, fleet.critical, fleet.platform]), [
      ['two-tools: Claude Code, OpenAI Codex are not permitted', true, 'linux,darwin'],
      ['one-tool: Cline is not permitted', false, 'linux,darwin'],
    ]);
    assert.match(String(fleets[0]?.description), /\n- Claude Code \(claude-code\): extension anthropic\.claude-code; command claude[, ][^;\n]*; npm package @anthropic-ai\/claude-code[, ][^\n]*\n- OpenAI Codex \(openai-codex\): extension openai\.chatgpt;/);
    assert.match(String(fleets[0]?.resolution), /Request an exception:\n- Claude Code: https:\/\/intranet\.example\/forms\/ai\?tool=claude-code&rule=two-tools&user=\n- OpenAI Codex: https:\/\/intranet\.example\/forms\/ai\?tool=openai-codex&rule=two-tools&user=$/);
    assert.match(String(fleets[1]?.resolution), /Request an exception: https:\/\/intranet\.example\/x\/one-tool\/cline\?u=$/);
    assert.ok(!String(fleets.map((fleet) => fleet.resolution)).includes('{'), 'no placeholder is left');
  });

  it('runs a rule over 1,500 defined tools as one statement SQLite accepts, and finds the last tool', () => {
    const count = 1500;
    const tools = Array.from({ length: count }, (_, i) => `  - { id: t${i}, extensions: [acme.t${i}, "acme.t${i}-x*"], commands: [t${i}], packages: ["@acme/t${i}"], processes: [t${i}d] }`);
    const effective = merged([`version: 1\norganization: Org\ntimezone: UTC\ntools:\n${tools.join('\n')}\nrules:\n  - id: all\n    tool: "*"\n`, 'managed']);
    const last = count - 1;
    const db = host({
      vscode_extensions: [extension(`/home/alice/.vscode/extensions/acme.t${last}-xl-1.0.0`, `acme.t${last}-xl`, '1.0.0')],
      processes: [{ pid: 5, name: `t${last}d`, cmdline: `t${last}d`, uid: 1001 }, { pid: 6, name: 'node', cmdline: `node /x/node_modules/@acme/t${last}/cli.js`, uid: 1001 }],
      file: [regular(`/home/bob/.local/bin/t${last}`, 10)],
    });
    const sql = exportOsquery(effective.rules, toolsFor(effective), ['linux', 'macos', 'windows']);
    const rows = rowsOf(db, sql).filter((row) => row.tool_id === `t${last}`);
    assert.deepEqual(rows.map((row) => `${row.kind} ${row.found}`).sort(), [`extension acme.t${last}-xl 1.0.0`, `installed /home/bob/.local/bin/t${last}`, 'process node (pid 6)', `process t${last}d (pid 5)`]);
    assert.deepEqual(fleetFailing(db, effective), ['all']);
    db.close();
  });

  it('works out what a list of tools writes once per tool set and platforms, and never gives one export another\'s text', () => {
    // Both "*" rules share one list of tool ids: what is worked out for it is kept, by
    // tool set and platforms. Each export must equal the same export of a policy read anew.
    const text = 'version: 1\norganization: Org\ntimezone: UTC\ntools:\n  - { id: t1, extensions: [acme.one], commands: [one] }\nrules:\n  - { id: r1, tool: "*" }\n  - { id: r2, tool: "*" }\n';
    const effective = merged([text, 'managed']);
    const anew = () => { const fresh = merged([text, 'managed']); return (platforms: ExportPlatform[]) => exportOsquery(fresh.rules, toolsFor(fresh), platforms); };
    const linux = exportOsquery(effective.rules, toolsFor(effective), ['linux']);
    const windows = exportOsquery(effective.rules, toolsFor(effective), ['windows']);
    assert.equal(linux, anew()(['linux']));
    assert.equal(windows, anew()(['windows']));
    assert.notEqual(windows, linux);
    // The same rules over another tool set, in which t1 has one more matcher.
    const more = effective.tools.map((tool) => (tool.id === 't1' ? { ...tool, extensions: [...tool.extensions, 'acme.two'] } : tool));
    const withMore = exportOsquery(effective.rules, () => more, ['linux']);
    assert.match(withMore, /acme\.two/);
    assert.doesNotMatch(exportOsquery(effective.rules, toolsFor(effective), ['linux']), /acme\.two/);
  });

  it('refuses, with exit 3 and nothing written, a policy whose statements would exceed the export\'s budget', async () => {
    // One statement per rule, each with every check: 5,000 rules would be about 50 MiB of SQL.
    const rules = Array.from({ length: 5000 }, (_, i) => `  - { id: r${i}, tool: claude-code }`).join('\n');
    const dir = tempDir('tp-export-budget-');
    try {
      const file = path.join(dir, 'policy.yaml');
      fs.writeFileSync(file, `version: 1\norganization: Org\nrules:\n${rules}\n`);
      for (const format of ['osquery', 'fleet']) {
        const result = await runCli(['export', '--format', format, '--policy', file]);
        assert.equal(result.code, 3, result.stderr);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, new RegExp(`^tool-policy: cannot export this policy as ${format}: the export would hold about \\d+ MiB of SQL in 5000 statements .* more than the 32 MiB an export writes`));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists who acknowledged each rule as written now, from the marker files the state folder store leaves', async () => {
    const dir = tempDir('tp-ack-');
    try {
      const homes = { alice: path.join(dir, 'alice'), bob: path.join(dir, 'bob') };
      const now = merged([ORG_BAN, 'managed']);
      const earlier = merged([`${ORG_BAN}    reason: an earlier text\n`, 'managed']);
      const ack = (rule: PolicyRule) => ({ ruleId: rule.id, hash: rule.hash, at: '2026-11-01T00:00:00.000Z', phase: 'notice' as const });
      // Alice acknowledged the rule as it reads now; Bob only its earlier text.
      await new FindingMemoryStore(new StateFolder(stateFolderPath('linux', {}, homes.alice))).acknowledge(now.rules.map(ack));
      await new FindingMemoryStore(new StateFolder(stateFolderPath('linux', {}, homes.bob))).acknowledge(earlier.rules.map(ack));
      const files = (root: string): Row[] => fs.readdirSync(root, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => ({ ...regular(path.join(entry.parentPath, entry.name), 0), mtime: 1_790_000_000 }));
      const db = new SQL.Database();
      db.run(OSQUERY_TABLES);
      db.run('INSERT INTO users (uid, username, directory) VALUES (1000, ?, ?), (1001, ?, ?)', ['alice', homes.alice, 'bob', homes.bob]);
      insertRows(db, 'file', [...files(homes.alice), ...files(homes.bob)]);
      const rows = rowsOf(db, exportOsquery(now.rules, toolsFor(now), ['linux'])).filter((row) => 'marker' in row);
      const hash12 = (now.rules[0] as PolicyRule).hash.slice(0, 12);
      assert.deepEqual(rows, [{ rule_id: 'org-ban', username: 'alice', marker: path.join(homes.alice, '.local', 'state', 'tool-policy', 'ack', `org-ban.${hash12}`), acknowledged_at: 1_790_000_000 }]);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('tool-policy export --fail-from (dist/cli.js)', () => {
    it('makes Fleet policies fail from the warning window', async () => {
      const result = await runCli(['export', '--format', 'fleet', '--policy', policy('acme-deadline.yaml'), '--fail-from', 'warning']);
      assert.equal(result.code, 0, result.stderr);
      const fleets = parseYaml(result.stdout) as Array<{ query: string; description: string }>;
      assert.match(fleets[0]?.query ?? '', /WHERE phase IN \('violation', 'warning'\)\);$/);
      assert.match(fleets[0]?.description ?? '', /^Fails from the start of its warning window \(30 days before the deadline, 2026-12-01 \(UTC\)\)/);
    });

    for (const args of [['--format', 'osquery', '--fail-from', 'warning'], ['--format', 'fleet', '--fail-from', 'notice']]) {
      it(`is a usage error (exit 4) with ${args.join(' ')}`, async () => {
        const result = await runCli(['export', ...args, '--policy', policy('acme-deadline.yaml')]);
        assert.equal(result.code, 4);
        assert.match(result.stderr, /--fail-from/);
        assert.equal(result.stdout, '');
      });
    }
  });
});
