import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { getApi, policyText, tempDir, themeColorId, utcDatePlus, waitFor } from './util';

const config = () => vscode.workspace.getConfiguration('toolPolicy');

describe('status bar and panel in the real editor', function () {
  this.timeout(30_000);
  let dir: string;

  before(() => {
    dir = tempDir();
  });

  afterEach(async () => {
    await config().update('policyFile', undefined, vscode.ConfigurationTarget.Global);
    // Back to the seed policy (TOOL_POLICY_FILE) before the next test looks.
    await vscode.commands.executeCommand('toolPolicy.rescan');
  });

  it('shows the seed policy violation with the error background', async () => {
    const api = await getApi();
    const item = api.statusBarItem;
    await waitFor(() => item.text, (text) => text.startsWith('$(error)'), 5000, 'the violation status');
    assert.match(item.text, /^\$\(error\) Claude Code not permitted · \d+ days overdue$/);
    assert.equal(themeColorId(item.backgroundColor), 'statusBarItem.errorBackground');
    assert.equal(item.command, 'toolPolicy.showPanel');
    assert.equal(item.name, 'Tool Policy');
    const finding = api.snapshots.current.findings[0];
    assert.equal(finding?.tool.id, 'claude-code');
    assert.equal(finding?.evidence[0]?.kind, 'extension');
  });

  it('opens one policy panel that states organisation, deadline, reason and alternative', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('toolPolicy.showPanel');
    await vscode.commands.executeCommand('toolPolicy.showPanel');
    const panelTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('toolPolicy.panel'));
    await waitFor(panelTabs, (tabs) => tabs.length > 0, 5000, 'the panel tab');
    assert.equal(panelTabs().length, 1, 'exactly one panel');
    const model = api.snapshots.current.panel;
    assert.equal(model?.organization, 'Alibaba Group');
    const card = model?.cards[0];
    assert.equal(card?.deadlineDate, '2026-07-10');
    assert.match(card?.relative ?? '', /days overdue/);
    assert.match(card?.reason ?? '', /high-risk/);
    assert.equal(card?.alternative?.name, 'Qoder');
    assert.deepEqual(card?.alternative?.commands, ['qodercli']);
  });

  it('follows toolPolicy.policyFile: a deadline 12 days ahead is a warning', async () => {
    const api = await getApi();
    const file = path.join(dir, 'warning.yaml');
    fs.writeFileSync(file, policyText(utcDatePlus(12)));
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    const text = await waitFor(() => api.statusBarItem.text, (t) => t.startsWith('$(warning)'), 5000, 'the warning status');
    assert.equal(text, '$(warning) Claude Code: 12 days left');
    assert.equal(themeColorId(api.statusBarItem.backgroundColor), 'statusBarItem.warningBackground');
  });

  it('re-reads an edited policy file without a reload, and keeps the last good rules on a syntax error', async () => {
    const api = await getApi();
    const file = path.join(dir, 'edited.yaml');
    fs.writeFileSync(file, policyText(utcDatePlus(12)));
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.statusBarItem.text, (t) => t.startsWith('$(warning)'), 5000, 'the warning status');

    fs.writeFileSync(file, policyText(utcDatePlus(-3)));
    const overdue = await waitFor(() => api.statusBarItem.text, (t) => t.startsWith('$(error)'), 5000, 'the edit to take effect');
    assert.equal(overdue, '$(error) Claude Code not permitted · 3 days overdue');

    fs.writeFileSync(file, 'version: 1\norganization: [broken\n');
    const broken = await waitFor(() => api.statusBarItem.text, (t) => t.includes('policy error'), 5000, 'the policy error');
    assert.equal(broken, '$(error) Claude Code not permitted · 3 days overdue · $(alert) policy error');
    assert.ok(api.snapshots.current.policy.problems.some((p) => p.file === file && /YAML syntax error/.test(p.message)));
  });

  it('exports a compliance report with the same findings as the panel', async () => {
    const target = vscode.Uri.file(path.join(dir, 'report.json'));
    await vscode.commands.executeCommand('toolPolicy.exportReport', target);
    // The scan report's schema (schemas/scan-report.v1.json), as `tool-policy scan --format json` writes it.
    const report = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as { schemaVersion: number; organization: string; owner: { user?: string; groups: string[] }; editor?: { appName: string }; findings: Array<{ toolName: string; evidence: Array<{ kind: string; id?: string }> }> };
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.organization, 'Alibaba Group');
    assert.equal(report.findings[0]?.toolName, 'Claude Code');
    assert.ok(report.findings[0]?.evidence.some((evidence) => evidence.kind === 'extension' && /anthropic\.claude-code/i.test(evidence.id ?? '')), JSON.stringify(report.findings[0]?.evidence));
    assert.ok(report.editor?.appName, 'names the host editor');
  });

  it('lists a policy file\'s warnings in the panel: the file applies, and its author learns what it may not mean', async () => {
    const api = await getApi();
    const file = path.join(dir, 'warned.yaml');
    fs.writeFileSync(file, `version: 1\norganization: Warned\nallowed: [${BUILT_IN_TOOLS.map((tool) => tool.id).join(', ')}]\nrules:\n  - id: everything-else\n    tool: "*"\n    alternative: { name: Any allowed tool }\n`);
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    const snapshot = await waitFor(() => api.snapshots.current, (s) => s.panel.organization === 'Warned', 5000, 'the warned policy');
    assert.equal(snapshot.policy.problems.length, 0);
    assert.equal(snapshot.panel.warnings.length, 1, JSON.stringify(snapshot.panel.warnings));
    assert.match(snapshot.panel.warnings[0] ?? '', /warned\.yaml:6:11: warning: rules\[0\]\.tool: "\*" covers no tool here/);
  });

  it('validates a policy file given to the command and returns its problems', async () => {
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'version: 1\norganization: A\nrules:\n  - id: r\n    tool: claude-code\n    deadlin: 2026-01-01\n');
    const problems = await vscode.commands.executeCommand<Array<{ path: string; line: number }>>('toolPolicy.validatePolicy', vscode.Uri.file(file));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'rules[0].deadlin');
    assert.equal(problems[0]?.line, 6);
  });

  it('builds the tooltip from escaped text only: HTML, links and icons in names stay literal', async () => {
    const api = await getApi();
    const file = path.join(dir, 'payload.yaml');
    const payload = '<img src=x onerror=alert(1)> [x](command:workbench.action.quit) $(bug)';
    fs.writeFileSync(file, [
      'version: 1', `organization: ${JSON.stringify(`Org ${payload}`)}`, 'timezone: UTC',
      'tools:', '  - id: evil-helper', `    name: ${JSON.stringify(`Evil ${payload}`)}`, '    extensions: [anthropic.claude-code]',
      'rules:', '  - id: r', '    tool: evil-helper', `    title: ${JSON.stringify(`Title ${payload}`)}`, '',
    ].join('\n'));
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.statusBarItem.text, (text) => text.includes('Evil'), 5000, 'the payload policy');
    const tooltip = api.statusBarItem.tooltip as vscode.MarkdownString;
    assert.ok(!tooltip.isTrusted, 'the tooltip is not trusted');
    assert.ok(!tooltip.supportHtml, 'the tooltip renders no HTML');
    assert.ok(!tooltip.value.includes('<img'), tooltip.value);
    assert.ok(!tooltip.value.includes('](command:'), tooltip.value);
    assert.ok(tooltip.value.includes('&lt;img src=x onerror=alert\\(1\\)&gt;'), tooltip.value);
    assert.ok(!api.statusBarItem.text.includes('$(bug)'), 'an icon in a name does not render as an icon');
  });
});
