import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, cleanEnv, policy, runCli, tempDir, type CliRun } from './helpers';

/**
 * Fail closed: everything the scan looks at but cannot read is named and makes the scan
 * incomplete (exit 5) unless a violation was found; a malformed entry hides only itself;
 * running out of file descriptors is waited out, never skipped; no link out of the home
 * folder is followed, and nothing refused is quoted.
 */

interface Report {
  status: string;
  exitCode: number;
  findings: Array<{ toolId: string; evidence: Array<Record<string, unknown>> }>;
  scanProblems: Array<{ where: string; message: string }>;
}

const POLICY = policy('assistants.yaml');
const OUTSIDE = 'is not read: a symbolic link leads out of the home folder being scanned';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** dist/cli.js as a process that may hold at most `maxOpenFiles` descriptors (the shell's `ulimit -n`). */
function runLimited(maxOpenFiles: number, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', 'ulimit -n "$0" && exec "$@"', String(maxOpenFiles), process.execPath, CLI, ...args], { env: cleanEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

const evidenceOf = (report: Report, toolId: string, kind: string) => report.findings.filter((f) => f.toolId === toolId).flatMap((f) => f.evidence.filter((e) => e.kind === kind));

describe('fail closed (dist/cli.js as a process)', function () {
  this.timeout(180_000);
  const made: string[] = [];
  const dir = (prefix: string) => {
    const created = tempDir(prefix);
    made.push(created);
    return created;
  };
  after(() => {
    for (const created of made) fs.rmSync(created, { recursive: true, force: true });
  });

  it('a home with more extension folders than the process may open: every manifest is read in turn, nothing is skipped', async () => {
    const home = dir('emfile-home-');
    const extensions = path.join(home, '.vscode', 'extensions');
    // Folders whose names do not say which extension they hold: each manifest must be opened.
    for (let i = 0; i < 2000; i++) write(path.join(extensions, `junk${i}`, 'package.json'), JSON.stringify({ publisher: 'junk', name: `x${i}`, version: '1.0.0' }));
    write(path.join(extensions, 'zz-linked', 'package.json'), JSON.stringify({ publisher: 'anthropic', name: 'claude-code', version: '2.0.1' }));
    write(path.join(home, '.local', 'bin', 'claude'), '#!/bin/sh\n');
    const run = await runLimited(32, ['scan', '--policy', POLICY, '--home', home, '--format', 'json']);
    assert.ok(run.stdout.startsWith('{'), `no report (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.scanProblems.slice(0, 5), [], `${report.scanProblems.length} items not read`);
    assert.deepEqual(evidenceOf(report, 'claude-code', 'extension').map((e) => e.folder), [path.join(extensions, 'zz-linked')]);
    assert.deepEqual(evidenceOf(report, 'claude-code', 'installed').map((e) => e.path), [path.join(home, '.local', 'bin', 'claude')]);
    assert.equal(run.code, 2);
  });

  it('never follows a link out of the home folder, names what it refused, and never quotes it', async () => {
    const outside = dir('outside-home-');
    const home = dir('linking-home-');
    const secret = 'SECRET-TOKEN-3f9a1c';
    write(path.join(outside, 'shadow'), `${secret}:x:0:0\n`);
    // Valid JSON that, read, would be a finding: the scan must not take it from outside the home.
    write(path.join(outside, 'claude.json'), JSON.stringify({ mcpServers: { cc: { command: 'claude', args: ['mcp', 'serve', secret] } } }));
    write(path.join(outside, 'extensions', 'anthropic.claude-code-2.0.1', 'package.json'), '{}');
    fs.mkdirSync(path.join(home, '.vscode', 'extensions'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'shadow'), path.join(home, '.vscode', 'extensions', 'extensions.json'));
    fs.symlinkSync(path.join(outside, 'claude.json'), path.join(home, '.claude.json'));
    fs.symlinkSync('/proc/self/environ', path.join(home, '.npmrc'));
    fs.mkdirSync(path.join(home, '.cursor'));
    fs.symlinkSync(path.join(outside, 'extensions'), path.join(home, '.cursor', 'extensions'));
    // A link that stays inside the home is followed as before.
    write(path.join(home, 'dotfiles', 'codex.toml'), '[mcp_servers.cx]\ncommand = "codex"\n');
    fs.mkdirSync(path.join(home, '.codex'));
    fs.symlinkSync(path.join(home, 'dotfiles', 'codex.toml'), path.join(home, '.codex', 'config.toml'));

    const run = await runCli(['scan', '--policy', POLICY, '--home', home, '--format', 'json'], cleanEnv({ SCAN_CANARY: secret }));
    for (const output of [run.stdout, run.stderr]) assert.ok(!output.includes(secret), 'the content of a refused file is quoted');
    const report = JSON.parse(run.stdout) as Report;
    const refused = report.scanProblems.filter((p) => p.message.endsWith(OUTSIDE)).map((p) => p.where).sort();
    assert.deepEqual(refused, [path.join(home, '.claude.json'), path.join(home, '.cursor', 'extensions'), path.join(home, '.npmrc'), path.join(home, '.vscode', 'extensions')].sort(), JSON.stringify(report.scanProblems));
    assert.deepEqual(report.findings.map((f) => f.toolId), ['openai-codex'], 'only what lies inside the home is found');
    assert.equal(run.code, 2, 'the violation found inside the home outranks what was refused');
    // Without it, what was refused leaves the scan incomplete.
    fs.rmSync(path.join(home, '.codex', 'config.toml'));
    const refusedOnly = await runCli(['scan', '--policy', POLICY, '--home', home, '--format', 'json'], cleanEnv({ SCAN_CANARY: secret }));
    assert.ok(!refusedOnly.stdout.includes(secret) && !refusedOnly.stderr.includes(secret));
    assert.equal(refusedOnly.code, 5, refusedOnly.stdout);
  });

  it('names a ~/.claude.json over 16 MiB as not read, and is incomplete for it', async () => {
    const home = dir('large-claude-');
    const file = path.join(home, '.claude.json');
    fs.writeFileSync(file, `{"history": "${'x'.repeat(16 * 1024 * 1024)}"}`);
    const run = await runCli(['scan', '--policy', POLICY, '--home', home, '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.scanProblems.map((p) => p.where), [file]);
    assert.match(report.scanProblems[0]?.message ?? '', /^the file is \d+ bytes; files over 16 MiB are not read$/);
    assert.equal(report.status, 'incomplete');
    assert.equal(run.code, 5);
  });

  it('one malformed MCP entry (another project\'s "mcpServers": []) hides only itself', async () => {
    const home = dir('malformed-mcp-');
    write(path.join(home, '.claude.json'), JSON.stringify({
      projects: {
        '/home/me/old': { mcpServers: [] },
        '/home/me/app': { mcpServers: { cc: { command: 'claude', args: ['mcp', 'serve'] } } },
      },
    }));
    const run = await runCli(['scan', '--policy', POLICY, '--home', home, '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(evidenceOf(report, 'claude-code', 'mcp').map((e) => e.server), ['cc']);
    assert.deepEqual(report.scanProblems, [{ where: path.join(home, '.claude.json'), message: '1:43: projects./home/me/old.mcpServers: expected an object of servers' }]);
    assert.equal(run.code, 2);
    // Alone, it makes the scan incomplete, never compliant.
    write(path.join(home, '.claude.json'), JSON.stringify({ projects: { '/home/me/old': { mcpServers: [] } } }));
    const alone = await runCli(['scan', '--policy', POLICY, '--home', home, '--format', 'json']);
    assert.equal(alone.code, 5, alone.stdout);
  });
});
