import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CLI, cleanEnv, home, policy, REPO_ROOT, runCli, runCliInProcess, tempDir } from './helpers';

interface Report {
  status: string;
  exitCode: number;
  findings: Array<{ ruleId: string; toolId: string; phase: string; active: boolean; title: string; evidence: Array<Record<string, unknown>> }>;
  scanProblems: Array<{ where: string; message: string }>;
  policies: Array<{ status: string; problems: unknown[] }>;
}

const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'scan-report.v1.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validateReport = ajv.compile(schema);

function parseReport(stdout: string): Report {
  const report = JSON.parse(stdout) as unknown;
  assert.ok(validateReport(report), `report does not follow schemas/scan-report.v1.json: ${ajv.errorsText(validateReport.errors)}`);
  return report as Report;
}

const MANY = home('many-editors');
const ACME = policy('acme-deadline.yaml');

/** A home with only Devin Desktop's extensions from MANY: nothing in it is unreadable. */
function devinHome(): string {
  const dir = tempDir('devin-home-');
  fs.cpSync(path.join(MANY, '.devin'), path.join(dir, '.devin'), { recursive: true });
  return dir;
}

/** Text output with its wrapped lines joined again, for matching a sentence wherever the width broke it. */
const unwrapped = (text: string) => text.replace(/\n +(?=\S)/g, ' ');

describe('tool-policy scan (dist/cli.js as a process)', function () {
  this.timeout(60_000);

  describe('exit code for every outcome', () => {
    it('0 when nothing the policy names is found', async () => {
      const run = await runCli(['scan', '--policy', ACME, '--home', home('clean'), '--now', '2026-12-02']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Nothing on this machine breaks the policy\./);
      assert.match(run.stdout, /Compliant\. Exit code 0\./);
    });

    it('0 with notices: a deadline more than noticeDays away', async () => {
      const devin = devinHome();
      try {
        const run = await runCli(['scan', '--policy', ACME, '--home', devin, '--now', '2026-10-01', '--format', 'json']);
        assert.equal(run.code, 0, run.stderr);
        const report = parseReport(run.stdout);
        assert.equal(report.status, 'compliant');
        assert.deepEqual(report.findings.map((f) => [f.ruleId, f.phase]), [['acme-retire', 'notice']]);
      } finally {
        fs.rmSync(devin, { recursive: true, force: true });
      }
    });

    it('1 with warnings: within noticeDays of the deadline; each piece of evidence on its own indented lines', async () => {
      const devin = devinHome();
      try {
        const run = await runCli(['scan', '--policy', ACME, '--home', devin, '--now', '2026-11-20T12:00:00Z']);
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stdout, /^Deadline approaching: ACME Helper is being retired\n {2}Rule acme-retire · tool ACME Helper\n {2}Deadline: 2026-12-01 \(UTC\), 11 days left\n {2}Not acknowledged\n {2}Found:\n {4}extension acme\.helper-pro 0\.1\.0 \(Devin Desktop\)\n {6}\S*\.devin\/extensions\/acme\.helper-pro-0\.1\.0\n {2}Use instead: Qoder — https:\/\/qoder\.com\/$/m);
        assert.match(run.stdout, /Warnings: deadlines are approaching \(1 warning\)\. Exit code 1\./);
      } finally {
        fs.rmSync(devin, { recursive: true, force: true });
      }
    });

    it('2 with violations: the deadline has passed', async () => {
      const run = await runCli(['scan', '--policy', ACME, '--home', MANY, '--now', '2026-12-02']);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stdout, /^Not permitted: ACME Helper is being retired\n {2}Rule acme-retire · tool ACME Helper\n {2}Deadline: 2026-12-01 \(UTC\), 1 day overdue$/m);
    });

    it('5 when something could not be read and no violation was found; 2 wins over it', async () => {
      // MANY holds a broken extensions.json, a folder that is no extension and a broken mcp.json.
      const notice = await runCli(['scan', '--policy', ACME, '--home', MANY, '--now', '2026-10-01', '--format', 'json']);
      assert.equal(notice.code, 5, notice.stderr);
      const report = parseReport(notice.stdout);
      assert.equal(report.status, 'incomplete');
      assert.ok(report.scanProblems.length >= 3, JSON.stringify(report.scanProblems));
      const text = await runCli(['scan', '--policy', ACME, '--home', MANY, '--now', '2026-11-20']);
      assert.equal(text.code, 5);
      assert.match(unwrapped(text.stdout), /Incomplete: some places could not be read, so the scan cannot say "compliant" \(1 warning\)\. Exit code 5\./);
      const violation = await runCli(['scan', '--policy', ACME, '--home', MANY, '--now', '2026-12-02', '--format', 'json']);
      assert.equal(violation.code, 2);
    });

    it('0 when an exception for the home folder\'s owner is in force; the folder\'s name is no one', async () => {
      const devin = devinHome();
      const dir = tempDir('excepted-policy-');
      try {
        const me = os.userInfo().username;
        const excepting = (users: string) => {
          const file = path.join(dir, `${users}.yaml`);
          fs.writeFileSync(file, fs.readFileSync(policy('acme-excepted.yaml'), 'utf8').replace('users: [many-editors]', `users: [${JSON.stringify(users)}]`));
          return file;
        };
        const excepted = await runCli(['scan', '--policy', excepting(me), '--home', devin, '--now', '2026-12-02', '--format', 'json']);
        assert.equal(excepted.code, 0, excepted.stderr);
        const report = parseReport(excepted.stdout) as Report & { owner: { user: string; uid: number } };
        assert.deepEqual(report.findings.map((f) => f.phase), ['excepted']);
        assert.deepEqual([report.owner.user, report.owner.uid], [me, os.userInfo().uid]);

        // An exception for the folder's name (what scan once went by) excepts no one.
        const named = await runCli(['scan', '--policy', excepting(path.basename(devin)), '--home', devin, '--now', '2026-12-02']);
        assert.equal(named.code, 2, named.stderr);
        // Names compare as Linux does: with case.
        const upper = await runCli(['scan', '--policy', excepting(me.toUpperCase()), '--home', devin, '--now', '2026-12-02']);
        assert.equal(upper.code, 2, upper.stderr);
      } finally {
        fs.rmSync(devin, { recursive: true, force: true });
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('4 naming --home when it is missing or not a folder', async () => {
      const missing = await runCli(['scan', '--policy', ACME, '--home', '/nonexistent/home/alice']);
      assert.equal(missing.code, 4);
      assert.equal(missing.stdout, '');
      assert.match(missing.stderr, /^tool-policy: --home "\/nonexistent\/home\/alice": no such folder\n/);
      const file = await runCli(['scan', '--policy', ACME, '--home', ACME]);
      assert.equal(file.code, 4);
      assert.match(file.stderr, /--home ".*acme-deadline\.yaml" is not a folder/);
    });

    it('3 for a policy error, naming file, line, column and field, while still reporting what the other layers find', async () => {
      const run = await runCli(['scan', '--policy', policy('broken.yaml'), '--policy', ACME, '--home', MANY, '--now', '2026-12-02']);
      assert.equal(run.code, 3);
      assert.match(unwrapped(run.stdout), /broken\.yaml:6:15: error: rules\[0\]\.deadline: "2026-13-01" is not a date/);
      assert.match(run.stdout, /^Not permitted: ACME Helper is being retired\n {2}Rule acme-retire/m);
      assert.match(unwrapped(run.stdout), /Policy error: the policy could not be applied whole \(1 violation\)\. Exit code 3\./);
      const json = await runCli(['scan', '--policy', policy('broken.yaml'), '--home', MANY, '--format', 'json']);
      assert.equal(json.code, 3);
      assert.equal(parseReport(json.stdout).status, 'policy-error');
      assert.match(json.stderr, /broken\.yaml:6:15: error: rules\[0\]\.deadline:/);
    });

    it('3 when a --policy file does not exist, and when no policy exists at all', async () => {
      const missing = await runCli(['scan', '--policy', '/nonexistent/policy.yaml', '--home', MANY]);
      assert.equal(missing.code, 3);
      assert.match(missing.stdout, /\/nonexistent\/policy\.yaml:1:1: error: no such file/);
      const none = await runCli(['scan', '--home', MANY], cleanEnv({ TOOL_POLICY_FILE: '/nonexistent/user-policy.yaml' }));
      assert.equal(none.code, 3);
      assert.match(none.stderr, /no policy found \(looked at \/etc\/tool-policy\/policy\.yaml, \/nonexistent\/user-policy\.yaml\); name one with --policy FILE/);
    });

    it('reads TOOL_POLICY_FILE when no --policy is given, as the editor does', async () => {
      const run = await runCli(['scan', '--home', MANY, '--now', '2026-12-02', '--format', 'json'], cleanEnv({ TOOL_POLICY_FILE: ACME }));
      assert.equal(run.code, 2, run.stderr);
      assert.deepEqual(parseReport(run.stdout).policies.map((p) => p.status), ['missing', 'ok']);
    });

    for (const [args, message] of [
      [['frobnicate'], /unknown command "frobnicate" \(expected scan, validate, export, catalog or migrate\)/],
      [['frob\u001b[2Jnicate'], /unknown command "frob\\u\{1b\}\[2Jnicate"/],
      [['scan', '--all-users=yes'], /--all-users/],
      [['catalog', '--format', 'yaml'], /unknown format "yaml" \(expected text, json\)/],
      [['scan', '--verbose'], /Unknown option '--verbose'/],
      [['scan', '--format', 'xml'], /unknown format "xml" \(expected text, json, sarif\)/],
      [['scan', '--format'], /Option '--format <value>' argument missing/],
      [['scan', '--now', 'yesterday'], /--now "yesterday" is not a date/],
      [['scan', '--lang', 'not a tag'], /--lang "not a tag" is not a language tag/],
      [['scan', 'extra'], /Unexpected argument 'extra'/],
      [['validate'], /validate needs at least one policy file/],
      [['export'], /export needs --format osquery, fleet or vscode-policy/],
      [['export', '--format', 'csv'], /unknown format "csv" \(expected osquery, fleet, vscode-policy\)/],
      [['export', '--format', 'vscode-policy', '--platform', 'beos'], /unknown platform "beos" \(expected linux, macos, windows\)/],
      [[], /Usage:/],
    ] as Array<[string[], RegExp]>) {
      it(`4 for a usage error: ${args.join(' ') || '(no arguments)'}`, async () => {
        const run = await runCliInProcess(args);
        assert.equal(run.code, 4, run.stdout + run.stderr);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      });
    }

    it('4 for a usage error as a process: the message on stderr, nothing on stdout', async () => {
      const run = await runCli(['scan', '--verbose']);
      assert.equal(run.code, 4, run.stdout + run.stderr);
      assert.match(run.stderr, /^tool-policy: Unknown option '--verbose'/);
      assert.equal(run.stdout, '');
    });

    it('0 for --help and --version', async () => {
      const help = await runCli(['--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /tool-policy scan \[--policy FILE\]\.\.\. \[--home DIR\] \[--all-users\] \[--format text\|json\|sarif\] \[--now ISO\] \[--lang TAG\]/);
      assert.match(help.stdout, /tool-policy catalog \[--format text\|json\]/);
      const version = await runCli(['--version']);
      assert.equal(version.code, 0);
      assert.equal(version.stdout.trim(), (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    });
  });

  describe('what a whole-machine scan finds under --home', () => {
    let report: Report;
    let run: { code: number; stdout: string; stderr: string };
    const bin = tempDir('path-bin-');
    before(async () => {
      fs.writeFileSync(path.join(bin, 'cline'), '#!/bin/sh\n', { mode: 0o755 });
      run = await runCli(['scan', '--policy', policy('assistants.yaml'), '--home', MANY, '--format', 'json'], cleanEnv({ PATH: bin }));
      report = parseReport(run.stdout);
    });
    after(() => fs.rmSync(bin, { recursive: true, force: true }));

    const evidenceOf = (toolId: string, kind: string) =>
      report.findings.filter((f) => f.toolId === toolId).flatMap((f) => f.evidence).filter((e) => e.kind === kind);

    it('exits 2 and follows the schema', () => {
      assert.equal(run.code, 2, run.stderr);
      assert.equal(report.status, 'violation');
    });

    it('reads extensions.json with case variants of ids, and skips folders named in .obsolete', () => {
      assert.deepEqual(evidenceOf('claude-code', 'extension'), [{ kind: 'extension', id: 'Anthropic.claude-code', version: '2.0.1', editor: 'VS Code', folder: path.join(MANY, '.vscode/extensions/anthropic.claude-code-2.0.1') }]);
      assert.deepEqual(evidenceOf('gemini', 'extension').map((e) => [e.id, e.editor]), [['GOOGLE.GeminiCodeAssist', 'Windsurf']]);
      assert.deepEqual(evidenceOf('github-copilot', 'extension'), [], 'github.copilot-chat-0.20.0 is in .obsolete');
    });

    it('counts extension folders the index does not list, in remote-server folders too', () => {
      assert.deepEqual(evidenceOf('openai-codex', 'extension').map((e) => [e.id, e.version, e.editor]), [['OpenAI.chatgpt', '1.2.3', 'VS Code Server']]);
      assert.deepEqual(evidenceOf('continue', 'extension').map((e) => [e.id, e.editor, path.basename(String(e.folder))]), [['Continue.continue', 'code-server', 'my-local-build']]);
    });

    it('reports a broken extensions.json and still scans that folder', () => {
      assert.ok(report.scanProblems.some((p) => p.where === path.join(MANY, '.cursor/extensions') && /extensions\.json is not valid JSON/.test(p.message)), JSON.stringify(report.scanProblems));
      assert.deepEqual(evidenceOf('cline', 'extension').map((e) => [e.id, e.editor]), [['saoudrizwan.claude-dev', 'Cursor']]);
      assert.ok(report.scanProblems.some((p) => /"not-an-extension" is not an extension folder/.test(p.message)));
    });

    it('finds MCP servers that run a ruled tool in VS Code, Claude Code, Codex and Continue configs', () => {
      assert.deepEqual(evidenceOf('claude-code', 'mcp'), [{ kind: 'mcp', file: path.join(MANY, '.config/Code/User/mcp.json'), server: 'claude', commandLine: 'npx -y @anthropic-ai/claude-code mcp serve' }]);
      assert.deepEqual(evidenceOf('openai-codex', 'mcp').map((e) => [e.file, e.server]), [[path.join(MANY, '.claude.json'), 'codex']]);
      assert.deepEqual(evidenceOf('gemini', 'mcp').map((e) => [e.file, e.server]), [[path.join(MANY, '.codex/config.toml'), 'gemini']]);
      assert.deepEqual(evidenceOf('qwen-code', 'mcp').map((e) => [e.file, e.server]), [[path.join(MANY, '.continue/config.yaml'), 'qwen']]);
      assert.ok(report.scanProblems.some((p) => p.where === path.join(MANY, '.cursor/mcp.json') && /1:29: expected a value/.test(p.message)));
    });

    it('reads the mcp.json of each VS Code profile', () => {
      assert.deepEqual(evidenceOf('cline', 'mcp'), [{ kind: 'mcp', file: path.join(MANY, '.config/Code/User/profiles/5f3a2b1c/mcp.json'), server: 'cline-in-a-profile', commandLine: 'npx --yes cline' }]);
    });

    it('finds commands on PATH and in the usual install folders under the home folder, as installed (not in use)', () => {
      assert.deepEqual(evidenceOf('cline', 'installed'), [{ kind: 'installed', command: 'cline', path: path.join(bin, 'cline') }]);
      assert.deepEqual(evidenceOf('gemini', 'installed'), [{ kind: 'installed', command: 'gemini', path: path.join(MANY, '.local/bin/gemini') }]);
      assert.deepEqual(evidenceOf('openai-codex', 'installed'), [{ kind: 'installed', command: 'codex', path: path.join(MANY, '.npm-prefix/bin/codex') }], 'the npm prefix from ~/.npmrc');
    });
  });

  it('never waits on a FIFO planted where a config or index file should be, and says which it skipped', async function () {
    // A home the scan does not own: its owner could plant FIFOs to hang the organisation's scan.
    this.timeout(30_000);
    const hostile = tempDir('fifo-home-');
    try {
      fs.cpSync(MANY, hostile, { recursive: true });
      const planted = ['.claude.json', '.npmrc', '.cursor/mcp.json', '.vscode/extensions/extensions.json', '.vscode/extensions/.obsolete', '.vscode/extensions/anthropic.claude-code-2.0.1/package.json'];
      for (const file of planted) {
        fs.rmSync(path.join(hostile, file), { force: true });
        execFileSync('mkfifo', [path.join(hostile, file)]);
      }
      const run = await runCli(['scan', '--policy', policy('assistants.yaml'), '--home', hostile, '--format', 'json']);
      assert.equal(run.code, 2, run.stderr);
      const report = parseReport(run.stdout);
      const skipped = report.scanProblems.filter((p) => /is not a regular file \(a FIFO, socket or device is never read\)/.test(p.message));
      // ~/.npmrc too: the npm prefix it may name is a folder not looked in.
      assert.deepEqual(skipped.map((p) => p.where).sort(), [path.join(hostile, '.claude.json'), path.join(hostile, '.cursor/mcp.json'), path.join(hostile, '.npmrc'), path.join(hostile, '.vscode/extensions'), path.join(hostile, '.vscode/extensions')].sort(), JSON.stringify(report.scanProblems));
      // What the FIFOs stood in for is still scanned the other ways: the folder itself shows Claude Code.
      assert.ok(report.findings.some((f) => f.toolId === 'claude-code' && f.evidence.some((e) => e.kind === 'extension')), JSON.stringify(report.findings.map((f) => f.toolId)));
    } finally {
      fs.rmSync(hostile, { recursive: true, force: true });
    }
  });

  it('names an MCP server whose command line it could not read to its end, and still reads the ordinary one beside it', async () => {
    const hostile = tempDir('mcp-hostile-home-');
    try {
      // A command nesting $(…) 40,000 deep: reading it once took 41 s; now its file's budget cuts it off.
      const deep = `${'$( '.repeat(40_000)}claude${' )'.repeat(40_000)}`;
      fs.writeFileSync(path.join(hostile, '.claude.json'), JSON.stringify({ mcpServers: { deep: { command: 'bash', args: ['-c', deep] }, cc: { command: 'claude', args: ['mcp', 'serve'] } } }));
      const run = await runCli(['scan', '--policy', policy('assistants.yaml'), '--home', hostile, '--format', 'json']);
      const report = parseReport(run.stdout);
      const unread = report.scanProblems.filter((p) => /MCP server "deep": its command line was not fully read/.test(p.message));
      assert.deepEqual(unread.map((p) => p.where), [path.join(hostile, '.claude.json')], JSON.stringify(report.scanProblems));
      assert.ok(report.findings.some((f) => f.toolId === 'claude-code' && f.evidence.some((e) => e.kind === 'mcp' && e.server === 'cc')), JSON.stringify(report.findings));
      // Alone, the server that could not be read makes the scan incomplete, never compliant.
      fs.writeFileSync(path.join(hostile, '.claude.json'), JSON.stringify({ mcpServers: { deep: { command: 'bash', args: ['-c', deep] } } }));
      const alone = await runCli(['scan', '--policy', policy('assistants.yaml'), '--home', hostile, '--format', 'json']);
      assert.equal(alone.code, 5, alone.stderr);
      assert.equal(parseReport(alone.stdout).status, 'incomplete');
    } finally {
      fs.rmSync(hostile, { recursive: true, force: true });
    }
  });

  it('runs as one file, with no node_modules beside it (MCP servers read by the embedded shell parser)', async () => {
    const dir = tempDir('cli-alone-');
    try {
      fs.copyFileSync(CLI, path.join(dir, 'cli.js'));
      const run = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(dir, 'cli.js'), 'scan', '--policy', policy('assistants.yaml'), '--home', MANY, '--format', 'json'], { cwd: dir, env: cleanEnv() });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout }));
      });
      assert.equal(run.code, 2);
      const servers = parseReport(run.stdout).findings.flatMap((f) => f.evidence).filter((e) => e.kind === 'mcp').map((e) => e.server).sort();
      assert.deepEqual(servers, ['claude', 'cline-in-a-profile', 'codex', 'gemini', 'qwen']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the real Claude Code from npm on PATH', async function () {
    this.timeout(300_000);
    const bin = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'install-test-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    const run = await runCli(['scan', '--policy', path.join(REPO_ROOT, 'policies', 'alibaba-claude-code.yaml'), '--home', home('clean'), '--now', '2026-11-22', '--format', 'json'], cleanEnv({ PATH: bin }));
    assert.equal(run.code, 2, run.stderr);
    const claude = parseReport(run.stdout).findings.find((f) => f.toolId === 'claude-code');
    assert.ok(claude, run.stdout);
    assert.equal(claude.phase, 'violation');
    assert.deepEqual(claude.evidence.filter((e) => e.kind === 'installed'), [{ kind: 'installed', command: 'claude', path: path.join(bin, 'claude') }]);
    const text = await runCli(['scan', '--policy', path.join(REPO_ROOT, 'policies', 'alibaba-claude-code.yaml'), '--home', home('clean'), '--now', '2026-11-22'], cleanEnv({ PATH: bin }));
    assert.match(text.stdout, new RegExp(`^ {4}installed claude\n {6}${path.join(bin, 'claude').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });
});
