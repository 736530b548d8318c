import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { prettyJsonSteps } from '../../src/core/report/prettyJson';
import { ITEMS_PER_PIECE, runToEnd, type Steps } from '../../src/core/steps';

function pieces<T>(steps: Steps<T>): { value: T; pieces: number } {
  let count = 1;
  for (;;) {
    const next = steps.next();
    if (next.done) return { value: next.value, pieces: count };
    count++;
  }
}

describe('a report\'s JSON written in pieces (src/core/report/prettyJson.ts)', () => {
  it('is JSON.stringify(value, null, 2), byte for byte, for any report-like object', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('\u0000findings\u0000', '"\u0000findings\u0000"', '\n', '\u2028', '\\', ''));
    const item = fc.oneof(fc.record({ id: text, n: fc.integer(), nested: fc.array(fc.record({ a: text }), { maxLength: 3 }), empty: fc.constant([]) }), fc.constant(null), text);
    const report = fc.record({ head: text, findings: fc.array(item, { maxLength: 30 }), tail: fc.record({ note: text, list: fc.array(text, { maxLength: 3 }) }) });
    fc.assert(fc.property(report, (value) => {
      assert.equal(runToEnd(prettyJsonSteps(value, 'findings')), JSON.stringify(value, null, 2));
    }), { numRuns: 400 });
  });

  it('the long array anywhere among the keys, holding undefined, or empty', () => {
    const cases: object[] = [
      { findings: [{ a: 1 }, undefined, [1, [2]]], after: 'x' },
      { before: { deep: { deeper: ['\u0000findings\u0000'] } }, findings: ['\u0000findings\u0000'], after: '\u0000findings\u0000\u0000' },
      { findings: [] },
    ];
    for (const value of cases) assert.equal(runToEnd(prettyJsonSteps(value as { findings: unknown[] }, 'findings')), JSON.stringify(value, null, 2));
  });

  it('thousands of items come in pieces', () => {
    const value = { version: 1, findings: Array.from({ length: 5000 }, (_, i) => ({ id: `rule-${i}/claude-code`, evidence: [{ kind: 'extension' }] })) };
    const written = pieces(prettyJsonSteps(value, 'findings'));
    assert.equal(written.value, JSON.stringify(value, null, 2));
    assert.ok(written.pieces >= 5000 / ITEMS_PER_PIECE, `${written.pieces} pieces`);
  });
});
