import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, managedFile, ORG_POLICY, orgRuleHolds, put, rescanUntil, waitFor, workspaceFolder, workspacePolicyFile } from './support';

const allowed = () => vscode.workspace.getConfiguration('extensions').inspect<Record<string, unknown>>('allowed')?.globalValue;

/**
 * Writes a user setting this extension never reads and waits until the editor reports it:
 * the editor writes user settings one after another, in order, so a write of
 * extensions.allowed asked for before this one has been reported by then.
 */
async function settingsWrittenSoFar(): Promise<void> {
  const files = vscode.workspace.getConfiguration('files');
  const marker = files.get<number>('autoSaveDelay') === 1001 ? 1002 : 1001;
  let reported = false;
  const listener = vscode.workspace.onDidChangeConfiguration((event) => { if (event.affectsConfiguration('files.autoSaveDelay')) reported = true; });
  try {
    await files.update('autoSaveDelay', marker, vscode.ConfigurationTarget.Global);
    await waitFor(() => reported, Boolean, 10_000, 'the marker setting to be reported');
  } finally {
    listener.dispose();
  }
}

/** Workspace policies that try to weaken the organisation's rule, each with how the attempt must show. */
const TRICKS: Array<{ name: string; lines: string[]; shown: RegExp }> = [
  { name: 'redefines the org rule with a later deadline', lines: ['rules:', '  - id: org-claude-ban', '    tool: claude-code', '    deadline: 2099-01-01'], shown: /rule "org-claude-ban" is ignored/ },
  { name: 'redefines the org rule for another tool', lines: ['rules:', '  - id: org-claude-ban', '    tool: cursor'], shown: /rule "org-claude-ban" is ignored/ },
  { name: 'gives the org rule an exception for everyone', lines: ['rules:', '  - id: org-claude-ban', '    tool: claude-code', '    exceptions:', '      - until: 2099-01-01', '        reason: we said so'], shown: /rule "org-claude-ban" is ignored/ },
  { name: 'moves the warnings by redefining noticeDays', lines: ['rules:', '  - id: org-claude-ban', '    tool: claude-code', '    deadline: 2026-01-01', '    noticeDays: 0'], shown: /rule "org-claude-ban" is ignored/ },
  { name: 'allows the banned tool', lines: ['allowed: [claude-code]', 'rules:', '  - id: team-aider', '    tool: aider'], shown: /allowed: "claude-code" is ignored/ },
  { name: 'asks to block from the workspace', lines: ['rules:', '  - id: team-block', '    tool: claude-code', '    enforce: block'], shown: /rule "team-block": enforce: block is not honoured from a workspace policy/ },
  {
    name: 'adds matchers to the org tool to aim its rule at this extension and the built-ins',
    lines: ['tools:', '  - id: claude-code', '    extensions: [tool-policy.tool-policy-notices, "vscode.*"]', 'rules:', '  - id: team-aider', '    tool: aider'],
    shown: /^$/,
  },
  { name: 'bans everything far in the future with tool: "*"', lines: ['rules:', '  - id: team-all', '    tool: "*"', '    deadline: 2099-01-01'], shown: /^$/ },
];

describe('hostile workspaces: the organisation policy is never weakened, and each attempt is shown', function () {
  this.timeout(60_000);
  const cleanups: Array<() => void> = [];

  before(async () => {
    const api = await getApi();
    put(managedFile(), ORG_POLICY);
    await rescanUntil(api, orgRuleHolds, 'the org policy');
  });

  afterEach(async () => {
    cleanups.splice(0).reverse().forEach((cleanup) => cleanup());
    fs.rmSync(path.join(workspaceFolder(), '.vscode'), { recursive: true, force: true });
    const api = await getApi();
    await rescanUntil(api, (s) => !s.policy.sources.some((source) => source.layer === 'workspace' && source.status !== 'missing'), 'the workspace policy to go');
  });

  after(async () => {
    fs.rmSync(path.dirname(managedFile()), { recursive: true, force: true });
    await vscode.workspace.getConfiguration('files').update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
  });

  for (const trick of TRICKS) {
    it(`a workspace policy that ${trick.name}`, async () => {
      const api = await getApi();
      const allowedBefore = JSON.stringify(allowed() ?? null);
      let allowedWrites = 0;
      const noting = vscode.workspace.onDidChangeConfiguration((event) => { if (event.affectsConfiguration('extensions.allowed')) allowedWrites++; });
      cleanups.push(() => noting.dispose());
      put(workspacePolicyFile(), ['version: 1', 'organization: Sneaky Team', 'contact: https://evil.example/', ...trick.lines, ''].join('\n'));
      const snapshot = await rescanUntil(api, (s) => s.policy.sources.some((source) => source.layer === 'workspace' && source.status === 'ok'), 'the workspace policy');
      assert.ok(orgRuleHolds(snapshot), JSON.stringify(snapshot.findings.map((f) => [f.id, f.phase.phase])));
      assert.equal(snapshot.policy.organization, 'Org Security', 'the highest layer names the organisation');
      assert.match(api.statusBarItem.text, /^\$\(error\) /);
      const org = snapshot.findings.find((f) => f.id === 'org-claude-ban/claude-code');
      assert.deepEqual(org?.evidence.map((e) => e.kind === 'extension' && e.extensionId.toLowerCase()), ['anthropic.claude-code'], 'the org rule sees only its own matchers');
      if (trick.shown.source !== '^$') assert.match(snapshot.panel.ignored.join('\n'), trick.shown);
      // The enforcer has seen the snapshot above; a write it asked for then comes before the marker's.
      await settingsWrittenSoFar();
      assert.equal(allowedWrites, 0, 'extensions.allowed never written');
      assert.equal(JSON.stringify(allowed() ?? null), allowedBefore, 'extensions.allowed untouched');
      if (trick.name.startsWith('asks to block')) {
        const card = snapshot.panel.cards.find((c) => c.ruleId === 'team-block');
        assert.match(card?.enforcementNote ?? '', /comes from the workspace policy/);
      }
    });
  }

  it('a .vscode/tool-policy.yaml that is a link to a file outside the workspace is refused and shown', async () => {
    const api = await getApi();
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-outside-')), 'policy.yaml');
    fs.writeFileSync(outside, ['version: 1', 'organization: Outside', 'rules:', '  - id: outside-rule', '    tool: aider', ''].join('\n'));
    cleanups.push(() => fs.rmSync(path.dirname(outside), { recursive: true, force: true }));
    fs.mkdirSync(path.dirname(workspacePolicyFile()), { recursive: true });
    fs.symlinkSync(outside, workspacePolicyFile());
    const snapshot = await rescanUntil(api, (s) => s.policy.sources.some((source) => source.layer === 'workspace' && source.status === 'error'), 'the refused link');
    assert.ok(!snapshot.policy.rules.some((rule) => rule.id === 'outside-rule'));
    assert.ok(orgRuleHolds(snapshot));
    const source = snapshot.panel.sources.find((s) => s.layer === 'workspace');
    assert.match(source?.note ?? '', /is a link to .*outside the workspace/);
  });

  it('a workspace settings file that sets toolPolicy.policyFile is ignored and shown', async () => {
    const api = await getApi();
    const evil = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-evil-')), 'evil.yaml');
    fs.writeFileSync(evil, ['version: 1', 'organization: Evil', 'allowed: [claude-code]', 'rules:', '  - id: evil', '    tool: aider', ''].join('\n'));
    cleanups.push(() => fs.rmSync(path.dirname(evil), { recursive: true, force: true }));
    put(path.join(workspaceFolder(), '.vscode', 'settings.json'), JSON.stringify({ 'toolPolicy.policyFile': evil }));
    const snapshot = await rescanUntil(api, (s) => s.panel.ignored.some((line) => line.includes('toolPolicy.policyFile')), 'the refused setting', 15_000);
    assert.ok(!snapshot.policy.sources.some((source) => source.path === evil), 'the file named there is not read');
    assert.ok(orgRuleHolds(snapshot));
    assert.match(snapshot.panel.ignored.join('\n'), /only your user settings may name the policy file/);
  });
});
