import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  acknowledgementOf, markerName, MAX_ACKNOWLEDGEMENTS, MAX_FIRST_SEEN, parseAcknowledgements, parseFirstSeen, withAcknowledgements, withSeen,
  type Acknowledgement, type FirstSeen,
} from '../../src/core/acknowledgements';
import { ruleHash } from '../../src/core/ruleHash';
import { FindingMemoryStore } from '../../src/machine/findingMemory';
import { StateFolder } from '../../src/machine/stateFolder';
import { itemsSearched, loadOk } from './helpers';

const YAML = `version: 1
organization: Org
timezone: UTC
rules:
  # a comment
  - id: no-claude
    tool: claude-code
    deadline: 2026-07-10
    reason: { en: Data residency, zh-cn: 数据驻留 }
`;
const hashOf = (text: string) => (loadOk(text).rules[0] as { hash: string }).hash;
const ack = (ruleId: string, hash: string, at = '2026-11-01T00:00:00.000Z'): Acknowledgement => ({ ruleId, hash, at, phase: 'warning' });

describe('acknowledgements: the rule hash', () => {
  it('is the same for the same rule however it is written: key order, comments, indentation, YAML or JSON, the rest of the file', () => {
    const hash = hashOf(YAML);
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(hashOf(YAML.replace('  # a comment\n', '')), hash);
    assert.equal(hashOf(YAML.replace('    tool: claude-code\n    deadline: 2026-07-10\n', '    deadline: 2026-07-10\n    tool: claude-code\n')), hash);
    assert.equal(hashOf(YAML.replace('organization: Org', 'organization: Another Org')), hash);
    const json = JSON.stringify({ version: 1, organization: 'Org', timezone: 'UTC', rules: [{ reason: { en: 'Data residency', 'zh-cn': '数据驻留' }, deadline: '2026-07-10', tool: 'claude-code', id: 'no-claude' }] });
    assert.equal(hashOf(json), hash);
  });

  it('is SHA-256 of the rule in canonical JSON, and a copy of the rule carries it as a plain field', () => {
    const canonical = '{"deadline":"2026-07-10","id":"no-claude","reason":{"en":"Data residency","zh-cn":"数据驻留"},"tool":"claude-code"}';
    const expected = createHash('sha256').update(canonical, 'utf8').digest('hex');
    const rule = loadOk(YAML).rules[0]!;
    assert.equal({ ...rule }.hash, expected, 'a spread copy');
    assert.equal((JSON.parse(JSON.stringify(rule)) as { hash: string }).hash, expected, 'JSON');
    assert.equal(structuredClone(rule).hash, expected, 'a structured clone, as a worker thread sends it');
    assert.equal(rule.hash, expected, 'read again');
  });

  it('changes when any value of the rule changes: a translation, the deadline, the tools, the id', () => {
    const hash = hashOf(YAML);
    for (const changed of [
      YAML.replace('数据驻留', '数据驻留。'),
      YAML.replace('2026-07-10', '2026-07-11'),
      YAML.replace('tool: claude-code', 'tool: [claude-code]'),
      YAML.replace('no-claude', 'no-claude-2'),
      YAML.replace('{ en: Data residency, zh-cn: 数据驻留 }', '{ zh-cn: 数据驻留, en: Data residency }'),
    ]) assert.notEqual(hashOf(changed), hash, changed);
  });

  it('holds an acknowledgement for the rule as written only', () => {
    const hash = hashOf(YAML);
    const list = [ack('no-claude', hash)];
    assert.deepEqual(acknowledgementOf({ id: 'no-claude', hash }, list), list[0]);
    assert.equal(acknowledgementOf({ id: 'no-claude', hash: hashOf(YAML.replace('2026-07-10', '2026-07-11')) }, list), undefined);
  });

  it('is found in a long list as in a short one: the first that matches id and hash, none for a near miss', () => {
    const hashes = ['a', 'b', 'c'].map((digit) => digit.repeat(64));
    // The store's bound, with repeats (two entries for one rule as written) and rules whose id and hash each match another entry's.
    const list = Array.from({ length: MAX_ACKNOWLEDGEMENTS }, (_, i) => ack(`rule-${i % 300}`, hashes[i % 3]!, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()));
    for (const rule of [
      ...Array.from({ length: 450 }, (_, i) => hashes.map((hash) => ({ id: `rule-${i}`, hash }))).flat(),
      { id: 'rule-1', hash: 'd'.repeat(64) }, { id: `${'a'.repeat(64)}:rule-1`, hash: '' }, { id: '', hash: '' },
    ]) {
      const expected = list.find((candidate) => candidate.ruleId === rule.id && candidate.hash === rule.hash);
      assert.equal(acknowledgementOf(rule, list), expected, `${rule.id} ${rule.hash.slice(0, 1)}`);
    }
    // Once per finding over a list of the stored bound: a search of the whole list each time
    // looked at tens of millions of items for a policy with tens of thousands of findings.
    const rules = Array.from({ length: 2_000 }, (_, i) => ({ id: `rule-${i}`, hash: hashes[i % 3]! }));
    const { items } = itemsSearched(MAX_ACKNOWLEDGEMENTS, () => rules.map((rule) => acknowledgementOf(rule, list)));
    assert.ok(items <= 2 * MAX_ACKNOWLEDGEMENTS, `searches looked at ${items} items of a list of ${MAX_ACKNOWLEDGEMENTS} for ${rules.length} rules`);
    // A rule's hash is worked out on first use; a rule no acknowledgement names never needs it.
    const unnamed = { id: 'unnamed', get hash(): string { throw new Error('the hash was read'); } };
    assert.equal(acknowledgementOf(unnamed, list), undefined);
    assert.equal(acknowledgementOf(unnamed, list.slice(0, 3)), undefined);
  });

  it('writes the canonical form of any JSON value: keys sorted by code unit at every depth, as a plain sort orders them', () => {
    // The canonical form as its description reads, written the plain way: the hash must never differ from it.
    const canonical = (value: unknown): string => {
      if (value === null || typeof value !== 'object') return JSON.stringify(value);
      if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
      const record = value as Record<string, unknown>;
      return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
    };
    // Keys that sort differently by code unit than by locale or by code point: case, digits, astral and BMP characters above surrogates.
    const key = fc.oneof(fc.constantFrom('id', 'Id', 'ID', 'tool', 'tools', '10', '9', 'a', 'b', 'é', 'z', '\uFF5E', '\u{1F600}', '', '_', '-'), fc.string({ maxLength: 4 }), fc.string({ unit: fc.constantFrom('a', 'B', '0', 'é', '\uFF5E', '\u{1F600}', '\uD83D', '\uDE00'), maxLength: 3 }));
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('record')),
      list: fc.array(tie('any'), { maxLength: 4 }),
      record: fc.dictionary(key, tie('any'), { maxKeys: 20 }),
    })).any;
    fc.assert(fc.property(value, (json) => {
      assert.equal(ruleHash(json), createHash('sha256').update(canonical(json), 'utf8').digest('hex'));
    }), { numRuns: 1000 });
  });
});

describe('acknowledgements: marker file names', () => {
  it('keep a valid rule id as it is, followed by the first 12 hex digits of the hash', () => {
    assert.equal(markerName('no-claude', 'ab'.repeat(32)), 'ack/no-claude.abababababab');
  });

  it('never hold a separator, a dot of their own, ".." or more than 140 characters, whatever the id', () => {
    const hash = 'c'.repeat(64);
    for (const id of ['../../etc/passwd', '..', '.', 'a/b\\c', 'a.b', 'A\u0000B', 'x'.repeat(5000), '规则', 'a_5Fb', '']) {
      const name = markerName(id, hash);
      const file = name.slice('ack/'.length);
      assert.match(file, /^[a-z0-9_A-F-]+\.c{12}$/, JSON.stringify(id));
      assert.ok(file.length <= 133, `${file.length}`);
    }
    assert.equal(markerName('a.b/c', hash), `ack/a_2Eb_2Fc.${'c'.repeat(12)}`);
    assert.notEqual(markerName('a_b', hash), markerName('a.b', hash), 'the escape character is escaped itself');
    assert.equal(markerName('规', hash), `ack/_E8_A7_84.${'c'.repeat(12)}`);
  });
});

describe('acknowledgements: the stored lists stay bounded', () => {
  it('keeps one acknowledgement per rule, the newer text\'s, and drops the oldest beyond the limit', () => {
    const first = withAcknowledgements([], [ack('r', 'a'.repeat(64))]);
    const second = withAcknowledgements(first.list, [ack('r', 'b'.repeat(64), '2026-11-02T00:00:00.000Z')]);
    assert.deepEqual(second.list.map((a) => a.hash[0]), ['b']);
    assert.deepEqual(second.dropped.map((a) => a.hash[0]), ['a']);
    const many = Array.from({ length: MAX_ACKNOWLEDGEMENTS + 5 }, (_, i) => ack(`r${i}`, 'a'.repeat(64), new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()));
    const bounded = withAcknowledgements([], many);
    assert.equal(bounded.list.length, MAX_ACKNOWLEDGEMENTS);
    assert.deepEqual(bounded.dropped.map((a) => a.ruleId).sort(), ['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('keeps a first-seen time while the finding is seen, forgets one not seen for 180 days, and caps the count', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
    let seen = withSeen({}, ['r/a', 'r/b'], day(0));
    seen = withSeen(seen, ['r/a'], day(100));
    assert.deepEqual(seen['r/a'], { first: day(0).toISOString(), last: day(100).toISOString() });
    seen = withSeen(seen, ['r/a'], day(200));
    assert.deepEqual(Object.keys(seen), ['r/a'], 'r/b was last seen 200 days ago');
    assert.equal(seen['r/a']?.first, day(0).toISOString());
    const many = withSeen({}, Array.from({ length: MAX_FIRST_SEEN + 10 }, (_, i) => `r/${i}`), day(0));
    assert.equal(Object.keys(many).length, MAX_FIRST_SEEN);
  });

  it('keeps the same times as sorting every entry would, however many findings are seen at once', () => {
    // The times as their description reads, done the plain way: every entry sorted by its last time.
    const plainly = (current: Record<string, FirstSeen>, ids: readonly string[], now: Date): Record<string, FirstSeen> => {
      const at = now.toISOString();
      const entries = new Map(Object.entries(current).filter(([, seen]) => Date.parse(seen.last) >= now.getTime() - 180 * 86_400_000));
      for (const id of ids) {
        const seen = entries.get(id);
        entries.set(id, { first: seen && Date.parse(seen.first) <= now.getTime() ? seen.first : at, last: at });
      }
      const kept = [...entries].sort((a, b) => Date.parse(b[1].last) - Date.parse(a[1].last)).slice(0, MAX_FIRST_SEEN);
      return Object.fromEntries(kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    };
    const now = new Date('2026-06-01T00:00:00Z');
    // Times around now: long ago, within the kept days, exactly now, and later than now (a clock turned back).
    const instant = fc.constantFrom(-400, -179, -3, 0, 0, 2).map((days) => new Date(now.getTime() + days * 86_400_000).toISOString());
    const id = fc.integer({ min: 0, max: 2600 }).map((n) => `r/${n}`);
    // Sizes up to the maximum (fast-check draws small ones otherwise): stored times and new ids past the cap, alone and together.
    const stored = fc.dictionary(id, fc.record({ first: instant, last: instant }), { maxKeys: 2100, size: 'max' });
    const ids = fc.array(id, { maxLength: 2400, size: 'max' });
    const check = (current: Record<string, FirstSeen>, seen: readonly string[]) => assert.deepEqual(Object.entries(withSeen(current, seen, now)), Object.entries(plainly(current, seen, now)));
    fc.assert(fc.property(stored, ids, check), { numRuns: 25, endOnFailure: true });
    // Every stored time at once, then 2,200 new ids: the cap falls among the new ones.
    const some = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`s/${i}`, { first: now.toISOString(), last: new Date(now.getTime() + ((i % 5) - 3) * 86_400_000).toISOString() }]));
    check(some, [...Array.from({ length: 2200 }, (_, i) => `n/${i}`), 's/1', 's/2', 'n/5']);
  });

  it('does not take a first time later than now (a clock turned back) as first', () => {
    const seen = withSeen({ 'r/a': { first: '2027-01-01T00:00:00.000Z', last: '2027-01-01T00:00:00.000Z' } }, ['r/a'], new Date('2026-06-01T00:00:00Z'));
    assert.equal(seen['r/a']?.first, '2026-06-01T00:00:00.000Z');
  });

  it('reads only files of exactly the stored shape', () => {
    assert.deepEqual(parseAcknowledgements({ version: 1, acknowledgements: [ack('r', 'a'.repeat(64))] }), [ack('r', 'a'.repeat(64))]);
    for (const bad of [null, [], { version: 2, acknowledgements: [] }, { version: 1, acknowledgements: [{ ...ack('r', 'xyz') }] }, { version: 1, acknowledgements: [{ ...ack('r', 'a'.repeat(64)), phase: 'fine' }] }, { version: 1, acknowledgements: [{ ...ack('r', 'a'.repeat(64)), at: 'yesterday' }] }]) {
      assert.equal(parseAcknowledgements(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseFirstSeen(JSON.parse('{"version":1,"findings":{"__proto__":{"first":"2026-01-01T00:00:00Z","last":"2026-01-01T00:00:00Z"}}}')), JSON.parse('{"__proto__":{"first":"2026-01-01T00:00:00Z","last":"2026-01-01T00:00:00Z"}}'));
    assert.equal(parseFirstSeen({ version: 1, findings: { 'r/a': { first: 1 } } }), undefined);
  });
});

describe('acknowledgements: the store in the state folder', () => {
  let root: string;
  let store: FindingMemoryStore;
  beforeEach(() => {
    root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'finding-memory-')), 'tool-policy');
    store = new FindingMemoryStore(new StateFolder(root));
  });
  afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('records acknowledgements with an empty, owner-only marker file each, and keeps only the current ones\' markers', async () => {
    await store.acknowledge([ack('no-claude', 'a'.repeat(64)), ack('no-copilot', 'b'.repeat(64))]);
    assert.deepEqual(fs.readdirSync(path.join(root, 'ack')).sort(), ['no-claude.aaaaaaaaaaaa', 'no-copilot.bbbbbbbbbbbb']);
    const marker = fs.statSync(path.join(root, 'ack', 'no-claude.aaaaaaaaaaaa'));
    assert.equal(marker.size, 0);
    assert.equal(marker.mode & 0o777, 0o600);
    // The rule's text changed and it was acknowledged again: the old marker goes.
    await store.acknowledge([ack('no-claude', 'c'.repeat(64), '2026-11-05T00:00:00.000Z')]);
    assert.deepEqual(fs.readdirSync(path.join(root, 'ack')).sort(), ['no-claude.cccccccccccc', 'no-copilot.bbbbbbbbbbbb']);
    const { memory, problems } = await store.read();
    assert.deepEqual(problems, []);
    assert.deepEqual(memory.acknowledgements.map((a) => `${a.ruleId} ${a.hash[0]}`), ['no-claude c', 'no-copilot b']);
  });

  it('sets a damaged file aside, names it, reads it as empty and starts again on the next write', async () => {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'acknowledgements.json'), '{"version":1,"acknowledgements":[{"ruleId":"r","hash":"secret text"}]}');
    fs.writeFileSync(path.join(root, 'first-seen.json'), 'not json');
    const { memory, problems } = await store.read();
    assert.deepEqual(memory, { acknowledgements: [], firstSeen: {} });
    assert.equal(problems.length, 2);
    assert.ok(problems.every((problem) => /set aside/.test(problem.message) && !problem.message.includes('secret')), JSON.stringify(problems));
    assert.ok(fs.existsSync(path.join(root, 'acknowledgements.json.damaged')));
    const seen = await store.see(['r/a'], new Date('2026-11-01T00:00:00Z'));
    assert.deepEqual(Object.keys(seen), ['r/a']);
    assert.deepEqual((await store.read()).problems, []);
  });

  it('read-only, records nothing and writes no file', async () => {
    const readOnly = new FindingMemoryStore(new StateFolder(root, { readOnly: true }));
    assert.deepEqual(await readOnly.see(['r/a'], new Date()), {});
    await assert.rejects(readOnly.acknowledge([ack('r', 'a'.repeat(64))]), /read-only/);
    assert.equal(fs.existsSync(root), false);
  });
});
