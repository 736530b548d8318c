import { strict as assert } from 'node:assert';
import { OpenFiles } from '../../src/machine/openFiles';

const emfile = () => Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });

describe('open files: a bounded number at once, EMFILE waited out', () => {
  it('never holds more than its ceiling, and an open that meets EMFILE waits for another to close and tries again', async () => {
    // The OS allows 3 at once; the budget starts at 8, and learns.
    const waits: number[] = [];
    const files = new OpenFiles(8, async (ms) => { waits.push(ms); });
    let open = 0;
    let most = 0;
    let refused = 0;
    const read = async (index: number) => {
      if (open >= 3) {
        refused++;
        throw emfile();
      }
      open++;
      most = Math.max(most, open);
      await new Promise((resolve) => setImmediate(resolve));
      open--;
      return index;
    };
    const results = await Promise.all(Array.from({ length: 200 }, (_, index) => files.run(() => read(index))));
    assert.deepEqual(results, Array.from({ length: 200 }, (_, index) => index), 'every read succeeded, none skipped');
    assert.ok(most <= 3);
    assert.ok(refused > 0, 'the OS limit was met');
    assert.deepEqual(waits, [], 'with opens of its own in flight it waits for them, not for a timer');
  });

  it('alone and still out of descriptors (held elsewhere), it waits a bounded number of times, then gives the error', async () => {
    const waits: number[] = [];
    const files = new OpenFiles(8, async (ms) => { waits.push(ms); });
    await assert.rejects(files.run(async () => { throw emfile(); }), /EMFILE/);
    assert.equal(waits.length, 9);
    assert.deepEqual(waits.slice(0, 3), [5, 10, 20], 'doubling');
  });

  it('passes any other error through at once', async () => {
    const files = new OpenFiles(8, async () => assert.fail('no wait'));
    await assert.rejects(files.run(async () => { throw Object.assign(new Error('EACCES'), { code: 'EACCES' }); }), /EACCES/);
  });
});
