import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, policyText, tempDir, themeColorId, utcDatePlus, waitFor } from './util';

const config = () => vscode.workspace.getConfiguration('toolPolicy');

describe('policy layers and phases in the real editor', function () {
  this.timeout(30_000);

  afterEach(async () => {
    await config().update('policyFile', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('toolPolicy.rescan');
  });

  it('ignores and reports a workspace file that tries to relax the organisation rule', async () => {
    const api = await getApi();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test workspace is open');
    assert.ok(vscode.workspace.isTrusted, 'the test workspace is trusted');
    const file = path.join(folder, '.vscode', 'tool-policy.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, [
        'version: 1', 'organization: A Team', 'allowed: [claude-code]',
        'rules:',
        '  - id: claude-code-ban', '    tool: cursor', '    deadline: 2099-01-01',
        '  - id: team-no-aider', '    tool: aider', '',
      ].join('\n'));
      const policy = await waitFor(() => api.snapshots.current.policy, (p) => p.rules.some((r) => r.id === 'team-no-aider'), 5000, 'the workspace policy');
      assert.equal(policy.organization, 'Alibaba Group', 'the higher layer names the organisation');
      assert.equal(policy.rules.find((r) => r.id === 'claude-code-ban')?.source.layer, 'user', 'the org rule stays');
      assert.equal(policy.ignored.length, 2, JSON.stringify(policy.ignored));
      assert.ok(policy.ignored.every((change) => change.layer === 'workspace' && change.path === file));
      assert.match(api.statusBarItem.text, /^\$\(error\) Claude Code not permitted/);
      const model = api.snapshots.current.panel;
      assert.equal(model.ignored.length, 2);
      assert.match(model.ignored.join('\n'), /allowed: "claude-code" is ignored/);
      assert.match(model.ignored.join('\n'), /rule "claude-code-ban" is ignored/);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
    // The watcher's event, a second read half a second later (a vanished file is confirmed
    // before its rules are lifted), then the merge: on a machine busy with the other suites
    // the editor's file events alone have taken seconds.
    // Should it time out, the message says what the editor held: each source's state, the snapshot's generation, the file.
    await waitFor(() => api.snapshots.current.policy.ignored.length, (n) => n === 0, 20_000, () => {
      const { generation, policy } = api.snapshots.current;
      const sources = policy.sources.map((source) => `${source.layer} ${source.status}${source.policy ? ' (rules in force)' : ''}`).join('; ');
      return `the workspace file removal (snapshot ${generation}; sources: ${sources}; the file ${fs.existsSync(file) ? 'exists' : 'is gone'})`;
    });
  });

  it('flips the status bar after an edit to the policy file, with no command', async () => {
    const api = await getApi();
    const file = path.join(tempDir(), 'policy.yaml');
    fs.writeFileSync(file, policyText(utcDatePlus(12)));
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.statusBarItem.text, (t) => t.startsWith('$(warning)'), 5000, 'the warning');
    fs.writeFileSync(file, policyText(utcDatePlus(-1)));
    await waitFor(() => api.statusBarItem.text, (t) => t.startsWith('$(error)'), 10_000, 'the violation');
  });

  it('crosses the deadline while the editor is running, with no action and no reload', async () => {
    const api = await getApi();
    const file = path.join(tempDir(), 'policy.yaml');
    // Far enough ahead that the policy is read and shown before it passes, also when the
    // reader thread is still busy with an earlier test's 1 MiB file.
    const deadline = new Date(Date.now() + 6000).toISOString().replace(/\.\d+Z$/, 'Z');
    fs.writeFileSync(file, policyText(`"${deadline}"`));
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    const before = await waitFor(() => api.statusBarItem.text, (t) => t.startsWith('$(warning)'), 5000, 'the warning before the deadline');
    assert.match(before, /due today|1 day left/);
    assert.equal(themeColorId(api.statusBarItem.backgroundColor), 'statusBarItem.warningBackground');
    await waitFor(() => api.statusBarItem.text, (t) => t.startsWith('$(error)'), 12_000, 'the deadline to pass');
    assert.equal(themeColorId(api.statusBarItem.backgroundColor), 'statusBarItem.errorBackground');
  });
});
