import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { matchProcesses } from '../../src/core/detect/processes';
import type { ProcessInfo } from '../../src/core/detect/processTree';
import { exportOsquery } from '../../src/core/export/osquery';
import type { PolicyRule } from '../../src/core/policy/types';
import { OSQUERY_TABLES } from './osqueryTables';

/**
 * The osquery export recognises a running tool by the same rules as the scan
 * (detect/processes.ts): each process, given to osquery as `name` and `cmdline` (the
 * arguments joined by spaces), yields the same tools in SQLite as matchProcesses gives.
 */

const rule: PolicyRule = {
  id: 'every-tool', tools: BUILT_IN_TOOLS.map((tool) => tool.id), allTools: true, noticeDays: 30, timezone: 'UTC', links: [],
  enforce: 'notify', exceptions: [], source: { layer: 'managed', path: '/etc/tool-policy/policy.yaml' }, hash: '0'.repeat(64),
};
const statement = exportOsquery([rule], () => BUILT_IN_TOOLS, ['linux']);

let SQL: SqlJsStatic;
let db: Database;

function osqueryTools(processes: readonly ProcessInfo[]): string[] {
  db.run('DELETE FROM processes');
  for (const info of processes) db.run('INSERT INTO processes (pid, name, cmdline, uid) VALUES (?, ?, ?, 1000)', [info.pid, info.name, info.argv.join(' ')]);
  const rows = db.exec(statement)[0]?.values ?? [];
  return rows.filter((row) => row[2] === 'process').map((row) => `${/\(pid (\d+)\)$/.exec(String(row[3]))?.[1]}:${String(row[1])}`).sort();
}

const scanTools = (processes: readonly ProcessInfo[]) => matchProcesses(BUILT_IN_TOOLS, processes).map((match) => `${match.process.pid}:${match.toolId}`).sort();

/** Command lines the scan reads one way or another (interpreter options, packages, argv[0], native installs, look-alikes). */
const CASES: ReadonlyArray<readonly [name: string, argv: readonly string[]]> = [
  ['claude', ['claude', '--resume']],
  ['2.1.30', ['/home/a/.local/share/claude/versions/2.1.30']],
  ['2.1.30', ['/home/a/.local/share/claude/versions/2.1.30/claude', '-p']],
  ['node', ['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js']],
  ['node', ['node', '--max-old-space-size', '4096', '/home/a/.local/bin/claude']],
  ['node', ['node', '--max-old-space-size=4096', '/home/a/.npm-global/bin/gemini']],
  ['node', ['node', '-r', 'dotenv/config', '/opt/bin/codex', 'exec']],
  ['node', ['node', '--', '/opt/bin/cline']],
  ['node', ['node', '-e', 'require("/opt/bin/claude")']],
  ['node', ['node', '--eval=1', '/opt/bin/claude']],
  ['node', ['node', '/srv/app/claude.js']],
  ['node', ['node', '/a/node_modules/x/node_modules/@openai/codex/bin/codex.js']],
  ['node', ['gemini', '/opt/tools/index.js']],
  ['MainThread', ['qodercli', '--version']],
  ['tsx', ['tsx', '/opt/bin/qwen']],
  ['python3', ['python3', '-m', 'aider.main']],
  ['python3', ['python3', '-maider']],
  ['python3.12', ['/usr/bin/python3.12', '-W', 'ignore', '/home/b/.local/bin/aider']],
  ['python3', ['python3', '-c', 'import aider']],
  ['pythonw', ['pythonw', 'aider']],
  ['python3.', ['python3.', 'aider']],
  ['bun', ['bun', '/home/a/.bun/bin/opencode']],
  ['bun', ['bun', 'run', 'opencode']],
  ['deno', ['deno', 'run', '-A', 'npm:@google/gemini-cli@latest']],
  ['deno', ['deno', 'run', 'jsr:@std/claude']],
  ['deno', ['deno', 'x', '--config', 'c.json', '/opt/bin/claude']],
  ['deno', ['deno', 'claude']],
  ['claude.exe', ['C:\\Users\\c\\.local\\bin\\claude.exe']],
  ['node.exe', ['C:\\nodejs\\node.exe', 'C:\\Users\\c\\AppData\\Roaming\\npm\\node_modules\\@openai\\codex\\bin\\codex.js']],
  ['vim', ['vim', 'claude']],
  ['grep', ['grep', '-r', '@anthropic-ai/claude-code', '.']],
  ['sh', ['sh', '-c', 'claude']],
  ['claude-helper', ['claude-helper', '--claude']],
  ['kworker/0:1', []],
  ['npx', ['npx', '/x/node_modules/@anthropic-ai/claude-code']],
];

describe('osquery export: running tools found by the same rules as the scan', function () {
  this.timeout(60_000);
  before(async () => {
    SQL = await initSqlJs();
    db = new SQL.Database();
    db.run(OSQUERY_TABLES);
    db.run('INSERT INTO time (unix_time) VALUES (0)');
  });
  after(() => db.close());

  it('gives the same tools as matchProcesses for every command-line shape the scan reads', () => {
    const processes = CASES.map(([name, argv], index) => ({ pid: 100 + index, ppid: 1, name, argv }));
    assert.deepEqual(osqueryTools(processes), scanTools(processes));
    // The cases do find tools: the comparison is not between two empty lists.
    assert.ok(scanTools(processes).length >= 20);
  });

  it('agrees with matchProcesses on generated command lines', () => {
    const words = ['node', 'python3', 'bun', 'deno', 'run', '-m', '-e', '-r', '--', '--require', 'x', 'aider', 'claude', 'codex.js', '/opt/bin/claude',
      '/a/node_modules/@anthropic-ai/claude-code/cli.js', '/b/node_modules/cline', 'npm:cline', '-W', '/home/a/.local/share/claude/versions/1.0.0', 'gemini', 'C:\\x\\qodercli.cmd'];
    const word = fc.constantFrom(...words);
    fc.assert(fc.property(fc.array(fc.record({ name: word, argv: fc.array(word, { maxLength: 6 }) }), { minLength: 1, maxLength: 12 }), (generated) => {
      const processes = generated.map((process, index) => ({ pid: 1 + index, ppid: 0, name: process.name.split(/[\\/]/).pop() as string, argv: process.argv }));
      assert.deepEqual(osqueryTools(processes), scanTools(processes));
    }), { numRuns: 200 });
  });
});
