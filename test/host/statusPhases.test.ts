import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, tempDir, themeColorId, utcDatePlus, waitFor } from './util';

const config = () => vscode.workspace.getConfiguration('toolPolicy');

describe('status bar for every phase in the real editor', function () {
  this.timeout(30_000);
  let dir: string;

  before(() => { dir = tempDir(); });

  afterEach(async () => {
    await config().update('policyFile', undefined, vscode.ConfigurationTarget.Global);
    await config().update('statusBar.showWhenCompliant', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('toolPolicy.rescan');
  });

  const cases: Array<{ name: string; rule: string; text: RegExp; background: string | undefined }> = [
    { name: 'notice, calm and plain', rule: `    deadline: ${utcDatePlus(60)}\n`, text: /^\$\(info\) Claude Code: (59|60) days left$/, background: undefined },
    { name: 'warning', rule: `    deadline: ${utcDatePlus(12)}\n`, text: /^\$\(warning\) Claude Code: 12 days left$/, background: 'statusBarItem.warningBackground' },
    { name: 'violation without a deadline', rule: '', text: /^\$\(error\) Claude Code not permitted$/, background: 'statusBarItem.errorBackground' },
    {
      name: 'excepted',
      rule: `    deadline: ${utcDatePlus(-5)}\n    exceptions:\n      - until: ${utcDatePlus(20)}\n        reason: Migration\n`,
      text: /^\$\(pass\) Claude Code: exception until \d{4}-\d{2}-\d{2}$/,
      background: undefined,
    },
    {
      // The person's primary group, as the OS's group database names it: the extension reads the groups itself.
      name: 'excepted by a group the person belongs to',
      rule: `    deadline: ${utcDatePlus(-5)}\n    exceptions:\n      - until: ${utcDatePlus(20)}\n        groups: [${JSON.stringify(execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim())}]\n`,
      text: /^\$\(pass\) Claude Code: exception until \d{4}-\d{2}-\d{2}$/,
      background: undefined,
    },
    {
      name: 'not excepted by a group the person is not in',
      rule: `    deadline: ${utcDatePlus(-5)}\n    exceptions:\n      - until: ${utcDatePlus(20)}\n        groups: [no-such-group-${process.pid}]\n`,
      text: /^\$\(error\) Claude Code/,
      background: 'statusBarItem.errorBackground',
    },
  ];

  for (const { name, rule, text, background } of cases) {
    it(name, async () => {
      const api = await getApi();
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
      fs.writeFileSync(file, `version: 1\norganization: Phase Test\ntimezone: UTC\nrules:\n  - id: phase-rule\n    tool: claude-code\n${rule}`);
      await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
      await waitFor(() => api.statusBarItem.text, (value) => text.test(value), 5000, `the ${name} status`);
      assert.equal(themeColorId(api.statusBarItem.backgroundColor), background);
    });
  }

  it('shows a policy error on its own, never "compliant", when the only policy is broken', async () => {
    const api = await getApi();
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'version: 1\norganization: Broken\nrules:\n  - id: r\n    tool: claude-cod\n');
    // Nothing in force from this file, and the seed policy (TOOL_POLICY_FILE) is replaced by the setting.
    await config().update('statusBar.showWhenCompliant', true, vscode.ConfigurationTarget.Global);
    await config().update('policyFile', file, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.statusBarItem.text, (value) => value === '$(alert) Policy error', 5000, 'the policy error');
    assert.equal(themeColorId(api.statusBarItem.backgroundColor), 'statusBarItem.warningBackground');
    assert.match((api.statusBarItem.tooltip as vscode.MarkdownString).value, /unknown tool/);
  });
});
