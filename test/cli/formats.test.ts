/* eslint-disable no-control-regex -- these tests look for terminal control characters on purpose */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliEnvironment } from '../../src/cli/environment';
import { run } from '../../src/cli/run';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { testReader } from '../unit/shellReader';
import { home, policy, REPO_ROOT, runCli, tempDir } from './helpers';

/** Microsoft's official SARIF validator, from npm. npm skips its install script, which only marks the binary executable. */
function sarifMultitool(): string {
  const platformPackage = { linux: 'sarif-multitool-linux', darwin: 'sarif-multitool-darwin', win32: 'sarif-multitool-win32' }[process.platform as 'linux' | 'darwin' | 'win32'];
  const binary = path.join(REPO_ROOT, 'node_modules', '@microsoft', platformPackage, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  assert.ok(fs.existsSync(binary), `${binary} is missing: npm install installs @microsoft/sarif-multitool`);
  if (process.platform !== 'win32') fs.chmodSync(binary, 0o755);
  return binary;
}

function validateSarif(file: string): Array<{ level: string; ruleId: string; text: string }> {
  const output = `${file}.validation.sarif`;
  fs.rmSync(output, { force: true });
  execFileSync(sarifMultitool(), ['validate', file, '--output', output], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  const log = JSON.parse(fs.readFileSync(output, 'utf8')) as { runs: Array<{ results: Array<{ level?: string; ruleId: string; message: { text?: string } }> }> };
  return log.runs.flatMap((r) => r.results).map((r) => ({ level: r.level ?? 'warning', ruleId: r.ruleId, text: r.message.text ?? '' }));
}

/** The CLI in this process, with a fake terminal, for what only a terminal shows. */
async function runInProcess(args: string[], options: { isTTY: boolean; columns?: number; env?: Record<string, string> }): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliEnvironment = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.isTTY, ...(options.columns !== undefined ? { columns: options.columns } : {}) },
    stderr: { write: () => true },
    env: { PATH: '', ...options.env },
    platform: process.platform,
    clock: () => new Date('2026-12-02T00:00:00Z'),
    homedir: () => home('clean'),
    hostname: () => 'test-host',
    version: '0.0.0-test',
    readPerson: async () => ({ person: { uid: 4242, user: 'tester', groups: ['testers'] }, problems: [] }),
    userNames: async () => new Map(),
    pid: process.pid,
    loadArgvReader: testReader,
  };
  const code = await run(args, io);
  return { code, stdout };
}

describe('tool-policy output formats', function () {
  this.timeout(120_000);

  it('SARIF: valid under the official validator, one result per finding with ruleId = the rule id', async () => {
    const dir = tempDir('sarif-');
    try {
      // The exception is for the home folder's owner: the user running this test owns the fixture.
      const excepted = path.join(dir, 'acme-excepted.yaml');
      fs.writeFileSync(excepted, fs.readFileSync(policy('acme-excepted.yaml'), 'utf8').replace('users: [many-editors]', `users: [${JSON.stringify(os.userInfo().username)}]`));
      const scan = await runCli(['scan', '--policy', policy('assistants.yaml'), '--policy', policy('acme-deadline.yaml'), '--policy', excepted, '--home', home('many-editors'), '--now', '2026-11-20', '--format', 'sarif']);
      assert.equal(scan.code, 2, scan.stderr);
      const file = path.join(dir, 'scan.sarif');
      fs.writeFileSync(file, scan.stdout);
      const problems = validateSarif(file);
      assert.deepEqual(problems.filter((p) => p.level === 'error'), []);

      const json = await runCli(['scan', '--policy', policy('assistants.yaml'), '--policy', policy('acme-deadline.yaml'), '--policy', excepted, '--home', home('many-editors'), '--now', '2026-11-20', '--format', 'json']);
      const report = JSON.parse(json.stdout) as { findings: Array<{ ruleId: string; phase: string }> };
      const sarif = JSON.parse(scan.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; suppressions?: unknown[] }> }> };
      assert.equal(sarif.version, '2.1.0');
      const results = sarif.runs[0]?.results ?? [];
      assert.deepEqual(results.map((r) => r.ruleId), report.findings.map((f) => f.ruleId));
      assert.deepEqual(results.map((r) => r.level), report.findings.map((f) => ({ violation: 'error', warning: 'warning', notice: 'note', excepted: 'note' })[f.phase]));
      assert.deepEqual(results.filter((r) => r.suppressions).length, report.findings.filter((f) => f.phase === 'excepted').length);
      assert.ok(report.findings.some((f) => f.phase === 'excepted'));
      assert.deepEqual(sarif.runs[0]?.tool.driver.rules.map((r) => r.id), ['assistants-ban', 'acme-retire', 'acme-ban']);
      // The invocation names the host, the home folder and its owner, as the JSON report does.
      const invocation = (JSON.parse(scan.stdout) as { runs: Array<{ invocations: Array<{ machine: string; account: string; properties: { home: string; owner: { user: string; uid: number } } }> }> }).runs[0]?.invocations[0];
      assert.deepEqual([invocation?.machine, invocation?.account, invocation?.properties.home, invocation?.properties.owner.uid], [os.hostname(), os.userInfo().username, home('many-editors'), os.userInfo().uid]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SARIF with a policy error: still valid, the error as a tool notification, exit 3', async () => {
    const dir = tempDir('sarif-');
    try {
      const scan = await runCli(['scan', '--policy', policy('broken.yaml'), '--home', home('clean'), '--format', 'sarif']);
      assert.equal(scan.code, 3);
      const file = path.join(dir, 'broken.sarif');
      fs.writeFileSync(file, scan.stdout);
      assert.deepEqual(validateSarif(file).filter((p) => p.level === 'error'), []);
      const sarif = JSON.parse(scan.stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> };
      const invocation = sarif.runs[0]?.invocations[0];
      assert.equal(invocation?.executionSuccessful, false);
      const notes = invocation?.toolExecutionNotifications.map((note) => note.message.text) ?? [];
      assert.ok(notes.some((text) => /rules\[0\]\.deadline: "2026-13-01" is not a date/.test(text)), notes.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('text: colour on a terminal only, and never with NO_COLOR', async () => {
    const args = ['scan', '--policy', policy('acme-deadline.yaml'), '--home', home('many-editors')];
    const tty = await runInProcess(args, { isTTY: true });
    assert.equal(tty.code, 2);
    assert.match(tty.stdout, /\u001b\[31m\u001b\[1mNot permitted/);
    const noColor = await runInProcess(args, { isTTY: true, env: { NO_COLOR: '1' } });
    assert.doesNotMatch(noColor.stdout, /\u001b/);
    const piped = await runCli([...args, '--now', '2026-12-02']);
    assert.equal(piped.code, 2);
    assert.doesNotMatch(piped.stdout, /\u001b/);
  });

  it('text: escape sequences, line breaks and bidi overrides from the machine are shown escaped, never sent to the terminal', async () => {
    const hostile = tempDir('hostile-home-');
    try {
      const folder = path.join(hostile, '.vscode', 'extensions', 'weird');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ publisher: 'acme', name: 'helper-\u001b]0;pwned\u0007\u001b[2J\u202eevil\nline', version: '1.0.0' }));
      const result = await runInProcess(['scan', '--policy', policy('acme-deadline.yaml'), '--home', hostile], { isTTY: true });
      assert.equal(result.code, 2);
      const withoutOurColours = result.stdout.replace(/\u001b\[\d+m/g, '');
      assert.doesNotMatch(withoutOurColours, /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      assert.match(withoutOurColours, /acme\.helper-\\u\{1b\}\]0;pwned\\u\{7\}\\u\{1b\}\[2J\\u\{202e\}evil\\nline 1\.0\.0/);
    } finally {
      fs.rmSync(hostile, { recursive: true, force: true });
    }
  });
});

describe('tool-policy validate', function () {
  this.timeout(60_000);

  it('prints FILE:LINE:COL: error: PATH: message and exits 3 when any file has an error', async () => {
    const broken = path.relative(process.cwd(), policy('broken.yaml'));
    const result = await runCli(['validate', policy('assistants.yaml'), broken, '/nonexistent.yaml']);
    assert.equal(result.code, 3);
    // Every problem of a file in one pass, in the file's order: a field error does not hold back an unknown tool.
    assert.deepEqual(result.stdout.trim().split('\n'), [
      `${broken}:5:11: error: rules[0].tool: unknown tool "claude-cod" (did you mean "claude-code"?); define it under tools: or use a catalog id`,
      `${broken}:6:15: error: rules[0].deadline: "2026-13-01" is not a date (expected YYYY-MM-DD or ISO 8601 with offset): there is no such day`,
      '/nonexistent.yaml:1:1: error: no such file',
    ]);
    assert.match(result.stderr, /2 of 3 policy files have errors/);
  });

  it('never sends the file\'s own control characters to the terminal: a key of escape sequences is shown escaped', async () => {
    const dir = tempDir('escape-policy-');
    try {
      const file = path.join(dir, 'escapes.yaml');
      // A double-quoted YAML key holding ESC, BEL and a bidi override, as an attacker would write it.
      fs.writeFileSync(file, 'version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n    "\\e[2J\\e]8;;https://evil.example\\a\\u202eevil": x\n');
      const result = await runCli(['validate', file]);
      assert.equal(result.code, 3, result.stdout);
      assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      assert.match(result.stdout, /:6:5: error: rules\[0\]\."\\u001b\[2J/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints warnings as FILE:LINE:COL: warning: and still exits 0, since the file applies', async () => {
    const dir = tempDir('warning-policy-');
    try {
      const file = path.join(dir, 'all-allowed.yaml');
      const ids = BUILT_IN_TOOLS.map((tool) => tool.id);
      fs.writeFileSync(file, ['version: 1', 'organization: ACME', `allowed: [${ids.join(', ')}]`, 'rules:', '  - id: everything-else', '    tool: "*"', '    alternative: { name: Any allowed tool }', ''].join('\n'));
      const result = await runCli(['validate', file]);
      assert.equal(result.code, 0, result.stdout);
      assert.equal(result.stdout, `${file}:6:11: warning: rules[0].tool: "*" covers no tool here: every known tool is listed under allowed, so this rule matches nothing\n`);
      assert.match(result.stderr, /1 policy file valid/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 for valid files, the shipped examples included', async () => {
    const examples = fs.readdirSync(path.join(REPO_ROOT, 'policies')).filter((name) => name.endsWith('.yaml')).map((name) => path.join(REPO_ROOT, 'policies', name));
    const result = await runCli(['validate', ...examples, policy('acme-deadline.yaml')]);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.stdout, '');
  });

  it('refuses a file over 1 MiB without reading it whole', async () => {
    const dir = tempDir('big-policy-');
    try {
      const file = path.join(dir, 'big.yaml');
      fs.writeFileSync(file, `# ${'x'.repeat(3 * 1024 * 1024)}\n`);
      const result = await runCli(['validate', file]);
      assert.equal(result.code, 3);
      assert.equal(result.stdout, `${file}:1:1: error: the file is ${3 * 1024 * 1024 + 3} bytes; policy files are limited to 1 MiB\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a FIFO, a device and a folder in a policy\'s place without waiting on them', async function () {
    // A plain open of a FIFO waits for a writer forever: a scan run by MDM would never end.
    this.timeout(20_000);
    const dir = tempDir('odd-policy-');
    try {
      const fifo = path.join(dir, 'fifo.yaml');
      execFileSync('mkfifo', [fifo]);
      const folder = path.join(dir, 'folder.yaml');
      fs.mkdirSync(folder);
      const result = await runCli(['validate', fifo, '/dev/zero', folder]);
      assert.equal(result.code, 3);
      assert.deepEqual(result.stdout.trim().split('\n'), [
        `${fifo}:1:1: error: is not a regular file (a FIFO, socket or device is never read)`,
        '/dev/zero:1:1: error: is not a regular file (a FIFO, socket or device is never read)',
        `${folder}:1:1: error: is a folder, not a policy file`,
      ]);
      const scan = await runCli(['scan', '--policy', fifo, '--home', dir]);
      assert.equal(scan.code, 3, scan.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
