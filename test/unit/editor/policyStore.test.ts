import { strict as assert } from 'node:assert';
import type { SliceClock } from '../../../src/vscode/slices';
import * as FakeTimers from '@sinonjs/fake-timers';
import { extensionsToBlock } from '../../../src/core/enforcement';
import { NOTHING_OBSERVED } from '../../../src/core/detect/gatherEvidence';
import { evaluatePolicy } from '../../../src/core/findings';
import type { EffectivePolicy } from '../../../src/core/policy/mergeLayers';
import { LastGoodPolicies, type StoredPolicies } from '../../../src/vscode/lastGoodPolicies';
import { PolicyFileLocator } from '../../../src/vscode/policyFileLocator';
import { PolicyStore } from '../../../src/vscode/policyStore';
import { FakeRemembered, fakeEditor, folder, type FakeEditor } from './fakeEditor';
import { FakeFiles } from './fakeFiles';

const MANAGED = '/etc/tool-policy/policy.yaml';
const USER = '/home/me/policy.yaml';
const WORKSPACE = '/ws/.vscode/tool-policy.yaml';

const policy = (title: string, extra: string[] = []) => [
  'version: 1', 'organization: Store Org', 'timezone: UTC',
  'tools:', '  - id: org-tool', '    name: Org Tool', '    extensions: [org.not-installed-tool]',
  'rules:', '  - id: store-rule', '    tool: [claude-code, org-tool]', `    title: "${title}"`, ...extra, '',
].join('\n');

const titleOf = (effective: EffectivePolicy) => {
  const title = effective.rules.find((rule) => rule.id === 'store-rule')?.title;
  return typeof title === 'string' ? title : undefined;
};

/**
 * Slices under fake timers: the whole merge in one slice (the clock never moves), started in
 * a microtask, which `tickAsync` runs; the host's `setImmediate` it would not wait for.
 */
const WHOLE_IN_A_MICROTASK: SliceClock = { now: () => 0, later: (next) => void queueMicrotask(next) };

function storeFor(editor: FakeEditor, files: FakeFiles, storage = new FakeRemembered<StoredPolicies>({}), env: Record<string, string> = {}) {
  const locator = new PolicyFileLocator(editor, {
    platform: 'linux', env, expandHome: (file) => file.replace(/^~(?=\/|$)/, '/home/me'),
    readFile: files.read, somethingAt: files.somethingAt,
  });
  const store = new PolicyStore(locator, new LastGoodPolicies(storage, files.parse, () => 1_000), files, () => Date.now(), WHOLE_IN_A_MICROTASK);
  const published: EffectivePolicy[] = [];
  store.onDidChange((effective) => published.push(effective));
  return { store, locator, storage, published, dispose: () => { store.dispose(); locator.dispose(); } };
}

describe('the policy store (editor layer, through fakes)', () => {
  let clock: FakeTimers.Clock;
  let editor: FakeEditor;
  let files: FakeFiles;
  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    editor = fakeEditor();
    files = new FakeFiles();
  });
  afterEach(() => clock.uninstall());

  it('reads every source, merges them by layer and announces the effective policy', async () => {
    editor.configuration.set('toolPolicy.policyFile', USER);
    files.files.set(USER, policy('user rule'));
    const { store, published, dispose } = storeFor(editor, files);
    try {
      const loaded = await store.load();
      assert.equal(titleOf(loaded), 'user rule');
      assert.deepEqual(loaded.sources.map((s) => [s.layer, s.path, s.status]), [['managed', MANAGED, 'missing'], ['user', USER, 'ok']]);
      assert.equal(published.at(-1), loaded);
      assert.equal(store.policy, loaded);
    } finally {
      dispose();
    }
  });

  it('a file with errors keeps its last good policy in force and reports the problems', async () => {
    files.files.set(MANAGED, policy('good'));
    const { store, dispose } = storeFor(editor, files);
    try {
      assert.equal(titleOf(await store.load()), 'good');
      files.files.set(MANAGED, 'version: 1\norganization: [broken\n');
      const broken = await store.load();
      assert.equal(titleOf(broken), 'good', 'the last good policy stays');
      assert.equal(broken.sources[0]?.status, 'error');
      assert.ok(broken.problems.length > 0 && broken.problems.every((p) => p.file === MANAGED));
      files.files.set(MANAGED, { unreadable: 'is not a regular file' });
      const unreadable = await store.load();
      assert.equal(titleOf(unreadable), 'good');
      assert.equal(unreadable.problems[0]?.message, 'is not a regular file');
    } finally {
      dispose();
    }
  });

  it('the last good policy is kept across restarts: broken at start-up, the one from the earlier session is in force and its block holds', async () => {
    const storage = new FakeRemembered<StoredPolicies>({});
    files.files.set(MANAGED, policy('stored', ['  - id: org-block', '    tool: org-tool', '    enforce: block']));
    const first = storeFor(editor, files, storage);
    try {
      assert.equal(titleOf(await first.store.load()), 'stored');
    } finally {
      first.dispose();
    }
    files.files.set(MANAGED, 'version: 1\norganization: [broken\n');
    const restarted = storeFor(editor, files, storage);
    try {
      const loaded = await restarted.store.load();
      const source = loaded.sources.find((s) => s.layer === 'managed');
      assert.equal(source?.status, 'error');
      assert.equal(source?.lastGoodRestored, true);
      assert.equal(titleOf(loaded), 'stored');
      const seen = { ...NOTHING_OBSERVED, extensions: [{ id: 'org.not-installed-tool', version: '1.0.0', enabled: false }] };
      const findings = evaluatePolicy(loaded, seen, new Date(), { user: 'me', workspaceFolders: [] });
      assert.deepEqual(extensionsToBlock(findings), ['org.not-installed-tool'], 'the enforcer keeps its block');
      // A second broken read in the same session still says the policy came from the earlier one.
      assert.equal((await restarted.store.load()).sources[0]?.lastGoodRestored, true);
    } finally {
      restarted.dispose();
    }
  });

  it('a file that vanishes keeps its rules until a second look confirms the deletion; then its stored copy is dropped', async () => {
    const storage = new FakeRemembered<StoredPolicies>({});
    files.files.set(MANAGED, policy('good'));
    const { store, published, dispose } = storeFor(editor, files, storage);
    try {
      await store.load();
      assert.ok(JSON.stringify(storage.value).includes('managed'));
      files.files.delete(MANAGED); // no file event: only the store's own second look reads again
      const first = await store.load();
      assert.equal(titleOf(first), 'good', 'a delete that may be half of a rewrite lifts nothing');
      const before = published.length;
      await clock.tickAsync(500);
      assert.equal(published.length, before + 1, 'the second look ran by itself');
      assert.equal(titleOf(store.policy), undefined, 'the deletion took effect');
      assert.equal(store.policy.sources[0]?.status, 'missing');
      assert.deepEqual(storage.value, {}, 'the stored copy is dropped');
    } finally {
      dispose();
    }
  });

  it('deleted and written again at once never lifts the rule', async () => {
    files.files.set(MANAGED, policy('good'));
    const { store, published, dispose } = storeFor(editor, files);
    try {
      await store.load();
      files.remove(MANAGED);
      await clock.tickAsync(60);
      files.write(MANAGED, policy('rewritten'));
      await clock.tickAsync(1000);
      assert.equal(titleOf(store.policy), 'rewritten');
      assert.ok(published.every((effective) => titleOf(effective) !== undefined), 'never lifted');
    } finally {
      dispose();
    }
  });

  it('a load that a newer one supersedes resolves with the newer one\'s result, and parses nothing of its own', async () => {
    files.files.set(MANAGED, policy('first'));
    const { store, published, dispose } = storeFor(editor, files);
    try {
      const overtaken = store.load();
      files.files.set(MANAGED, policy('second'));
      const newest = store.load();
      const [a, b] = await Promise.all([overtaken, newest]);
      assert.equal(titleOf(b), 'second');
      assert.equal(titleOf(a), 'second', 'the overtaken load hands back what is now in force');
      assert.equal(files.parses, 1, 'the overtaken load queued no parse');
      assert.deepEqual(published.map(titleOf), ['second'], 'only the newest result is published');
    } finally {
      dispose();
    }
  });

  it('watches each source: a burst of file events is one reload, and a moved source is watched instead', async () => {
    files.files.set(MANAGED, policy('one'));
    const { store, published, dispose } = storeFor(editor, files);
    try {
      await store.load();
      assert.deepEqual([...files.watched.keys()], [MANAGED]);
      const reads = files.reads;
      for (let i = 0; i < 20; i++) files.write(MANAGED, policy(`burst ${i}`));
      await clock.tickAsync(100);
      assert.equal(files.reads - reads, 1, 'one reload for the burst');
      assert.equal(titleOf(published.at(-1) as EffectivePolicy), 'burst 19');
      editor.configuration.set('toolPolicy.policyFile', USER);
      await clock.tickAsync(100);
      assert.deepEqual([...files.watched.keys()].filter((file) => (files.watched.get(file)?.size ?? 0) > 0), [MANAGED, USER]);
    } finally {
      dispose();
    }
    assert.deepEqual([...files.watched.values()].map((listeners) => listeners.size), [0, 0], 'dispose stops every watch');
  });

  it('reloads when the workspace folders change or the workspace is trusted; only a trusted workspace adds its policy', async () => {
    editor.workspace.workspaceFolders = [folder('/ws'), folder('/remote', 'vscode-remote')];
    editor.workspace.isTrusted = false;
    files.files.set(WORKSPACE, policy('workspace'));
    const { store, published, dispose } = storeFor(editor, files);
    try {
      const untrusted = await store.load();
      assert.equal(titleOf(untrusted), undefined);
      assert.deepEqual(untrusted.ignored, [{ layer: 'workspace', path: WORKSPACE, message: 'not read: this workspace is not trusted, and only a trusted workspace may add rules' }]);
      editor.workspace.isTrusted = true;
      editor.emit.trustGranted.fire();
      await clock.tickAsync(100);
      assert.equal(titleOf(store.policy), 'workspace');
      const count = published.length;
      editor.emit.foldersChanged.fire({ added: [], removed: [] });
      await clock.tickAsync(100);
      assert.equal(published.length, count + 1);
      editor.configuration.set('toolPolicy.statusBar.showWhenCompliant', true);
      await clock.tickAsync(100);
      assert.equal(published.length, count + 1, 'other settings do not reload the policy');
    } finally {
      dispose();
    }
  });

  it('a workspace policy that links outside its workspace is refused, and so is a workspace setting naming the policy file', async () => {
    editor.workspace.workspaceFolders = [folder('/ws')];
    files.files.set(WORKSPACE, policy('linked'));
    files.linksOut.set(WORKSPACE, '/etc/elsewhere.yaml');
    files.files.set('/ws/.vscode/settings.json', '{ "toolPolicy.policyFile": "/tmp/mine.yaml" }');
    const { store, dispose } = storeFor(editor, files);
    try {
      const loaded = await store.load();
      assert.equal(titleOf(loaded), undefined);
      assert.match(loaded.problems[0]?.message ?? '', /is a link to \/etc\/elsewhere\.yaml, outside the workspace/);
      assert.deepEqual(loaded.ignored.map((change) => change.path), ['/ws/.vscode/settings.json']);
    } finally {
      dispose();
    }
  });
});

describe('where the policy files are', () => {
  it('only the user settings name the policy file, ~ is the home folder, and TOOL_POLICY_FILE is the fallback', () => {
    const editor = fakeEditor();
    const files = new FakeFiles();
    const { locator, dispose } = storeFor(editor, files, new FakeRemembered<StoredPolicies>({}), { TOOL_POLICY_FILE: '/env/policy.yaml' });
    try {
      assert.deepEqual(locator.locations().map((l) => l.path), [MANAGED, '/env/policy.yaml']);
      editor.configuration.set('toolPolicy.policyFile', '~/mine.yaml');
      assert.deepEqual(locator.locations().map((l) => l.path), [MANAGED, '/home/me/mine.yaml']);
    } finally {
      dispose();
    }
  });

  it('a test run may move the managed file, and nothing else can', () => {
    const editor = fakeEditor();
    const files = new FakeFiles();
    const locator = new PolicyFileLocator(editor, {
      platform: 'linux', env: {}, expandHome: (file) => file, readFile: files.read, somethingAt: files.somethingAt, managedPathOverride: '/tmp/managed.yaml',
    });
    assert.deepEqual(locator.locations(), [{ layer: 'managed', path: '/tmp/managed.yaml' }]);
    locator.dispose();
  });
});
