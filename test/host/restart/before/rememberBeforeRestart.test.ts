import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { getApi, waitFor } from '../../util';
import { BROKEN_POLICY, DEADLINE, GOOD_POLICY, policyFile, stateFile } from '../restartPolicy';

describe('before a restart: what the next start needs is in the state folder', function () {
  this.timeout(30_000);

  it('a policy past its deadline is in force and remembered with the latest time seen; then it is broken', async () => {
    const api = await getApi();
    fs.writeFileSync(policyFile(), GOOD_POLICY);
    await vscode.commands.executeCommand('toolPolicy.rescan');
    await waitFor(() => api.snapshots.current.findings.map((f) => `${f.rule.id}:${f.phase.phase}`), (found) => found.includes('claude-code-ban:violation'), 10_000, 'the violation');
    await waitFor(() => (stateFile('latest-time-seen.json') as { latestSeen?: number } | undefined)?.latestSeen ?? 0, (latest) => latest > DEADLINE.getTime(), 10_000, 'the latest time seen, past the deadline, in the state folder');
    await waitFor(() => Object.keys(stateFile('last-good-policies.json') ?? {}), (keys) => keys.some((key) => key.endsWith(`\n${policyFile()}`)), 10_000, 'the last good policy in the state folder');
    // Broken while the editor is closed, as far as the next start can tell.
    fs.writeFileSync(policyFile(), BROKEN_POLICY);
  });
});
