import { strict as assert } from 'node:assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import type { ProcessReader } from '../../../src/core/detect/processTree';
import { AfterActivation } from '../../../src/vscode/afterActivation';
import { SnapshotPublisher } from '../../../src/vscode/snapshotPublisher';
import { TerminalWatcher } from '../../../src/vscode/terminalWatcher';
import type { Snapshot } from '../../../src/core/snapshot';
import { testReader } from '../shellReader';
import { fakeEditor, FakeTerminal, type FakeEditor } from './fakeEditor';
import { fakeSources } from './fakeSources';

/** A schedule the test turns by hand: the event loop's next turn, when the test says so. */
function handTurn() {
  const waiting: Array<() => void> = [];
  return {
    schedule: (run: () => void) => void waiting.push(run),
    turn: () => waiting.splice(0).forEach((run) => run()),
    get pending() {
      return waiting.length;
    },
  };
}

class CountingReader implements ProcessReader {
  reads = 0;
  async descendants(): Promise<[]> {
    this.reads++;
    return [];
  }
}

describe('the work started after activation (editor layer)', () => {
  it('runs nothing during the call; on the next turn each piece runs, in the order asked', async () => {
    const hand = handTurn();
    const after = new AfterActivation(hand.schedule);
    const ran: string[] = [];
    const first = after.run(() => { ran.push('first'); return 1; });
    const second = after.run(async () => { ran.push('second'); return 2; });
    assert.deepEqual(ran, [], 'nothing on the activation path');
    assert.equal(hand.pending, 1, 'one turn for all of it');
    hand.turn();
    assert.deepEqual(await Promise.all([first, second]), [1, 2]);
    assert.deepEqual(ran, ['first', 'second']);
  });

  it('disposed before the turn: nothing runs, each piece is refused without a throw, and parts are disposed', async () => {
    const hand = handTurn();
    const after = new AfterActivation(hand.schedule);
    let ran = false;
    const piece = after.run(() => { ran = true; });
    let disposals = 0;
    after.track({ dispose: () => disposals++ });
    after.dispose();
    assert.equal(disposals, 1);
    hand.turn();
    await assert.rejects(piece, { name: 'DeactivatedBeforeStart' });
    assert.equal(ran, false);
    after.track({ dispose: () => disposals++ });
    assert.equal(disposals, 2, 'a part made after disposal is disposed at once, not kept');
  });
});

describe('the composition root\'s start-up, deferred (editor layer, through fakes)', () => {
  let clock: FakeTimers.Clock;
  let editor: FakeEditor;
  let reader: CountingReader;

  beforeEach(() => {
    clock = FakeTimers.install({ now: new Date('2026-06-01T12:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    editor = fakeEditor();
    // A terminal already open when the extension activates.
    editor.terminals.push(new FakeTerminal('Open before', Promise.resolve(100)));
    reader = new CountingReader();
  });
  afterEach(() => clock.uninstall());

  /** The same wiring as src/extension.ts: parts built at once, their first look deferred. */
  function activate(schedule: (run: () => void) => void) {
    const after = new AfterActivation(schedule);
    const fake = fakeSources();
    const terminals = new TerminalWatcher(reader, { reader: testReader }, () => false, () => undefined, editor);
    const remembered = after.run(async () => undefined);
    const publisher = new SnapshotPublisher({ ...fake.sources, terminals, remembered }, editor);
    const published: Snapshot[] = [];
    publisher.onDidPublish((snapshot) => published.push(snapshot));
    const ready = after.run(() => {
      terminals.start();
      return remembered;
    }).then(() => after.disposed ? undefined : publisher.rescan()).then(undefined, (error: unknown) => {
      if (!after.disposed) throw error;
    });
    // Disposed in the order src/extension.ts tracks them: the deferred start first.
    const deactivate = () => [after, terminals, publisher].forEach((part) => part.dispose());
    return { published, ready, deactivate, calls: fake.calls };
  }

  it('publishes the first snapshot after activation returns, having scanned the terminals already open', async () => {
    const hand = handTurn();
    const extension = activate(hand.schedule);
    assert.equal(reader.reads, 0, 'no scan on the activation path');
    assert.equal(clock.countTimers(), 0, 'no timer on the activation path');
    assert.equal(extension.published.length, 0);
    hand.turn();
    await extension.ready;
    await clock.tickAsync(0);
    assert.ok(extension.published.length > 0, 'the first snapshot is published');
    assert.ok(reader.reads > 0, 'the open terminal was scanned');
    assert.deepEqual(extension.calls.filter((call) => call === 'load'), ['load'], 'the policy was read once');
    extension.deactivate();
    assert.equal(clock.countTimers(), 0, 'the scan interval ended with the extension');
  });

  it('deactivated before the deferred work runs: nothing is read or scanned, no timer is left, nothing throws', async () => {
    const hand = handTurn();
    const extension = activate(hand.schedule);
    extension.deactivate();
    hand.turn();
    await extension.ready;
    await clock.tickAsync(60_000);
    assert.equal(reader.reads, 0);
    assert.deepEqual(extension.calls, [], 'no policy read, no inventory, no PATH scan');
    assert.equal(extension.published.length, 0);
    assert.equal(clock.countTimers(), 0);
  });
});
