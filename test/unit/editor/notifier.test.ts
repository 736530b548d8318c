import { strict as assert } from 'node:assert';
import { formatMessage } from '../../../src/core/present/localize';
import { Notifier } from '../../../src/vscode/notifier';
import type { NotificationHistory } from '../../../src/core/notifications';
import { fakeEditor, FakeRemembered, type FakeEditor } from './fakeEditor';
import { CLAUDE_RUNNING, claudePolicy, snapshotOf } from './snapshots';

const VIOLATION = snapshotOf(claudePolicy(), { extensions: CLAUDE_RUNNING });
const WARNING = snapshotOf(claudePolicy({ deadline: '2026-06-05' }), { extensions: CLAUDE_RUNNING });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the notifier (editor layer, through fakes)', () => {
  let editor: FakeEditor;
  let state: FakeRemembered<NotificationHistory>;
  let panelShown: number;
  let uninstalled: Array<[string, string]>;
  let notifier: Notifier;

  beforeEach(() => {
    editor = fakeEditor();
    state = new FakeRemembered<NotificationHistory>({});
    panelShown = 0;
    uninstalled = [];
    notifier = new Notifier(editor, state, formatMessage, () => { panelShown++; }, async (id, name) => { uninstalled.push([id, name]); });
  });

  it('raises one error for a violation, with the remediation that fits, and never repeats it the same day', () => {
    notifier.notify(VIOLATION);
    notifier.notify(VIOLATION);
    assert.equal(editor.shown.length, 1);
    const [shown] = editor.shown;
    assert.equal(shown?.severity, 'error');
    assert.equal(shown?.message, 'Snapshot Org: Claude Code is not permitted (151 days overdue). Use Qoder instead.');
    assert.deepEqual(shown?.items, ['Show Policy', 'Uninstall Claude Code']);
  });

  it('a warning before the deadline offers "Remind me tomorrow", which snoozes it', async () => {
    notifier.notify(WARNING);
    const [shown] = editor.shown;
    assert.equal(shown?.severity, 'warning');
    assert.deepEqual(shown?.items, ['Show Policy', 'Uninstall Claude Code', 'Remind me tomorrow']);
    const before = JSON.stringify(state.value);
    shown?.answer('Remind me tomorrow');
    await settle();
    assert.notEqual(JSON.stringify(state.value), before, 'the snooze is remembered');
    assert.equal(panelShown, 0);
    assert.deepEqual(uninstalled, []);
  });

  it('Show Policy opens the panel; Uninstall asks to uninstall the extension found; dismissing does nothing', async () => {
    notifier.notify(VIOLATION);
    editor.shown[0]?.answer('Show Policy');
    await settle();
    assert.equal(panelShown, 1);
    state.value = {};
    notifier.notify(VIOLATION);
    editor.shown[1]?.answer('Uninstall Claude Code');
    await settle();
    assert.deepEqual(uninstalled, [['anthropic.claude-code', 'Claude Code']]);
    state.value = {};
    notifier.notify(VIOLATION);
    editor.shown[2]?.answer(undefined);
    await settle();
    assert.equal(panelShown, 1);
    assert.equal(uninstalled.length, 1);
  });

  it('obeys toolPolicy.notifications: "violations" keeps warnings quiet, "off" everything', () => {
    editor.configuration.user.set('toolPolicy.notifications', 'violations');
    notifier.notify(WARNING);
    assert.equal(editor.shown.length, 0);
    notifier.notify(VIOLATION);
    assert.equal(editor.shown.length, 1);
    state.value = {};
    editor.configuration.user.set('toolPolicy.notifications', 'off');
    notifier.notify(VIOLATION);
    assert.equal(editor.shown.length, 1);
  });

  it('several findings at once are one notification, with no uninstall button', () => {
    const two = snapshotOf(claudePolicy({ extra: ['  - id: copilot-ban', '    tool: github-copilot', '    deadline: 2026-01-01'] }), {
      extensions: [...CLAUDE_RUNNING, { id: 'GitHub.copilot', version: '1', enabled: true }],
    });
    notifier.notify(two);
    assert.equal(editor.shown.length, 1);
    assert.deepEqual(editor.shown[0]?.items, ['Show Policy']);
  });
});
