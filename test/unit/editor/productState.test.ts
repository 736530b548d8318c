import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MonotonicClock } from '../../../src/core/phase';
import { StateFolder } from '../../../src/machine/stateFolder';
import { BLOCK_RECORD } from '../../../src/vscode/enforcer';
import { ProductState } from '../../../src/vscode/productState';
import { Remembered, type StateFiles } from '../../../src/vscode/remembered';
import { FakeMemento } from './fakeEditor';

const DAY = 86_400_000;
const DEADLINE = Date.parse('2026-07-10T00:00:00Z');

describe('what the product remembers, in the state folder (editor layer, real folder)', () => {
  let root: string;
  let folder: StateFolder;
  let editorStorage: FakeMemento;
  let reports: string[];
  const stateOf = (storage = editorStorage) => new ProductState(folder, storage, (line) => reports.push(line));
  const fileIn = (name: string) => path.join(root, name);
  const readFile = (name: string): unknown => JSON.parse(fs.readFileSync(fileIn(name), 'utf8'));

  beforeEach(() => {
    root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'product-state-')), 'tool-policy');
    folder = new StateFolder(root);
    editorStorage = new FakeMemento();
    reports = [];
  });
  afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('keeps all four across a restart with another editor storage (another browser): owner-only files, nothing left in between', async () => {
    const first = stateOf();
    await first.load();
    await Promise.all([
      first.latestTime.update(() => ({ latestSeen: DEADLINE + DAY })),
      first.lastGoodPolicies.update(() => ({ 'user\n/p.yaml': { base64: Buffer.from('version: 1\n').toString('base64'), savedAt: 5 } })),
      first.blockRecord.update(() => ['anthropic.claude-code']),
      first.notificationHistory.update(() => ({ 'rule/claude-code': { lastShown: DEADLINE } })),
    ]);
    const restarted = stateOf(new FakeMemento());
    await restarted.load();
    assert.deepEqual(restarted.latestTime.get(), { latestSeen: DEADLINE + DAY });
    assert.deepEqual(Object.keys(restarted.lastGoodPolicies.get()), ['user\n/p.yaml']);
    assert.deepEqual(restarted.blockRecord.get(), ['anthropic.claude-code']);
    assert.deepEqual(restarted.notificationHistory.get(), { 'rule/claude-code': { lastShown: DEADLINE } });
    assert.deepEqual(fs.readdirSync(root).sort(), ['block-record.json', 'last-good-policies.json', 'latest-time-seen.json', 'notifications.json']);
    for (const name of fs.readdirSync(root)) assert.equal(fs.statSync(fileIn(name)).mode & 0o777, 0o600, name);
    assert.deepEqual(reports, []);
  });

  it('moves what the editor storage held once, merged with the folder (the later time, the union of the block, the newer policy), then removes it there', async () => {
    await folder.writeJson('latest-time-seen.json', { latestSeen: DEADLINE });
    await folder.writeJson('block-record.json', ['a.one']);
    await folder.writeJson('last-good-policies.json', { 'user\n/p.yaml': { base64: 'bmV3', savedAt: 20 }, 'managed\n/m.yaml': { base64: 'b2xk', savedAt: 1 } });
    editorStorage.values.set('toolPolicy.latestTimeSeen', DEADLINE + 3 * DAY);
    editorStorage.values.set('toolPolicy.enforcedExtensions', ['b.two']);
    editorStorage.values.set('toolPolicy.lastGoodPolicies', { 'user\n/p.yaml': { base64: 'b2xk', savedAt: 10 }, 'managed\n/m.yaml': { base64: 'bmV3', savedAt: 30 } });
    editorStorage.values.set('toolPolicy.notificationHistory', { 'r/t': { lastShown: 7, snoozedUntil: 9 } });
    const state = stateOf();
    await state.load();
    assert.deepEqual(readFile('latest-time-seen.json'), { latestSeen: DEADLINE + 3 * DAY });
    assert.deepEqual(readFile('block-record.json'), ['a.one', 'b.two']);
    assert.deepEqual(readFile('last-good-policies.json'), { 'managed\n/m.yaml': { base64: 'bmV3', savedAt: 30 }, 'user\n/p.yaml': { base64: 'bmV3', savedAt: 20 } });
    assert.deepEqual(readFile('notifications.json'), { 'r/t': { lastShown: 7, snoozedUntil: 9 } });
    assert.deepEqual([...editorStorage.values.keys()], [], 'moved, so removed from the editor storage');
    assert.deepEqual(state.blockRecord.get(), ['a.one', 'b.two']);
    // Once moved, a later start reads the folder alone: a value written since stays as it is.
    await state.blockRecord.update(() => []);
    const later = stateOf();
    await later.load();
    assert.deepEqual(later.blockRecord.get(), []);
    assert.deepEqual(editorStorage.updates.filter(([key]) => key === 'toolPolicy.enforcedExtensions'), [['toolPolicy.enforcedExtensions', undefined]], 'moved once');
  });

  it('keeps the editor storage\'s values there when the folder cannot be written, to move them next time, and says so', async () => {
    fs.mkdirSync(path.dirname(root), { recursive: true });
    fs.writeFileSync(root, 'a file where the folder should be');
    editorStorage.values.set('toolPolicy.latestTimeSeen', DEADLINE + DAY);
    const state = stateOf();
    await state.load();
    assert.deepEqual(state.latestTime.get(), { latestSeen: DEADLINE + DAY }, 'still guards this session');
    assert.equal(editorStorage.values.get('toolPolicy.latestTimeSeen'), DEADLINE + DAY);
    assert.match(reports.join('\n'), /Could not write latest-time-seen\.json in the state folder: .*kept for this session only/);
  });

  for (const [name, content] of [['block-record.json', '["a.one", 42]'], ['notifications.json', '{"r/t": {"lastShown": "yesterday"}}'], ['last-good-policies.json', '{"user\\n/p.yaml": {"base64": "not base64!", "savedAt": 1}}']] as const) {
    it(`sets a damaged ${name} aside, reports it without quoting it, and trusts nothing of it`, async () => {
      fs.mkdirSync(root, { recursive: true });
      fs.writeFileSync(fileIn(name), content);
      const state = stateOf();
      await state.load();
      assert.deepEqual(state.blockRecord.get(), []);
      assert.deepEqual(state.notificationHistory.get(), {});
      assert.deepEqual(state.lastGoodPolicies.get(), {});
      assert.equal(reports.length, 1);
      assert.ok(reports[0]?.includes(`${name} does not have the expected shape; it was set aside as ${name}.damaged`), reports[0]);
      assert.ok(!reports[0]?.includes(content));
      assert.equal(fs.readFileSync(fileIn(`${name}.damaged`), 'utf8'), content);
    });
  }

  it('a damaged clock file cannot let a clock turned back undo a passed deadline: the time it was last written is the latest time seen', async () => {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(fileIn('latest-time-seen.json'), '{"latestSeen": 17');
    const writtenAt = DEADLINE + 2 * DAY;
    fs.utimesSync(fileIn('latest-time-seen.json'), writtenAt / 1000, writtenAt / 1000);
    const state = stateOf();
    await state.load();
    assert.deepEqual(state.latestTime.get(), { latestSeen: writtenAt });
    assert.match(reports.join('\n'), /latest-time-seen\.json is not valid JSON; it was set aside .*Deadlines are reckoned from no earlier than 2026-07-12T00:00:00\.000Z/);
    const turnedBack = DEADLINE - 5 * DAY;
    const clock = new MonotonicClock(() => turnedBack, 0);
    clock.recall(state.latestTime.get().latestSeen);
    assert.ok(clock.now().getTime() >= DEADLINE, 'the deadline stays passed');
    assert.equal(clock.state().usingLatestSeen, true);
  });

  it('a clock turned back before the folder is read never lowers the latest time remembered; only a time over a year ahead is healed', async () => {
    await folder.writeJson('latest-time-seen.json', { latestSeen: DEADLINE + DAY });
    const state = stateOf();
    const clock = new MonotonicClock(() => DEADLINE - 3 * DAY, 0, (latest) => state.rememberLatestTime(latest));
    clock.now(); // the first snapshot's reading, before the folder is read
    await state.load();
    clock.recall(state.latestTime.get().latestSeen);
    assert.equal(clock.now().getTime(), DEADLINE + DAY);
    await state.flush();
    assert.deepEqual(readFile('latest-time-seen.json'), { latestSeen: DEADLINE + DAY });

    await folder.writeJson('latest-time-seen.json', { latestSeen: DEADLINE + 400 * DAY });
    const glitched = stateOf();
    await glitched.load();
    const healing = new MonotonicClock(() => DEADLINE, glitched.latestTime.get().latestSeen, (latest) => glitched.rememberLatestTime(latest));
    assert.equal(healing.now().getTime(), DEADLINE, 'a time over a year ahead is set aside');
    await glitched.flush();
    assert.deepEqual(readFile('latest-time-seen.json'), { latestSeen: DEADLINE });
  });

  it('a clock file over the size bound is damaged too, and the time it was written stands in', async () => {
    const small = new StateFolder(root, { maxFileBytes: 64 });
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(fileIn('latest-time-seen.json'), JSON.stringify({ latestSeen: DEADLINE, padding: 'x'.repeat(100) }));
    const state = new ProductState(small, editorStorage, (line) => reports.push(line));
    await state.load();
    assert.match(reports.join('\n'), /over the 64-byte limit/);
    assert.ok(state.latestTime.get().latestSeen > 0, 'the time it was written stands in');
  });

  it('changes made before the file was read apply on top of it; the latest time is written at most every few seconds, and all of it on flush', async () => {
    await folder.writeJson('block-record.json', ['a.one']);
    const counted: StateFiles & { writes: number } = {
      writes: 0,
      readJson: (name, parse) => folder.readJson(name, parse),
      modifiedAt: (name) => folder.modifiedAt(name),
      updateJson: (name, parse, change) => {
        counted.writes++;
        return folder.updateJson(name, parse, change);
      },
    };
    const block = new Remembered(counted, editorStorage, BLOCK_RECORD, (line) => reports.push(line));
    const early = block.update((current) => [...current, 'b.two']);
    assert.deepEqual(block.get(), [], 'nothing is known before the file is read');
    await block.load();
    await early;
    assert.deepEqual(block.get(), ['a.one', 'b.two']);
    assert.deepEqual(readFile('block-record.json'), ['a.one', 'b.two']);

    counted.writes = 0;
    const { latestTime: latest } = new ProductState(counted, editorStorage, (line) => reports.push(line));
    await latest.load();
    for (let step = 1; step <= 100; step++) void latest.update(() => ({ latestSeen: DEADLINE + step }));
    await latest.flush();
    assert.equal(counted.writes, 1, 'a burst is one write');
    for (let step = 101; step <= 200; step++) void latest.update(() => ({ latestSeen: DEADLINE + step }));
    assert.equal(counted.writes, 1, 'the next waits');
    await latest.flush();
    assert.equal(counted.writes, 2);
    assert.deepEqual(readFile('latest-time-seen.json'), { latestSeen: DEADLINE + 200 });
  });

  it('keeps the folder bounded: the newest sixteen last good policies', async () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_unused, index) => [`workspace\n/w${index}/.vscode/tool-policy.yaml`, { base64: 'dmVyc2lvbjogMQo=', savedAt: index }]));
    editorStorage.values.set('toolPolicy.lastGoodPolicies', many);
    const state = stateOf();
    await state.load();
    const kept = Object.values(state.lastGoodPolicies.get()).map((entry) => entry.savedAt).sort((a, b) => a - b);
    assert.deepEqual(kept, Array.from({ length: 16 }, (_unused, index) => 24 + index));
    await state.lastGoodPolicies.update((current) => ({ ...current, 'user\n/new.yaml': { base64: 'eA==', savedAt: 99 } }));
    assert.equal(Object.keys(readFile('last-good-policies.json') as object).length, 16, 'merging never grows it past the bound');
  });
});
