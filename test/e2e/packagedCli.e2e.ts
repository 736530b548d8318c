/**
 * The command line as an administrator finds it: inside the installed .vsix
 * (`<extensions>/tool-policy.tool-policy-notices-<version>/dist/cli.js`), run by Node with
 * nothing beside it but what the package ships.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createProfile, ensureEditorHost, installExtension, REPO_ROOT, type Profile } from '../runners/codeServer';

const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

function runNode(args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...args], { cwd, timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: cwd } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('the command line shipped in the .vsix', function () {
  let profile: Profile;
  let cli: string;

  before(async function () {
    this.timeout(180_000);
    const vsix = path.join(REPO_ROOT, `tool-policy-notices-${version}.vsix`);
    assert.ok(fs.existsSync(vsix), `${path.basename(vsix)} is missing: run npm run package first`);
    profile = createProfile();
    await installExtension(ensureEditorHost(), profile, vsix);
    cli = path.join(profile.extensionsDir, `tool-policy.tool-policy-notices-${version}`, 'dist', 'cli.js');
  });

  after(() => {
    if (profile) fs.rmSync(profile.root, { recursive: true, force: true });
  });

  it('is installed with the extension and names its version', async () => {
    assert.ok(fs.existsSync(cli), `${cli} is not in the installed extension`);
    const result = await runNode([cli, '--version'], profile.root);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), version);
  });

  it('validates the example policy, and exports the binding VS Code policy of a block', async () => {
    const example = path.join(profile.extensionsDir, `tool-policy.tool-policy-notices-${version}`, 'policies', 'alibaba-claude-code.yaml');
    const validated = await runNode([cli, 'validate', example], profile.root);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    const policy = path.join(profile.root, 'block.yaml');
    fs.writeFileSync(policy, 'version: 1\norganization: ACME\nrules:\n  - id: no-claude\n    tool: claude-code\n    deadline: 2026-07-10\n    enforce: block\n');
    const exported = await runNode([cli, 'export', '--format', 'vscode-policy', '--policy', policy, '--now', '2026-12-01T00:00:00Z'], profile.root);
    assert.equal(exported.code, 0, exported.stderr);
    const allowed = (JSON.parse(exported.stdout) as { AllowedExtensions: string }).AllowedExtensions;
    assert.deepEqual(JSON.parse(allowed), { '*': true, 'anthropic.claude-code': false });
  });

  it('scans a home folder with the shell parser it carries (an MCP server that runs Claude Code)', async () => {
    const home = path.join(profile.root, 'home');
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, '.claude.json'), JSON.stringify({ mcpServers: { helper: { command: 'sh', args: ['-c', 'if true; then npx -y @anthropic-ai/claude-code mcp serve; fi'] } } }));
    const policy = path.join(profile.root, 'policy.yaml');
    fs.writeFileSync(policy, 'version: 1\norganization: ACME\nrules:\n  - id: no-claude\n    tool: claude-code\n');
    const scanned = await runNode([cli, 'scan', '--policy', policy, '--home', home, '--format', 'json'], profile.root);
    assert.equal(scanned.code, 2, scanned.stderr);
    const report = JSON.parse(scanned.stdout) as { findings: Array<{ ruleId: string; evidence: Array<{ kind: string; server?: string }> }> };
    const servers = report.findings.filter((f) => f.ruleId === 'no-claude').flatMap((f) => f.evidence).filter((e) => e.kind === 'mcp').map((e) => e.server);
    assert.deepEqual(servers, ['helper']);
  });

  it('moves a Claude Code setup to Qoder: a plan, then --apply, then nothing left to do', async () => {
    const home = path.join(profile.root, 'migrate-home');
    const project = path.join(home, 'shop');
    fs.mkdirSync(path.join(project, '.claude', 'rules'), { recursive: true });
    fs.mkdirSync(path.join(project, '.qoder'), { recursive: true });
    fs.writeFileSync(path.join(project, 'CLAUDE.md'), '# Shop\n');
    fs.writeFileSync(path.join(project, '.claude', 'rules', 'api.md'), '---\npaths: ["src/**/*.{ts,tsx}"]\n---\nAPI rules\n');
    fs.writeFileSync(path.join(home, '.claude.json'), JSON.stringify({ projects: { [project]: { mcpServers: { db: { command: 'pg', env: { PGPASSWORD: 'E2E-SECRET-1' } } } } } }));
    fs.writeFileSync(path.join(project, '.qoder', 'settings.local.json'), '{\n  // mine\n  "mcpServers": {}\n}\n');
    const args = [cli, 'migrate', '--from', 'claude-code', '--to', 'qoder', '--home', home, '--project', project];
    const planned = await runNode(args, profile.root);
    assert.equal(planned.code, 0, planned.stdout + planned.stderr);
    assert.match(planned.stdout, /Summary: 3 to write, 0 already done, 0 conflicts, 0 lost/);
    assert.ok(!fs.existsSync(path.join(project, 'AGENTS.md')), 'a plan wrote a file');
    const applied = await runNode([...args, '--apply'], profile.root);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.equal(fs.readFileSync(path.join(project, '.qoder', 'rules', 'api.md'), 'utf8'), '---\ntrigger: glob\nglob: src/**/*.ts,src/**/*.tsx\n---\nAPI rules\n');
    assert.match(fs.readFileSync(path.join(project, '.qoder', 'settings.local.json'), 'utf8'), /\/\/ mine[\s\S]*"PGPASSWORD": "E2E-SECRET-1"/);
    const again = await runNode(args, profile.root);
    assert.match(again.stdout, /Summary: 0 to write, 3 already done/);
    for (const output of [planned, applied, again]) assert.doesNotMatch(output.stdout + output.stderr, /E2E-SECRET/);
  });
});
