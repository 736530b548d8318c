import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { resolveText } from '../../src/core/policy/localizedText';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { PolicyParseWorker } from '../../src/machine/policyParseWorker';
import { hostilePolicies, tenThousandRules } from './hostilePolicies';
import { SEED } from './helpers';

/** The compiled worker entry (the extension loads the bundled dist/policyWorker.js instead). */
const WORKER_FILE = path.resolve(__dirname, '..', '..', 'src', 'machine', 'policyParseWorkerMain.js');
const source = { layer: 'managed' as const, path: '/etc/tool-policy/policy.yaml' };

describe('policy reader on a worker thread', function () {
  // Generous: the machine running the suite may be busy. Nothing here asserts a duration.
  this.timeout(120_000);
  const readers: PolicyParseWorker[] = [];
  const reader = (options: { deadlineMs?: number; idleMs?: number } = {}) => {
    const created = new PolicyParseWorker({ workerFile: WORKER_FILE, deadlineMs: 60_000, ...options });
    readers.push(created);
    return created;
  };
  afterEach(() => { for (const r of readers.splice(0)) r.dispose(); });

  it('starts no thread until the first read, and reads a policy from bytes', async () => {
    const parser = reader();
    assert.equal(parser.running, false);
    const result = await parser.parse(new TextEncoder().encode(SEED), source);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    // Language maps survive the trip between threads as maps.
    assert.equal(resolveText(result.policy.organization, 'en'), 'Alibaba Group');
    assert.equal(resolveText(result.policy.organization, 'zh-CN'), '阿里巴巴集团');
    // Dates survive the trip between threads as dates.
    assert.ok(result.policy.rules[0]?.deadline instanceof Date);
    assert.equal(result.policy.rules[0]?.deadline?.toISOString(), '2026-07-09T16:00:00.000Z');
    // Each rule's hash (worked out when first read) crosses as a plain field, the same as read here.
    const here = parsePolicy(SEED, source);
    assert.ok(here.ok);
    assert.deepEqual(result.policy.rules.map((rule) => rule.hash), here.policy.rules.map((rule) => rule.hash));
    assert.match(result.policy.rules[0]?.hash ?? '', /^[0-9a-f]{64}$/);
    assert.equal(parser.running, true);
  });

  it('answers every caller when several files are read at once', async () => {
    const parser = reader();
    const texts = [SEED, 'version: 2\n', 'version: 1\norganization: Other Org\nrules: [{id: r, tool: claude-code}]\n', '{'];
    const results = await Promise.all(texts.map((text, i) => parser.parse(text, { layer: 'user', path: `p${i}.yaml` })));
    assert.deepEqual(results.map((r) => r.ok), [true, false, true, false]);
    assert.equal(results[2]?.ok && results[2].policy.organization, 'Other Org');
    assert.ok(!results[1]?.ok && results[1]?.problems[0]?.file === 'p1.yaml');
  });

  it('refuses a file that exceeds the deadline with a clear error, stops the thread, then reads the next file', async () => {
    const parser = reader();
    // A 1 ms deadline is shorter than reading 10,000 rules can ever take.
    const slow = await parser.parse(tenThousandRules().text, source, {}, 1);
    assert.ok(!slow.ok);
    assert.equal(slow.problems.length, 1);
    assert.match(slow.problems[0]?.message ?? '', /took longer than 0\.001 s, the limit for a policy file; it was stopped/);
    assert.equal(slow.problems[0]?.file, source.path);
    assert.equal(parser.running, false, 'the thread that ran over the deadline is ended');
    const next = await parser.parse(SEED, source);
    assert.ok(next.ok, 'a fresh thread reads the next file');
    assert.equal(parser.running, true);
  });

  it('ends its thread when idle and on dispose, answering whoever still waits', async () => {
    const parser = reader({ idleMs: 1 });
    assert.ok((await parser.parse(SEED, source)).ok);
    // Ended on its own once idle: waited for, with mocha's timeout as the only limit.
    while (parser.running) await new Promise((resolve) => setTimeout(resolve, 10));
    const waiting = parser.parse(tenThousandRules().text, source);
    parser.dispose();
    const result = await waiting;
    assert.ok(!result.ok);
    assert.match(result.problems[0]?.message ?? '', /shut down/);
    assert.equal(parser.running, false);
  });

  it('refuses with an error when the worker script cannot start', async () => {
    const parser = new PolicyParseWorker({ workerFile: path.join(__dirname, 'no-such-worker.js') });
    readers.push(parser);
    const result = await parser.parse(SEED, source);
    assert.ok(!result.ok);
    assert.match(result.problems[0]?.message ?? '', /policy reader/);
  });

  it('reads every file on the thread, small ones too: the editor\'s thread never parses', async () => {
    const parser = new PolicyParseWorker({ workerFile: WORKER_FILE, deadlineMs: 60_000 });
    readers.push(parser);
    assert.equal(parser.running, false, 'no thread before the first read');
    const small = await parser.parse(new TextEncoder().encode(SEED), source);
    assert.ok(small.ok);
    assert.equal(parser.running, true, 'a 2 KB policy is read on the thread');
  });

  it('decides every hostile file the same way as the synchronous reader', async () => {
    const parser = reader();
    for (const hostile of hostilePolicies()) {
      const result = await parser.parse(hostile.text, source);
      if (hostile.expect.ok) {
        assert.ok(result.ok, `${hostile.name}: ${JSON.stringify(!result.ok && result.problems.slice(0, 3))}`);
        assert.equal(result.policy.rules.length, hostile.expect.rules, hostile.name);
      } else {
        assert.ok(!result.ok, hostile.name);
        const expected = hostile.expect.problem;
        assert.ok(result.problems.some((p) => `${p.path}: ${p.message}`.includes(expected)), `${hostile.name}: ${JSON.stringify(result.problems.slice(0, 3))}`);
      }
    }
  });
});
