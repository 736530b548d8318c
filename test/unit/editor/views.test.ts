import { strict as assert } from 'node:assert';
import type { Snapshot } from '../../../src/core/snapshot';
import { Emitter } from '../../../src/vscode/emitter';
import { focusTerminal, uninstallWithConfirmation, type RemediationEditor } from '../../../src/vscode/remediation';
import { PolicyStatusBar, type StatusBarEditor } from '../../../src/vscode/statusBar';
import { as, fakeEditor, FakeTerminal } from './fakeEditor';
import { CLAUDE_RUNNING, claudePolicy, snapshotOf } from './snapshots';

class FakeStatusBarItem {
  text = '';
  name = '';
  command: unknown;
  tooltip: unknown;
  backgroundColor: unknown;
  accessibilityInformation: unknown;
  visible = false;
  disposed = false;
  constructor(readonly id: string, readonly alignment: number, readonly priority: number) {}
  show(): void { this.visible = true; }
  hide(): void { this.visible = false; }
  dispose(): void { this.disposed = true; }
}

class FakeMarkdownString {
  isTrusted: boolean | undefined;
  supportHtml: boolean | undefined;
  constructor(readonly value: string, readonly supportThemeIcons: boolean) {}
}

class FakeThemeColor {
  constructor(readonly id: string) {}
}

describe('the status bar item (editor layer, through fakes)', () => {
  it('shows each published snapshot: text, untrusted tooltip, background and accessibility label; compliant is hidden', () => {
    const editor = fakeEditor();
    const published = new Emitter<Snapshot>();
    const bar = new PolicyStatusBar({ onDidPublish: published.event }, as<StatusBarEditor>({
      ...editor,
      window: { createStatusBarItem: (id: string, alignment: number, priority: number) => new FakeStatusBarItem(id, alignment, priority) },
      StatusBarAlignment: { Left: 1 },
      MarkdownString: FakeMarkdownString,
      ThemeColor: FakeThemeColor,
    }));
    const item = bar.item as unknown as FakeStatusBarItem;
    assert.deepEqual([item.id, item.alignment, item.priority, item.name, item.command], ['toolPolicy.status', 1, 1000, 'Tool Policy', 'toolPolicy.showPanel']);
    published.fire(snapshotOf(claudePolicy(), { extensions: CLAUDE_RUNNING }));
    assert.equal(item.text, '$(error) Claude Code not permitted · 151 days overdue');
    assert.equal(item.visible, true);
    const tooltip = item.tooltip as FakeMarkdownString;
    assert.deepEqual([tooltip.isTrusted, tooltip.supportHtml, tooltip.supportThemeIcons], [false, false, false]);
    assert.equal((item.backgroundColor as FakeThemeColor).id, 'statusBarItem.errorBackground');
    assert.deepEqual((item.accessibilityInformation as { role: string }).role, 'button');
    published.fire(snapshotOf(claudePolicy()));
    assert.equal(item.visible, false, 'compliant: hidden unless the setting asks');
    assert.equal(item.backgroundColor, undefined);
    bar.dispose();
    assert.equal(item.disposed, true);
  });
});

describe('the remediation actions (editor layer, through fakes)', () => {
  it('uninstalls only after the person confirms in a modal dialog', async () => {
    const editor = fakeEditor();
    const asked = uninstallWithConfirmation(as<RemediationEditor>(editor), 'anthropic.claude-code', 'Claude Code');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(editor.shown[0]?.message, 'Uninstall Claude Code (anthropic.claude-code)?');
    editor.shown[0]?.answer(undefined);
    assert.equal(await asked, false);
    assert.deepEqual(editor.commandsRun, []);
    const confirmed = uninstallWithConfirmation(as<RemediationEditor>(editor), 'anthropic.claude-code', 'Claude Code');
    await new Promise((resolve) => setImmediate(resolve));
    editor.shown[1]?.answer('Uninstall');
    assert.equal(await confirmed, true);
    assert.deepEqual(editor.commandsRun, [['workbench.extensions.uninstallExtension', 'anthropic.claude-code']]);
  });

  it('brings the named terminal to the front; false when it has been closed', () => {
    const editor = fakeEditor();
    const terminal = new FakeTerminal('Claude Code');
    editor.terminals.push(terminal);
    assert.equal(focusTerminal(as<RemediationEditor>(editor), 'Claude Code'), true);
    assert.equal(terminal.shown, 1);
    assert.equal(focusTerminal(as<RemediationEditor>(editor), 'Gone'), false);
  });
});

