import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, tempDir, utcDatePlus, waitFor } from './util';

const config = () => vscode.workspace.getConfiguration('toolPolicy');

describe('notifications in the real editor', function () {
  this.timeout(30_000);

  afterEach(async () => {
    await config().update('policyFile', undefined, vscode.ConfigurationTarget.Global);
    await config().update('notifications', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('toolPolicy.rescan');
  });

  it('raised one error notification for the seed violation, with its remediation, and never repeats it the same day', async () => {
    const api = await getApi();
    const forSeed = () => api.notifier.shown.filter((entry) => entry.findingIds.includes('claude-code-ban/claude-code'));
    await waitFor(forSeed, (list) => list.length > 0, 5000, 'the seed notification');
    const [entry] = forSeed();
    assert.equal(entry?.severity, 'error');
    assert.deepEqual(entry?.actions, ['Show Policy', 'Uninstall Claude Code']);
    // The rule's own title and its alternative, not only the organisation and the tool.
    assert.match(entry?.message ?? '', /^Alibaba Group: Claude Code is no longer permitted \(\d+ days overdue\)\. Use Qoder instead\.$/);
    await vscode.commands.executeCommand('toolPolicy.rescan');
    await vscode.commands.executeCommand('toolPolicy.rescan');
    assert.equal(forSeed().length, 1, 'once per finding per day');
  });

  it('offers "Remind me tomorrow" before the deadline, and obeys toolPolicy.notifications', async () => {
    const api = await getApi();
    const dir = tempDir();
    const policy = (ruleId: string) => [
      'version: 1', 'organization: Notify Test', 'timezone: UTC', 'rules:',
      `  - id: ${ruleId}`, '    tool: claude-code', `    deadline: ${utcDatePlus(5)}`, '',
    ].join('\n');

    await config().update('notifications', 'violations', vscode.ConfigurationTarget.Global);
    const quiet = path.join(dir, 'quiet.yaml');
    fs.writeFileSync(quiet, policy('quiet-warning'));
    await config().update('policyFile', quiet, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.statusBarItem.text, (text) => text.startsWith('$(warning)'), 5000, 'the warning');
    assert.ok(!api.notifier.shown.some((entry) => entry.findingIds.includes('quiet-warning/claude-code')), '"violations" keeps warnings quiet');

    await config().update('notifications', 'all', vscode.ConfigurationTarget.Global);
    const loud = path.join(dir, 'loud.yaml');
    fs.writeFileSync(loud, policy('loud-warning'));
    await config().update('policyFile', loud, vscode.ConfigurationTarget.Global);
    const entry = await waitFor(() => api.notifier.shown.find((e) => e.findingIds.includes('loud-warning/claude-code')), Boolean, 5000, 'the warning notification');
    assert.equal(entry?.severity, 'warning');
    assert.deepEqual(entry?.actions, ['Show Policy', 'Uninstall Claude Code', 'Remind me tomorrow']);
  });
});
