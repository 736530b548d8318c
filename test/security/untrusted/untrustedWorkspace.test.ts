import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, managedFile, ORG_POLICY, orgRuleHolds, put, rescanUntil, workspacePolicyFile } from '../support';

describe('an untrusted workspace', function () {
  this.timeout(60_000);

  after(() => {
    fs.rmSync(path.dirname(managedFile()), { recursive: true, force: true });
    fs.rmSync(path.dirname(workspacePolicyFile()), { recursive: true, force: true });
  });

  it('cannot add, relax or block through .vscode/tool-policy.yaml: the file is not read, and the panel says why', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner opens this workspace untrusted');
    const api = await getApi();
    put(managedFile(), ORG_POLICY);
    put(workspacePolicyFile(), [
      'version: 1', 'organization: Untrusted Team', 'allowed: [claude-code]',
      'tools:', '  - id: claude-code', '    extensions: [ms-python.python]',
      'rules:', '  - id: org-claude-ban', '    tool: cursor', '    deadline: 2099-01-01',
      '  - id: team-block', '    tool: claude-code', '    enforce: block', '',
    ].join('\n'));
    const snapshot = await rescanUntil(api, (s) => orgRuleHolds(s) && s.panel.ignored.some((line) => line.includes('not trusted')), 'the org policy and the refused workspace file');
    assert.ok(!snapshot.policy.sources.some((source) => source.layer === 'workspace'), 'the workspace file is not a source');
    assert.ok(!snapshot.policy.rules.some((rule) => rule.id === 'team-block'));
    assert.match(snapshot.panel.ignored.join('\n'), /tool-policy\.yaml: not read: this workspace is not trusted/);
  });
});
