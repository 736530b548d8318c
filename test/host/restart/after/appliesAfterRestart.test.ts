import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { requiredEnv, getApi, waitFor } from '../../util';
import { BROKEN_POLICY, DEADLINE, policyFile } from '../restartPolicy';

describe('after a restart on another port, in a new browser, on a broken policy, with the extension\'s clock turned back', function () {
  this.timeout(30_000);

  it('the last good policy still applies, and the turned-back clock does not undo the passed deadline', async () => {
    const shift = Number(requiredEnv('TOOL_POLICY_TEST_CLOCK_SHIFT_MS'));
    assert.ok(Date.now() + shift < DEADLINE.getTime(), 'the extension\'s clock reads before the deadline');
    assert.equal(fs.readFileSync(policyFile(), 'utf8'), BROKEN_POLICY);
    const api = await getApi();
    const snapshot = await waitFor(() => api.snapshots.current, (s) => s.loaded && s.policy.sources.some((source) => source.path === policyFile()), 10_000, 'the policy read');
    const source = snapshot.policy.sources.find((entry) => entry.path === policyFile());
    assert.equal(source?.status, 'error', 'the file is broken');
    assert.ok((source?.problems.length ?? 0) > 0);
    assert.equal(source?.lastGoodRestored, true, 'its last good policy, from before the restart, is in force');
    assert.deepEqual(snapshot.findings.map((f) => `${f.rule.id}:${f.phase.phase}`), ['claude-code-ban:violation']);
    assert.ok(snapshot.now.getTime() > DEADLINE.getTime(), 'reckoned from the latest time seen before the restart');
    assert.match(api.statusBarItem.text, /^\$\(error\) Claude Code/, 'the status bar shows the violation, not "Policy error" alone');
    assert.match(snapshot.panel.clock ?? '', /earlier than the latest time seen/);
  });
});
