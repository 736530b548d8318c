import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, requiredEnv, tempDir, waitFor } from './util';

const DOUBLE = 'anthropic.claude-code';
const allowed = () => vscode.workspace.getConfiguration('extensions').inspect<Record<string, unknown>>('allowed')?.globalValue;

/** The test double installed and running, as each test here starts. */
async function doubleRunning(): Promise<void> {
  if (vscode.extensions.getExtension(DOUBLE)) return;
  try {
    await waitFor(() => vscode.extensions.getExtension(DOUBLE), Boolean, 10_000, 'the test double to run again');
  } catch {
    await vscode.commands.executeCommand('workbench.extensions.installExtension', vscode.Uri.file(requiredEnv('TOOL_POLICY_TEST_DOUBLE_VSIX')));
    await waitFor(() => vscode.extensions.getExtension(DOUBLE), Boolean, 30_000, 'the reinstalled test double to run');
  }
}

/** Counts the writes to the user's extensions.allowed from now on. */
function countAllowedWrites(): { readonly count: () => number; dispose(): void } {
  let writes = 0;
  const listener = vscode.workspace.onDidChangeConfiguration((event) => { if (event.affectsConfiguration('extensions.allowed')) writes++; });
  return { count: () => writes, dispose: () => listener.dispose() };
}

describe('enforce: block in the real editor', function () {
  this.timeout(60_000);

  /** No policy file setting, no extensions.allowed, the double running, and a snapshot of that. */
  async function cleanState(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await vscode.workspace.getConfiguration('toolPolicy').update('policyFile', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('extensions').update('allowed', undefined, vscode.ConfigurationTarget.Global);
    await doubleRunning();
    await vscode.commands.executeCommand('toolPolicy.rescan');
  }

  // Each test starts from a clean state; blocking disables the test double, so whatever
  // happened, the next suites find it running again.
  beforeEach(cleanState);
  after(cleanState);

  it('disables the extension through extensions.allowed after the deadline, says so, and undoes it when the rule is lifted', async () => {
    const api = await getApi();
    const file = path.join(tempDir(), 'block.yaml');
    fs.writeFileSync(file, 'version: 1\norganization: Block Corp\ntimezone: UTC\nrules:\n  - id: hard-ban\n    tool: claude-code\n    deadline: 2026-01-01\n    enforce: block\n');
    await vscode.workspace.getConfiguration('extensions').update('allowed', { '*': true, 'ms-python.python': true }, vscode.ConfigurationTarget.Global);
    const writes = countAllowedWrites();
    await vscode.workspace.getConfiguration('toolPolicy').update('policyFile', file, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => api.snapshots.current.findings.some((f) => f.rule.id === 'hard-ban'), Boolean, 10_000,
        `the hard-ban finding (findings: ${api.snapshots.current.findings.map((f) => f.id).join(', ')})`);
      const blocked = await waitFor(allowed, (value) => value?.['anthropic.claude-code'] === false, 10_000,
        `the block (findings: ${api.snapshots.current.findings.map((f) => `${f.id}:${f.phase.phase}:${f.rule.enforce}`).join(', ')})`);
      assert.equal(blocked?.['ms-python.python'], true, 'other entries stay');
      // The blocked extension stops running; it stays listed as installed but disabled, and
      // the panel names this extension's block (its record of the ids it wrote).
      const card = await waitFor(() => api.snapshots.current.panel.cards.find((c) => c.ruleId === 'hard-ban' && c.blocks.some((b) => b.cause === 'this-extension')), Boolean, 10_000,
        `the panel to say so (double running: ${vscode.extensions.getExtension('anthropic.claude-code') !== undefined})`);
      assert.match(card?.blocks.find((b) => b.cause === 'this-extension')?.text ?? '', /anthropic\.claude-code disabled through the extensions\.allowed setting/, JSON.stringify(api.snapshots.current.panel.cards.map((c) => [c.ruleId, c.evidence, c.blocks])));

      fs.writeFileSync(file, 'version: 1\norganization: Block Corp\ntimezone: UTC\nrules:\n  - id: other\n    tool: cursor\n');
      const lifted = await waitFor(allowed, (value) => value?.['anthropic.claude-code'] === undefined, 10_000, 'the undo');
      // Only the id was this extension's: the existing "*": true belongs to someone else.
      assert.deepEqual(lifted, { '*': true, 'ms-python.python': true });
      // enforce → extensions.onDidChange → refresh is bounded: one write to block, one to
      // undo, and snapshots published after the undo write nothing more.
      await waitFor(() => vscode.extensions.getExtension(DOUBLE), Boolean, 15_000, 'the test double to run again');
      await vscode.commands.executeCommand('toolPolicy.rescan');
      await vscode.commands.executeCommand('toolPolicy.rescan');
      assert.equal(writes.count(), 2, 'settings writes');
    } finally {
      writes.dispose();
    }
  });

  it('names the person’s own extensions.allowed setting when it, not this extension, disabled the extension', async () => {
    const api = await getApi();
    const file = path.join(tempDir(), 'notify-only.yaml');
    fs.writeFileSync(file, [
      'version: 1', 'organization: Notify Corp', 'timezone: UTC', 'rules:', '  - id: notify-only', '    tool: claude-code',
      '    deadline: 2026-01-01', '    reason: Not on company code.', '    alternative: { name: Qoder, url: "https://qoder.com/" }',
      '    exceptionRequestUrl: "https://intranet.example/ask?rule={rule}"', '',
    ].join('\n'));
    await vscode.workspace.getConfiguration('toolPolicy').update('policyFile', file, vscode.ConfigurationTarget.Global);
    try {
      const running = await waitFor(() => api.snapshots.current.panel.cards.find((c) => c.ruleId === 'notify-only'), Boolean, 10_000, 'the notify-only card');
      assert.deepEqual(running?.blocks, [], 'nothing is disabled yet');
      await vscode.workspace.getConfiguration('extensions').update('allowed', { '*': true, [DOUBLE]: false }, vscode.ConfigurationTarget.Global);
      const card = await waitFor(() => api.snapshots.current.panel.cards.find((c) => c.ruleId === 'notify-only' && c.blocks.some((b) => b.cause === 'user-setting')), Boolean, 15_000,
        () => `the card to name the user setting (double running: ${vscode.extensions.getExtension(DOUBLE) !== undefined}; blocks: ${JSON.stringify(api.snapshots.current.panel.cards.map((c) => c.blocks))})`);
      assert.deepEqual(card?.blocks, [{ cause: 'user-setting', extensionIds: [DOUBLE], text: `Disabled by your own extensions.allowed user setting: ${DOUBLE}.` }]);
      assert.equal(vscode.extensions.getExtension(DOUBLE), undefined, 'the editor really disabled it');
      // Next to the cause, what the person needs: the rule's reason, deadline, alternative and exception link.
      assert.deepEqual([card?.reason, card?.deadlineDate, card?.alternative?.name, card?.exceptionRequestUrl],
        ['Not on company code.', '2026-01-01', 'Qoder', 'https://intranet.example/ask?rule=notify-only']);
    } finally {
      await vscode.workspace.getConfiguration('toolPolicy').update('policyFile', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('extensions').update('allowed', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
