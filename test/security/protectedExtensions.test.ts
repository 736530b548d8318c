import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, managedFile, put, rescanUntil, waitFor } from './support';
import { requiredEnv } from '../host/util';

const DOUBLE = 'anthropic.claude-code';
const allowed = () => vscode.workspace.getConfiguration('extensions').inspect<Record<string, unknown>>('allowed')?.globalValue;

describe('a block never disables this extension or a built-in one, whatever the wildcards cover', function () {
  this.timeout(90_000);

  after(async function () {
    this.timeout(60_000);
    const api = await getApi();
    fs.rmSync(path.dirname(managedFile()), { recursive: true, force: true });
    await rescanUntil(api, (s) => !s.policy.rules.some((rule) => rule.id === 'block-everything'), 'the block policy to go');
    await waitFor(allowed, (value) => value === undefined || value[DOUBLE] === undefined, 10_000, 'the undo');
    await vscode.workspace.getConfiguration('extensions').update('allowed', undefined, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => vscode.extensions.getExtension(DOUBLE), Boolean, 10_000, 'the test double to run again');
    } catch {
      await vscode.commands.executeCommand('workbench.extensions.installExtension', vscode.Uri.file(requiredEnv('TOOL_POLICY_TEST_DOUBLE_VSIX')));
      await waitFor(() => vscode.extensions.getExtension(DOUBLE), Boolean, 30_000, 'the reinstalled test double to run');
    }
  });

  for (const patterns of [['"*.*"'], ['"tool-policy.*"', '"vscode.*"', 'tool-policy.tool-policy-notices', 'anthropic.claude-code']]) {
    it(`an organisation rule blocking ${patterns.join(', ')}`, async () => {
      const api = await getApi();
      put(managedFile(), [
        'version: 1', 'organization: Block Everything Org',
        'tools:', '  - id: everything', '    name: Everything', `    extensions: [${patterns.join(', ')}]`,
        'rules:', '  - id: block-everything', '    tool: everything', '    enforce: block', '',
      ].join('\n'));
      await rescanUntil(api, (s) => s.findings.some((f) => f.id === 'block-everything/everything')
        && s.policy.tools.find((tool) => tool.id === 'everything')?.extensions.length === patterns.length, 'this block rule');
      const value = await waitFor(allowed, (v) => v?.[DOUBLE] === false, 15_000, 'the block of the test double');
      const keys = Object.keys(value ?? {});
      assert.ok(!keys.some((key) => /^(vscode\.|tool-policy\.)/i.test(key)), `protected ids were written: ${keys.join(', ')}`);
      assert.notEqual(value?.['*'], false, 'never "*": false');
      assert.ok(!keys.some((key) => key.includes('*') && key !== '*'), 'no wildcard entries');
      assert.equal(vscode.extensions.getExtension('tool-policy.tool-policy-notices')?.isActive, true, 'this extension still runs');
      const card = await waitFor(() => api.snapshots.current.panel.cards.find((c) => c.ruleId === 'block-everything'), Boolean, 5000, 'the card');
      assert.match(card?.enforcementNote ?? '', /Never disabled, although the rule covers them: .*vscode\./);
      if (patterns.includes('tool-policy.tool-policy-notices')) assert.match(card?.enforcementNote ?? '', /tool-policy\.tool-policy-notices/);
    });
  }
});
