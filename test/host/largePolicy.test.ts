import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hugeFlowMapping, tenThousandRules } from '../unit/hostilePolicies';
import { recordMetric } from './metrics';
import { getApi, requiredEnv, tempDir, waitFor } from './util';

const config = () => vscode.workspace.getConfiguration('toolPolicy');

/** Watches this thread's event loop with a 1 ms interval; returns a stop function giving the longest gap. */
function stallProbe(): () => number {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return () => {
    clearInterval(timer);
    return longest;
  };
}

const DOUBLE = 'anthropic.claude-code';

/** Rules on Claude Code (the test double this profile installs), past their deadline, up to 1 MiB: each one a finding. */
function rulesOnTheDouble(): { text: string; rules: number } {
  const parts = ['version: 1\norganization: Many Findings Corp\ntimezone: UTC\nrules:\n'];
  let size = (parts[0] as string).length;
  for (let rules = 0; ; rules++) {
    const rule = `  - {id: rule-${rules}, tool: claude-code, deadline: 2026-01-01}\n`;
    if (size + rule.length > 1024 * 1024 - 64) return { text: parts.join(''), rules };
    parts.push(rule);
    size += rule.length;
  }
}

describe('large policy files in the real editor (read on a worker thread)', function () {
  // Generous: the machine running the suite may be busy. Durations are recorded, not asserted.
  this.timeout(120_000);
  let dir: string;

  before(() => { dir = tempDir(); });

  afterEach(async () => {
    await config().update('policyFile', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('toolPolicy.rescan');
  });

  it('applies a one-rule policy (the baseline: what a settings change itself stalls)', async () => {
    const api = await getApi();
    const file = path.join(dir, 'one-rule.yaml');
    fs.writeFileSync(file, 'version: 1\norganization: Baseline Corp\nrules: [{id: r, tool: claude-code}]\n');
    const stop = stallProbe();
    const started = Date.now();
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    await waitFor(() => (api.statusBarItem.tooltip as vscode.MarkdownString | undefined)?.value ?? '', (value) => /Baseline Corp/.test(value), 30_000, 'the small policy to apply');
    recordMetric('1-rule policy: setting changed → status shown', Date.now() - started);
    recordMetric('1-rule policy: longest extension-host stall while loading', stop());
  });

  it('applies a valid 10,000-rule policy (866 KB) and shows its status', async () => {
    const api = await getApi();
    const file = path.join(dir, 'ten-thousand-rules.yaml');
    fs.writeFileSync(file, tenThousandRules().text);
    const stop = stallProbe();
    const started = Date.now();
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    // The tooltip names the organisation of the policy in force: Bench Corp once the file is applied.
    const tooltip = await waitFor(() => (api.statusBarItem.tooltip as vscode.MarkdownString | undefined)?.value ?? '', (value) => /Bench Corp/.test(value), 100_000, 'the large policy to apply');
    recordMetric('10,000-rule policy: setting changed → status shown', Date.now() - started);
    recordMetric('10,000-rule policy: longest extension-host stall while loading', stop());
    assert.doesNotMatch(tooltip, /Policy error/);
    // Deadlines run from January to December 2026, so the status leads with a violation or a warning.
    assert.match(api.statusBarItem.text, /not permitted|days left/);
  });

  it('a 1 MiB policy whose thousands of rules each find the installed double: every finding published (built in slices)', async () => {
    const api = await getApi();
    if (!vscode.extensions.getExtension(DOUBLE)) {
      await vscode.commands.executeCommand('workbench.extensions.installExtension', vscode.Uri.file(requiredEnv('TOOL_POLICY_TEST_DOUBLE_VSIX')));
      await waitFor(() => vscode.extensions.getExtension(DOUBLE), Boolean, 30_000, 'the test double to run');
    }
    const file = path.join(dir, 'many-findings.yaml');
    const { text, rules } = rulesOnTheDouble();
    fs.writeFileSync(file, text);
    const stop = stallProbe();
    const started = Date.now();
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.snapshots.current.findings.length, (count) => count === rules, 100_000, () => `all ${rules} findings (${api.snapshots.current.findings.length} so far)`);
    recordMetric(`${rules.toLocaleString('en')}-rule policy, a finding each: setting changed → every finding published`, Date.now() - started);
    recordMetric(`${rules.toLocaleString('en')}-rule policy, a finding each: longest extension-host stall while loading`, stop());
    const snapshot = api.snapshots.current;
    assert.ok(snapshot.loaded);
    assert.ok(snapshot.findings.every((finding) => finding.tool.id === 'claude-code' && finding.phase.phase === 'violation'));
    assert.deepEqual(snapshot.findings.slice(0, 3).map((finding) => finding.rule.id), ['rule-0', 'rule-1', 'rule-10'], 'in the engine\'s order');
    assert.match(api.statusBarItem.text, /not permitted/);
  });

  it('refuses a 1 MiB hostile flow mapping with its error, without freezing the editor', async () => {
    const api = await getApi();
    const file = path.join(dir, 'flow-mapping.yaml');
    fs.writeFileSync(file, hugeFlowMapping().text);
    const stop = stallProbe();
    const started = Date.now();
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    await waitFor(() => (api.statusBarItem.tooltip as vscode.MarkdownString | undefined)?.value ?? '', (tooltip) => /is not a language tag/.test(tooltip), 100_000, 'the refusal');
    recordMetric('1 MiB flow mapping: setting changed → refusal shown', Date.now() - started);
    recordMetric('1 MiB flow mapping: longest extension-host stall while loading', stop());
    assert.match(api.statusBarItem.text, /policy error/i);
  });
});
