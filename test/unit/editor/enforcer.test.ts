import { strict as assert } from 'node:assert';
import { Enforcer } from '../../../src/vscode/enforcer';
import { fakeEditor, FakeRemembered, type FakeEditor } from './fakeEditor';
import { CLAUDE_RUNNING, claudePolicy, snapshotOf } from './snapshots';

const BLOCK = claudePolicy({ enforce: 'block' });
const NOTIFY = claudePolicy();
const CLAUDE_DISABLED = CLAUDE_RUNNING.map((extension) => ({ ...extension, enabled: false }));
const allowedWrites = (editor: FakeEditor) => editor.configuration.writes.filter((write) => write.key === 'extensions.allowed');

describe('the enforcer (editor layer, through fakes)', () => {
  let editor: FakeEditor;
  let state: FakeRemembered<readonly string[]>;
  let log: string[];
  let enforcer: Enforcer;
  let changes: number;

  beforeEach(() => {
    editor = fakeEditor();
    state = new FakeRemembered<readonly string[]>([]);
    log = [];
    changes = 0;
    enforcer = new Enforcer(state, (line) => log.push(line), editor);
    enforcer.onDidChange(() => changes++);
  });
  afterEach(() => enforcer.dispose());

  it('blocks past the deadline through the user setting, keeps others\' entries, records what it wrote and announces it once', async () => {
    editor.configuration.user.set('extensions.allowed', { 'ms-python.python': true });
    await enforcer.apply(snapshotOf(BLOCK, { extensions: CLAUDE_RUNNING }));
    assert.deepEqual(allowedWrites(editor).map((w) => [w.value, w.target]), [[{ 'ms-python.python': true, 'anthropic.claude-code': false }, 1]]);
    assert.deepEqual(enforcer.enforced, ['anthropic.claude-code']);
    assert.equal(changes, 1);
    assert.match(log.join('\n'), /extensions\.allowed updated: blocked anthropic\.claude-code \(was nothing\)/);
  });

  it('an unread policy (start-up) never undoes a block; a rule that only notifies lifts it', async () => {
    await enforcer.apply(snapshotOf(BLOCK, { extensions: CLAUDE_RUNNING }));
    await enforcer.apply(snapshotOf(undefined, {}, undefined, { loaded: false }));
    await enforcer.apply(snapshotOf(NOTIFY, { extensions: CLAUDE_RUNNING }));
    assert.deepEqual(allowedWrites(editor).map((w) => w.value), [{ '*': true, 'anthropic.claude-code': false }, undefined]);
    assert.deepEqual(enforcer.enforced, []);
  });

  it('a rule lifted removes only its own entries', async () => {
    editor.configuration.user.set('extensions.allowed', { '*': true, 'ms-python.python': true });
    await enforcer.apply(snapshotOf(BLOCK, { extensions: CLAUDE_RUNNING }));
    await enforcer.apply(snapshotOf(claudePolicy({ id: 'other', deadline: '2099-01-01' })));
    assert.deepEqual(editor.configuration.user.get('extensions.allowed'), { '*': true, 'ms-python.python': true });
    assert.deepEqual(enforcer.enforced, []);
    assert.equal(changes, 2);
  });

  it('the write queue: snapshots applied back to back write one at a time, in order, and the same block set costs no work', async () => {
    let writing = 0;
    let most = 0;
    const section = editor.configuration.section.bind(editor.configuration);
    editor.configuration.section = (name: string) => {
      const config = section(name);
      const update = config.update.bind(config);
      return Object.assign(config, {
        update: async (key: string, value: unknown, target: unknown) => {
          most = Math.max(most, ++writing);
          await new Promise((resolve) => setImmediate(resolve));
          await update(key, value, target as never);
          writing--;
        },
      });
    };
    const block = snapshotOf(BLOCK, { extensions: CLAUDE_RUNNING });
    const lifted = snapshotOf(claudePolicy({ id: 'other', deadline: '2099-01-01' }));
    const applied = [enforcer.apply(block), enforcer.apply(block), enforcer.apply(lifted), enforcer.apply(block)];
    await Promise.all(applied);
    assert.equal(most, 1, 'never two writes at once');
    assert.deepEqual(allowedWrites(editor).map((w) => JSON.stringify(w.value)), ['{"anthropic.claude-code":false,"*":true}', undefined, '{"anthropic.claude-code":false,"*":true}']);
    assert.deepEqual(enforcer.enforced, ['*', 'anthropic.claude-code']);
  });

  it('the enforcement loop is bounded: the editor disabling the extension and the refresh it causes write nothing more', async () => {
    // What the editor does after the write: the extension stops running, the inventory
    // lists it as disabled, and the new snapshot is applied, again and again.
    enforcer.onDidChange(() => void enforcer.apply(snapshotOf(BLOCK, { extensions: CLAUDE_DISABLED }, undefined, { enforced: enforcer.enforced })));
    await enforcer.apply(snapshotOf(BLOCK, { extensions: CLAUDE_RUNNING }));
    for (let refresh = 0; refresh < 5; refresh++) await enforcer.apply(snapshotOf(BLOCK, { extensions: CLAUDE_DISABLED }));
    assert.equal(allowedWrites(editor).length, 1);
    assert.equal(changes, 1);
  });

  it('someone editing extensions.allowed gets the block back; a failed write is logged and tried again with the next snapshot', async () => {
    const block = snapshotOf(BLOCK, { extensions: CLAUDE_RUNNING });
    editor.configuration.failNextWrite = new Error('settings file is read-only');
    await enforcer.apply(block);
    assert.match(log.join('\n'), /Could not update extensions\.allowed: Error: settings file is read-only/);
    assert.deepEqual(enforcer.enforced, []);
    await enforcer.apply(block);
    assert.deepEqual(enforcer.enforced, ['*', 'anthropic.claude-code']);
    editor.configuration.set('extensions.allowed', { '*': true });
    await new Promise((resolve) => setImmediate(resolve));
    await enforcer.apply(block);
    assert.deepEqual(editor.configuration.user.get('extensions.allowed'), { '*': true, 'anthropic.claude-code': false });
  });
});
