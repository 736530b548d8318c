import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import type { PolicyParseResult, PolicySourceRef } from '../../src/core/policy/types';
import { PolicyParseWorker } from '../../src/machine/policyParseWorker';
import { PolicyReaders, type PolicyReader } from '../../src/machine/policyReaders';
import { SEED } from './helpers';
import { tenThousandRules } from './hostilePolicies';

/** The compiled worker entry (the extension loads the bundled dist/policyWorker.js instead). */
const WORKER_FILE = path.resolve(__dirname, '..', '..', 'src', 'machine', 'policyParseWorkerMain.js');
const LAYERS = ['managed', 'user', 'workspace'] as const;
const sourceOf = (index: number): PolicySourceRef => ({ layer: LAYERS[index % 3]!, path: `/policies/${index}.yaml` });

/** A reader that answers when told: what the pool sees of one is how many files it holds. */
class HeldReader implements PolicyReader {
  readonly held: Array<{ size: number; answer: () => void }> = [];
  running = false;
  disposed = false;

  get unanswered(): number {
    return this.held.length;
  }

  parse(input: string | Uint8Array, source: PolicySourceRef): Promise<PolicyParseResult> {
    this.running = true;
    return new Promise((resolve) => {
      const entry = {
        size: typeof input === 'string' ? input.length : input.byteLength,
        answer: () => {
          this.held.splice(this.held.indexOf(entry), 1);
          resolve({ ok: false, problems: [{ file: source.path, path: '', message: 'held', line: 1, column: 1, endLine: 1, endColumn: 1 }] });
        },
      };
      this.held.push(entry);
    });
  }

  dispose(): void {
    this.disposed = true;
  }
}

describe('policy readers: a second thread for a large file that would wait', () => {
  it('gives a small file to the busy reader, a large one a reader of its own, and never more than two', async () => {
    const made: HeldReader[] = [];
    const pool = new PolicyReaders(() => { const reader = new HeldReader(); made.push(reader); return reader; }, 2, 1000);
    const first = pool.parse('x'.repeat(5000), sourceOf(0));
    assert.equal(made.length, 1);
    void pool.parse('small', sourceOf(1));
    assert.equal(made.length, 1, 'a small file waits for the busy reader');
    void pool.parse(new Uint8Array(1000), sourceOf(2));
    assert.equal(made.length, 2, 'a large file that would wait gets a reader of its own');
    void pool.parse('y'.repeat(5000), sourceOf(0));
    assert.equal(made.length, 2, 'two readers at most');
    assert.deepEqual(made.map((reader) => reader.held.map((entry) => entry.size)), [[5000, 5], [1000, 5000]], 'the least busy one takes the next');
    assert.equal(made.filter((reader) => reader.running).length, 2);
    made[0]!.held[0]!.answer();
    assert.equal((await first).ok, false);
    made[0]!.held[0]!.answer();
    void pool.parse('z'.repeat(5000), sourceOf(1));
    assert.deepEqual(made[0]!.held.map((entry) => entry.size), [5000], 'a reader with nothing to do is used first');
    pool.dispose();
    assert.ok(made.every((reader) => reader.disposed));
  });

  describe('on real threads', function () {
    // Generous: the machine running the suite may be busy. Nothing here asserts a duration.
    this.timeout(120_000);
    let pool: PolicyReaders | undefined;
    let made: PolicyParseWorker[] = [];
    const threads = () => made.filter((reader) => reader.running).length;
    const newPool = () => {
      made = [];
      return new PolicyReaders(() => { const reader = new PolicyParseWorker({ workerFile: WORKER_FILE, deadlineMs: 60_000 }); made.push(reader); return reader; });
    };
    afterEach(() => pool?.dispose());

    it('reads three large layers on two threads, each as the reader on this thread does', async () => {
      pool = newPool();
      const texts = [0, 1, 2].map((i) => tenThousandRules().text.replace('rule-', `layer${i}-rule-`));
      assert.ok(texts.every((text) => text.length >= 128 * 1024), 'each file is large');
      const reading = texts.map((text, i) => pool!.parse(text, sourceOf(i)));
      assert.equal(threads(), 2);
      const results = await Promise.all(reading);
      results.forEach((result, i) => {
        const here = parsePolicy(texts[i]!, sourceOf(i));
        assert.ok(result.ok && here.ok, `layer ${i}`);
        assert.equal(result.policy.rules.length, 10_000);
        assert.deepEqual(result.policy.rules.map((rule) => [rule.id, rule.hash, rule.deadline?.getTime()]), here.policy.rules.map((rule) => [rule.id, rule.hash, rule.deadline?.getTime()]));
      });
    });

    it('reads usual, small files on one thread', async () => {
      pool = newPool();
      const reading = [0, 1, 2].map((i) => pool!.parse(SEED, sourceOf(i)));
      assert.equal(threads(), 1);
      assert.deepEqual((await Promise.all(reading)).map((result) => result.ok), [true, true, true]);
    });
  });
});
