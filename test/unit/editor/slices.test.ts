import { strict as assert } from 'node:assert';
import type { Steps } from '../../../src/core/steps';
import { oneEachTurn, runInSlices, SLICE_MS } from '../../../src/vscode/slices';
import { manualSliceClock } from './manualSliceClock';

function* counting(pieces: number, log: number[]): Steps<string> {
  for (let i = 1; i < pieces; i++) {
    log.push(i);
    yield;
  }
  log.push(pieces);
  return `done after ${pieces}`;
}

describe('running work in slices (src/vscode/slices.ts)', () => {
  it('work that fits in one slice ends in the call itself', () => {
    const clock = manualSliceClock(0);
    const outcome: string[] = [];
    runInSlices(counting(50, []), (value) => outcome.push(value), () => assert.fail('no failure'), clock);
    assert.deepEqual(outcome, ['done after 50']);
    assert.equal(clock.queued.length, 0);
  });

  it('longer work gives the thread back between slices and ends once, with its value', () => {
    // Each reading is 1 ms later: a slice holds a few pieces before it gives the thread back.
    const clock = manualSliceClock(1);
    const log: number[] = [];
    const outcome: string[] = [];
    runInSlices(counting(100, log), (value) => outcome.push(value), () => assert.fail('no failure'), clock);
    assert.deepEqual(outcome, [], 'not done in the first slice');
    assert.ok(log.length > 0 && log.length < SLICE_MS + 1, `the first slice ran ${log.length} pieces`);
    assert.ok(clock.runQueued() > 5, 'went on in further slices');
    assert.deepEqual(outcome, ['done after 100']);
    assert.deepEqual(log, Array.from({ length: 100 }, (_, i) => i + 1), 'every piece once, in order');
  });

  it('a failure of the work is reported once and ends it; a failure of what is done with the value is not the work\'s', () => {
    const clock = manualSliceClock(1);
    const failures: unknown[] = [];
    function* failing(): Steps<string> {
      for (let i = 0; i < 20; i++) yield;
      throw new Error('broken');
    }
    runInSlices(failing(), () => assert.fail('not done'), (error) => failures.push(error), clock);
    clock.runQueued();
    assert.deepEqual(failures.map(String), ['Error: broken']);
    assert.throws(() => runInSlices(counting(1, []), () => { throw new Error('listener'); }, (error) => failures.push(error), clock), /listener/);
    assert.equal(failures.length, 1);
  });
  it('stopped work runs no further piece and is neither done nor failed', () => {
    const clock = manualSliceClock(SLICE_MS);
    const log: number[] = [];
    const run = runInSlices(counting(10, log), () => assert.fail('not done'), () => assert.fail('not failed'), clock);
    run.stop();
    clock.runQueued();
    assert.deepEqual(log, [1]);
  });
  it('the host runs one continuation per turn, first come first served, whichever work it belongs to', () => {
    const turns: (() => void)[] = [];
    const later = oneEachTurn((run) => turns.push(run));
    const ran: string[] = [];
    later(() => ran.push('a1'));
    later(() => { ran.push('b1'); later(() => ran.push('b2')); });
    later(() => { throw new Error('a broken continuation'); });
    later(() => ran.push('a2'));
    assert.equal(turns.length, 1, 'one turn asked for, however many wait');
    const log: string[][] = [];
    for (let turn = turns.shift(); turn; turn = turns.shift()) {
      const before = ran.length;
      try { turn(); } catch { ran.push('threw'); }
      log.push(ran.slice(before));
    }
    assert.deepEqual(log, [['a1'], ['b1'], ['threw'], ['a2'], ['b2']], 'one each turn, in order; one that throws stops none of the others');
  });
});
