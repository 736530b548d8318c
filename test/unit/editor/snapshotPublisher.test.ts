import { strict as assert } from 'node:assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import { NOTHING_OBSERVED } from '../../../src/core/detect/gatherEvidence';
import { MonotonicClock } from '../../../src/core/phase';
import { mergeLayers, type EffectivePolicy } from '../../../src/core/policy/mergeLayers';
import { escapeMarkdown } from '../../../src/core/present/escape';
import { formatMessage } from '../../../src/core/present/localize';
import { buildSnapshot, type Snapshot } from '../../../src/core/snapshot';
import { SnapshotPublisher } from '../../../src/vscode/snapshotPublisher';
import { loadOk } from '../helpers';
import { fakeEditor, FakeTerminal, folder, type FakeEditor } from './fakeEditor';
import { fakeSources } from './fakeSources';
import { SLICE_MS } from '../../../src/vscode/slices';
import { manualSliceClock } from './manualSliceClock';
import { CLAUDE_RUNNING, claudePolicy, rulesOnClaude } from './snapshots';

const effective = (text: string): EffectivePolicy =>
  mergeLayers([{ layer: 'user', path: '/p.yaml', status: 'ok', policy: loadOk(text, 'user', '/p.yaml'), problems: [] }]);

describe('the snapshot publisher (editor layer, through fakes)', () => {
  let clock: FakeTimers.Clock;
  let editor: FakeEditor;
  let fake: ReturnType<typeof fakeSources>;
  let publisher: SnapshotPublisher;
  let published: Snapshot[];

  beforeEach(() => {
    clock = FakeTimers.install({ now: new Date('2026-06-01T12:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    editor = fakeEditor();
    fake = fakeSources();
    publisher = new SnapshotPublisher(fake.sources, editor);
    published = [];
    publisher.onDidPublish((snapshot) => published.push(snapshot));
  });
  afterEach(() => {
    publisher.dispose();
    clock.uninstall();
  });

  it('builds nothing until asked, and then from what every source holds and the editor shows', () => {
    assert.equal(published.length, 0);
    editor.workspace.workspaceFolders = [folder('/ws')];
    editor.terminals.push(new FakeTerminal('Claude Code'));
    fake.held.policy = effective(claudePolicy());
    const snapshot = publisher.current;
    assert.equal(publisher.current, snapshot, 'built once');
    assert.equal(snapshot.loaded, false, 'the policy has not been announced yet');
    assert.deepEqual(snapshot.subject, { user: 'me', groups: [], windowsNames: false, workspaceFolders: ['/ws'], caseInsensitivePaths: false });
    assert.deepEqual(snapshot.findings.map((f) => f.evidence.map((e) => e.kind)), [['extension', 'terminal']]);
  });

  it('publishes on every change of a source, and once the policy is announced the snapshot is loaded', () => {
    fake.changed.inventory.fire();
    fake.changed.terminals.fire();
    fake.changed.mcp.fire();
    fake.changed.commands.fire();
    fake.changed.enforcer.fire();
    assert.equal(published.length, 5);
    assert.ok(published.every((s) => !s.loaded));
    fake.changed.store.fire(fake.held.policy);
    assert.equal(published.at(-1)?.loaded, true);
    assert.deepEqual(published.map((s) => s.generation), [...published.map((_s, i) => (published[0]?.generation ?? 0) + i)], 'generations count up');
  });

  it('never says compliant while a source could not read something: the items are in the snapshot, the tooltip and the report', () => {
    // A policy nothing breaks: compliant, until a source reports what it could not read.
    fake.held.extensions = [];
    fake.held.policy = effective(claudePolicy());
    fake.changed.store.fire(fake.held.policy);
    assert.equal(published.at(-1)?.status.state, 'compliant');
    for (const [source, item] of [['inventory', { where: '/home/me/.vscode/extensions', message: 'cc/package.json: cannot be read: EMFILE' }], ['commands', { where: '/home/me/.local/bin', message: 'cannot be listed: EACCES' }], ['mcp', { where: '/home/me/.config/Code/User/mcp.json', message: '3:14: servers.x: expected an object' }]] as const) {
      fake.held.unread = { inventory: [], commands: [], mcp: [] };
      fake.held.unread[source].push(item);
      fake.changed.inventory.fire();
      const snapshot = published.at(-1) as Snapshot;
      assert.equal(snapshot.status.state, 'incomplete', source);
      assert.equal(snapshot.status.visible, true, 'shown even when compliant is not');
      assert.ok(snapshot.status.tooltip.includes(escapeMarkdown(`${item.where}: ${item.message}`)), snapshot.status.tooltip);
      assert.deepEqual(snapshot.seen.unread, [item]);
    }
    // A violation still leads: it is the stronger news, as in `tool-policy scan`.
    fake.held.extensions = [...CLAUDE_RUNNING];
    fake.changed.inventory.fire();
    assert.equal(published.at(-1)?.status.state, 'violation');
  });

  it('shows the status bar setting at once, and ignores other settings', () => {
    editor.configuration.set('toolPolicy.statusBar.showWhenCompliant', true);
    assert.equal(published.length, 1);
    assert.equal(published[0]?.status.visible, true);
    editor.configuration.set('toolPolicy.notifications', 'off');
    assert.equal(published.length, 1);
  });

  it('the phase timer: one timer to the next boundary, which publishes the new phase with no other event', async () => {
    fake.held.policy = effective(claudePolicy({ deadline: '"2026-06-01T13:00:00Z"' }));
    fake.changed.store.fire(fake.held.policy);
    assert.equal(published.at(-1)?.findings[0]?.phase.phase, 'warning');
    assert.equal(clock.countTimers(), 1);
    await clock.tickAsync(60 * 60_000 - 1);
    assert.equal(published.length, 1, 'nothing before the deadline');
    await clock.tickAsync(60);
    assert.equal(published.length, 2);
    assert.equal(published.at(-1)?.findings[0]?.phase.phase, 'violation');
    assert.equal(clock.countTimers(), 0, 'no timer when no phase will change');
  });

  it('a boundary further than a timer can wait is waited for in steps; a refresh replaces the timer, and dispose clears it', () => {
    fake.held.policy = effective(claudePolicy({ deadline: '2027-12-01' }));
    fake.changed.store.fire(fake.held.policy);
    fake.changed.inventory.fire();
    assert.equal(clock.countTimers(), 1, 'one timer, however often it refreshes');
    const count = published.length;
    clock.tick(2 ** 31 - 2);
    assert.equal(published.length, count);
    clock.tick(1);
    assert.equal(published.length, count + 1, 'woken after the longest wait a timer allows, to wait again');
    assert.equal(clock.countTimers(), 1);
    publisher.dispose();
    assert.equal(clock.countTimers(), 0);
  });

  it('rescan reads the policy, then the terminals, PATH and the installed extensions, and publishes once', async () => {
    fake.held.policy = effective(claudePolicy());
    await publisher.rescan();
    assert.deepEqual(fake.calls.sort(), ['load', 'readInstalled', 'scanCommands:catalog', 'scanTerminals']);
    assert.equal(published.length, 1);
  });

  it('PATH is scanned again when a reloaded policy names other commands, not on every reload', async () => {
    await publisher.rescan();
    fake.calls.length = 0;
    fake.changed.store.fire(fake.held.policy);
    assert.deepEqual(fake.calls, []);
    fake.held.policy = effective(claudePolicy());
    fake.changed.store.fire(fake.held.policy);
    assert.deepEqual(fake.calls, [], 'the same commands');
    fake.held.policy = effective('version: 1\norganization: A\ntools:\n  - id: acme\n    commands: [acme]\nrules:\n  - id: r\n    tool: acme\n');
    fake.changed.store.fire(fake.held.policy);
    assert.deepEqual(fake.calls, ['scanCommands:with acme']);
  });

  it('the snapshot says who disabled an extension: the extensions.allowed values the editor reports', () => {
    editor.configuration.user.set('extensions.allowed', { 'anthropic.claude-code': false });
    editor.configuration.policy.set('extensions.allowed', { '*': true });
    fake.held.policy = effective(claudePolicy());
    fake.held.extensions = [{ ...CLAUDE_RUNNING[0] as (typeof CLAUDE_RUNNING)[number], enabled: false }];
    fake.changed.store.fire(fake.held.policy);
    const blocks = published.at(-1)?.panel.cards[0]?.blocks ?? [];
    assert.deepEqual(blocks.map((b) => b.cause), ['user-setting']);
    assert.equal(NOTHING_OBSERVED.extensions.length, 0);
  });
});

describe('buildSnapshot: one state of the whole flow', () => {
  it('computes findings and the status at once, the panel model on first read and only once', () => {
    const inputs = {
      generation: 7, loaded: true, policy: effective(claudePolicy()), seen: { ...NOTHING_OBSERVED, extensions: CLAUDE_RUNNING },
      now: new Date('2026-06-01T12:00:00Z'), subject: { user: 'me', workspaceFolders: [] }, t: formatMessage, showWhenCompliant: false, locale: 'en',
      enforced: [], allowed: { effective: { 'anthropic.claude-code': false }, user: { 'anthropic.claude-code': false } },
      clock: { reading: new Date('2025-01-01T00:00:00Z'), latestSeen: new Date('2026-06-01T12:00:00Z'), usingLatestSeen: true },
    };
    let reads = 0;
    const t = (message: string, ...args: unknown[]) => { if (message === 'AI-tool policy') reads++; return formatMessage(message, ...args as string[]); };
    const snapshot = buildSnapshot({ ...inputs, t });
    assert.deepEqual([snapshot.generation, snapshot.loaded, snapshot.now, snapshot.subject], [7, true, inputs.now, inputs.subject]);
    assert.equal(snapshot.findings.length, 1);
    assert.match(snapshot.status.text, /Claude Code not permitted/);
    assert.equal(reads, 0, 'no panel model yet');
    const panel = snapshot.panel;
    assert.equal(snapshot.panel, panel);
    assert.equal(reads, 1, 'built once');
    assert.equal(panel.cards[0]?.ruleId, 'claude-ban');
    assert.ok(panel.clock, 'the panel says deadlines run from the latest time seen');
    assert.deepEqual(panel.cards[0]?.blocks.map((b) => b.cause), [], 'the extension still runs: nothing disabled it');
  });
});

describe('the snapshot publisher and the person', () => {
  it('publishes again once the person has been read, with their uid and groups', async () => {
    const editor = fakeEditor();
    const fake = fakeSources();
    let answer: (reading: unknown) => void = () => undefined;
    const person = new Promise<never>((resolve) => { answer = resolve as unknown as typeof answer; });
    const publisher = new SnapshotPublisher({ ...fake.sources, person, windows: true }, editor);
    const published: Snapshot[] = [];
    publisher.onDidPublish((snapshot) => published.push(snapshot));
    try {
      assert.deepEqual(publisher.current.subject, { user: 'me', groups: [], windowsNames: true, workspaceFolders: [], caseInsensitivePaths: true });
      answer({ person: { user: 'ME', uid: 1000, groups: ['ai-pilot'] } });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(published.length, 1);
      assert.deepEqual(published[0]?.subject, { user: 'ME', uid: 1000, groups: ['ai-pilot'], windowsNames: true, workspaceFolders: [], caseInsensitivePaths: true });
    } finally {
      publisher.dispose();
    }
  });
  it('decides no phase before what the product remembers has been read: the policy read first waits for it', async () => {
    const editor = fakeEditor();
    const fake = fakeSources();
    let read: () => void = () => undefined;
    const remembered = new Promise<void>((resolve) => { read = resolve; });
    // The latest time seen, known only once read: the deadline has passed by then.
    const clock = new MonotonicClock(() => Date.parse('2026-06-01T12:00:00Z'));
    const publisher = new SnapshotPublisher({ ...fake.sources, clock, remembered }, editor);
    const published: Snapshot[] = [];
    publisher.onDidPublish((snapshot) => published.push(snapshot));
    try {
      fake.held.policy = effective(claudePolicy({ deadline: '2026-07-10' }));
      fake.changed.store.fire(fake.held.policy);
      fake.changed.inventory.fire();
      assert.ok(published.every((snapshot) => !snapshot.loaded && snapshot.findings.length === 0), 'no finding, so no phase, before');
      clock.recall(Date.parse('2026-07-11T00:00:00Z'));
      read();
      await new Promise((resolve) => setImmediate(resolve));
      const last = published.at(-1);
      assert.equal(last?.loaded, true, 'the policy read earlier counts once it is known');
      assert.deepEqual(last?.findings.map((finding) => finding.phase.phase), ['violation']);
    } finally {
      publisher.dispose();
    }
  });
});

describe('the snapshot publisher on a policy of thousands of rules', () => {
  // Every reading a slice later than the last: each slice is one piece of the work.
  let slices: ReturnType<typeof manualSliceClock>;
  let fake: ReturnType<typeof fakeSources>;
  let publisher: SnapshotPublisher;
  let published: Snapshot[];

  beforeEach(() => {
    slices = manualSliceClock(SLICE_MS);
    fake = fakeSources();
    publisher = new SnapshotPublisher(fake.sources, fakeEditor(), slices);
    published = [];
    publisher.onDidPublish((snapshot) => published.push(snapshot));
  });
  afterEach(() => publisher.dispose());

  it('builds the snapshot in slices; views keep the last one meanwhile; refreshes asked meanwhile make one more, from the sources as they are then', async () => {
    const before = publisher.current;
    fake.held.policy = effective(rulesOnClaude(3000));
    fake.changed.store.fire(fake.held.policy);
    assert.equal(published.length, 0, 'not published in the first slice');
    assert.equal(publisher.current, before, 'the views keep the snapshot they have');
    let waited = false;
    const refreshed = publisher.refresh().then(() => { waited = true; });
    fake.changed.inventory.fire();
    fake.held.extensions = [];
    const slicesRun = slices.runQueued();
    assert.ok(slicesRun > 10, `${slicesRun} slices`);
    assert.deepEqual(published.map((snapshot) => [snapshot.loaded, snapshot.findings.length]), [[true, 3000], [true, 0]],
      'the first from the sources as they were when it started, then one for every refresh asked during it');
    assert.equal(published[1]?.generation, (published[0]?.generation ?? 0) + 1);
    assert.equal(publisher.current, published[1]);
    await refreshed;
    assert.ok(waited, 'a refresh resolves once what it asked for is published');
  });

  it('a source that throws while it is read is logged, and the next refresh publishes as usual', async () => {
    const errors: unknown[] = [];
    const logged = console.error;
    console.error = (...args: unknown[]) => { errors.push(args); };
    const list = fake.sources.inventory.list;
    try {
      fake.sources.inventory.list = () => { throw new Error('the editor went away'); };
      await publisher.refresh();
      assert.equal(published.length, 0);
      assert.equal(errors.length, 1);
      fake.sources.inventory.list = list;
      await publisher.refresh();
      assert.equal(published.length, 1, 'not stuck behind the failed build');
    } finally {
      console.error = logged;
      fake.sources.inventory.list = list;
    }
  });

  it('what `current` built before the first publication is never followed by an older one', () => {
    fake.held.policy = effective(rulesOnClaude(3000));
    void publisher.refresh();
    // Asked before anything is published, while the first build runs in slices.
    const early = publisher.current;
    slices.runQueued();
    assert.ok(published.length >= 1);
    assert.ok(published.every((snapshot) => snapshot.generation >= early.generation), `published ${published.map((s) => s.generation).join(', ')} after ${early.generation}`);
    assert.equal(publisher.current, published.at(-1));
  });

  it('a listener that refreshes while a snapshot is announced: every listener has it first, then the new one is built', () => {
    const seenByLast: number[] = [];
    let refreshed = false;
    const first = publisher.onDidPublish(() => { if (!refreshed) { refreshed = true; void publisher.refresh(); } });
    const last = publisher.onDidPublish((snapshot) => seenByLast.push(snapshot.generation));
    try {
      void publisher.refresh();
      slices.runQueued();
      assert.equal(seenByLast.length, 2);
      assert.ok((seenByLast[0] as number) < (seenByLast[1] as number), `in order: ${seenByLast.join(', ')}`);
      assert.equal(publisher.current.generation, seenByLast[1]);
    } finally {
      first.dispose();
      last.dispose();
    }
  });

  it('disposed while building: nothing is published, nothing goes on, and a waiting refresh still resolves', async () => {
    fake.held.policy = effective(rulesOnClaude(3000));
    const refreshed = publisher.refresh();
    publisher.dispose();
    assert.equal(slices.runQueued(), 1, 'the slice already queued runs no piece and queues no other');
    assert.equal(published.length, 0);
    await refreshed;
  });
});
