import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { SEED } from './helpers';

const source = { layer: 'user' as const, path: 'fuzz.yaml' };

function loadsSafely(input: string | Uint8Array): boolean {
  // A load that hangs is caught by the test's timeout, not by a clock here: a wall-clock
  // limit per load fails on a busy machine without any defect.
  let result;
  try {
    result = parsePolicy(input, source);
  } catch (error) {
    assert.fail(`the loader threw: ${String(error)}\ninput: ${JSON.stringify(typeof input === 'string' ? input : [...input])}`);
  }
  // The invariant: applied whole (with at least one rule) or refused with at least one
  // problem; never neither.
  if (result.ok) {
    assert.ok(result.policy.rules.length >= 1, 'an applied policy has rules');
    assert.ok(result.warnings.every((w) => w.severity === 'warning'));
  } else {
    assert.ok(result.problems.length > 0, 'a refused policy names at least one problem');
    assert.ok(!result.problems.some((p) => p.message.includes('internal error')), `a refusal without a real problem: ${JSON.stringify(result.problems)}`);
    for (const problem of result.problems) {
      assert.ok(problem.line >= 1 && problem.column >= 1, 'positions are 1-based');
      assert.ok(problem.message.length > 0);
    }
  }
  return true;
}

/** Small edits of a valid policy: the inputs most like a person's typos. */
const mutatedSeed = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'grapheme', maxLength: 8 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(':', '- ', '"', "'", '\t', '\n', '[', '{', '*', '&a ', '*a', '!!binary ', '? ', '|', '>', '#', '%YAML 1.1\n', '---\n', '\u0000', '\uFEFF') }),
    fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  ),
  { minLength: 1, maxLength: 4 },
).map((edits) => {
  let text = SEED;
  for (const edit of edits) {
    if (edit.kind === 'delete') {
      const at = edit.at % (text.length + 1);
      text = text.slice(0, at) + text.slice(at + edit.length);
    } else if (edit.kind === 'insert') {
      const at = edit.at % (text.length + 1);
      text = text.slice(0, at) + edit.text + text.slice(at);
    } else {
      const lines = text.split('\n');
      const a = edit.a % lines.length;
      const b = edit.b % lines.length;
      [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
      text = lines.join('\n');
    }
  }
  return text;
});

describe('policy loader under random input (fast-check)', function () {
  this.timeout(120_000);

  it('never throws on arbitrary text (3,000 cases)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), loadsSafely), { numRuns: 3000 });
  });

  it('never throws on arbitrary bytes (1,000 cases)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), loadsSafely), { numRuns: 1000 });
  });

  it('never throws on arbitrary YAML documents (3,000 cases)', () => {
    const documents = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }),
      fc.record({ version: fc.jsonValue(), organization: fc.jsonValue(), rules: fc.array(fc.dictionary(fc.constantFrom('id', 'tool', 'deadline', 'noticeDays', 'exceptions', 'alternative', 'enforce', 'links', 'x'), fc.jsonValue({ maxDepth: 3 })), { maxLength: 4 }) }, { requiredKeys: [] }),
    );
    fc.assert(fc.property(documents, (value) => loadsSafely(stringify(value))), { numRuns: 3000 });
  });

  it('never throws on mutated valid policies (3,000 cases)', () => {
    fc.assert(fc.property(mutatedSeed, loadsSafely), { numRuns: 3000 });
  });

  it('applies or refuses with a problem when keys are reserved words, at any level (2,000 cases)', () => {
    const reserved = fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__');
    const key = fc.oneof(reserved, fc.constantFrom('id', 'tool', 'name', 'until', 'url', 'title', 'reason', 'deadline'));
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.constantFrom('x', 'claude-code', '2026-08-01', 1, true, null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    const valid = () => ({
      version: 1, organization: 'ACME', tools: [{ id: 'acme' }],
      rules: [{ id: 'r', tool: 'claude-code', alternative: { name: 'Q' }, links: [{ title: 't', url: 'https://a.example/' }], exceptions: [{ until: '2026-08-01' }] }],
    });
    const spots = ['', 'tools.0', 'rules.0', 'rules.0.alternative', 'rules.0.links.0', 'rules.0.exceptions.0'];
    fc.assert(fc.property(fc.constantFrom(...spots), reserved, value, fc.boolean(), (spot, name, inserted, asJson) => {
      const doc = valid() as Record<string, unknown>;
      const target = spot.split('.').filter(Boolean).reduce<Record<string, unknown>>((node, step) => node[step] as Record<string, unknown>, doc);
      Object.defineProperty(target, name, { value: inserted, enumerable: true });
      const text = asJson ? JSON.stringify(doc) : stringify(doc);
      loadsSafely(text);
      const result = parsePolicy(text, source);
      assert.ok(!result.ok && result.problems.some((p) => p.message.startsWith(`unknown key "${name}"`)), `${spot}.${name}: ${JSON.stringify(!result.ok && result.problems)}`);
    }), { numRuns: 2000 });
  });

  it('refuses deep nesting with a clear error instead of overflowing the stack', () => {
    const deep = `version: 1\norganization: ${'['.repeat(5000)}${']'.repeat(5000)}\nrules: []\n`;
    for (const text of [deep, `${'- '.repeat(3000)}x\n`]) {
      const result = parsePolicy(text, source);
      assert.ok(!result.ok);
      assert.match(result.problems[0]?.message ?? '', /nested too deeply/);
    }
  });
});
