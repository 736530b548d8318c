import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

/** Proves the harness itself: a real editor, this extension loaded, the runner's environment. */
describe('host harness', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof vscode.window.createStatusBarItem, 'function');
  });

  it('loads tool-policy.tool-policy-notices and activates it', async () => {
    const extension = vscode.extensions.getExtension('tool-policy.tool-policy-notices');
    assert.ok(extension, 'the extension under development is loaded');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('inherits the environment the runner gave the editor', () => {
    assert.ok(process.env.TOOL_POLICY_FILE, 'TOOL_POLICY_FILE reaches the extension host');
    assert.match(process.env.TOOL_POLICY_FILE, /host-seed\.yaml$/);
  });
});
