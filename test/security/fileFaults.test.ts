import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Snapshot } from '../../src/core/snapshot';
import { getApi, managedFile, put, rescanUntil, waitFor } from './support';

/** A valid managed policy whose title carries `version`, so the test can tell which one is in force. */
const policy = (version: string, extra: string[] = []) => [
  'version: 1', 'organization: Fault Org', 'timezone: UTC',
  'tools:', '  - id: org-tool', '    name: Org Tool', '    extensions: [org.not-installed-tool]',
  'rules:', '  - id: fault-rule', '    tool: [claude-code, org-tool]', `    title: "Rule ${version}"`, ...extra, '',
].join('\n');

const titleInForce = (snapshot: Snapshot) => {
  const title = snapshot.policy.rules.find((rule) => rule.id === 'fault-rule')?.title;
  return typeof title === 'string' ? title : undefined;
};
const managedSource = (snapshot: Snapshot) => snapshot.panel.sources.find((source) => source.layer === 'managed');

describe('file faults on the managed policy: the last good policy stays, the panel says what happened, the final content wins', function () {
  this.timeout(60_000);
  let file: string;
  /** Every title published while a fault is in place: the rule must never vanish. */
  let titles: Array<string | undefined>;
  let listener: vscode.Disposable | undefined;

  beforeEach(async () => {
    const api = await getApi();
    file = managedFile();
    put(file, policy('good'));
    await rescanUntil(api, (s) => titleInForce(s) === 'Rule good' && s.policy.problems.length === 0, 'the good policy');
    titles = [];
    listener = api.snapshots.onDidPublish((snapshot) => titles.push(titleInForce(snapshot)));
  });

  afterEach(() => {
    listener?.dispose();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  after(async () => {
    const api = await getApi();
    await rescanUntil(api, (s) => !s.policy.rules.some((rule) => rule.id === 'fault-rule'), 'the managed policy to go');
  });

  const brokenThenFixed = async (fault: () => void, shown: RegExp) => {
    const api = await getApi();
    fault();
    // A large write can be seen half done first ("still being written"): the fault is
    // reported once the note names it; the rule stays in force all along (titles below).
    const broken = await waitFor(() => api.snapshots.current, (s) => s.policy.problems.some((p) => p.file === file) && shown.test(managedSource(s)?.note ?? ''), 10_000,
      () => `the fault to be reported as ${String(shown)} (note: ${JSON.stringify(managedSource(api.snapshots.current)?.note)})`);
    assert.equal(titleInForce(broken), 'Rule good', 'the last good policy stays');
    assert.match(managedSource(broken)?.note ?? '', /last good version of this file is in force because the file is broken/);
    assert.match(api.statusBarItem.text, /policy error/);
    put(file, policy('final'));
    await waitFor(() => titleInForce(api.snapshots.current), (title) => title === 'Rule final', 10_000,
      () => `the final content (file holds: ${JSON.stringify(fs.readFileSync(file, 'utf8').slice(-40))}; sources: ${JSON.stringify(api.snapshots.current.panel.sources)})`);
    assert.ok(titles.every((title) => title !== undefined), `the rule was never lifted: ${JSON.stringify(titles)}`);
  };

  it('truncated mid-write', () => brokenThenFixed(() => fs.writeFileSync(file, policy('half').slice(0, 95)), /:\d+:\d+:/));

  it('a folder in its place', () => brokenThenFixed(() => {
    fs.rmSync(file);
    fs.mkdirSync(file);
  }, /is a folder, not a policy file/));

  it('a FIFO in its place (never read, never hangs)', () => brokenThenFixed(() => {
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
  }, /is not a regular file/));

  it('made unreadable', () => brokenThenFixed(() => {
    fs.rmSync(file);
    if (process.getuid?.() === 0) {
      // Permission bits do not stop root: a link to itself cannot be opened by anyone.
      fs.symlinkSync(path.basename(file), file);
    } else {
      fs.writeFileSync(file, policy('hidden'));
      fs.chmodSync(file, 0o000);
    }
  }, /cannot be read: E(LOOP|ACCES)/));

  it('grown past the size limit', () => brokenThenFixed(() => fs.writeFileSync(file, `${policy('big')}#${'x'.repeat(1024 * 1024)}\n`), /limited to 1 MiB/));

  it('replaced atomically', async () => {
    const api = await getApi();
    const temporary = `${file}.tmp`;
    fs.writeFileSync(temporary, policy('replaced'));
    fs.renameSync(temporary, file);
    await waitFor(() => titleInForce(api.snapshots.current), (title) => title === 'Rule replaced', 10_000, 'the replacement');
    assert.ok(titles.every((title) => title !== undefined), JSON.stringify(titles));
  });

  it('deleted and written again at once (a rewrite that deletes first) never lifts the rule', async () => {
    const api = await getApi();
    // The rewrite comes only once the deletion has reached this editor's file watching: a
    // watch of the same folder in this process is told in the same turn as the extension's.
    let deletionSeen = false;
    const seeing = fs.watch(path.dirname(file), { persistent: false }, (_event, name) => { if (String(name) === path.basename(file) && !fs.existsSync(file)) deletionSeen = true; });
    try {
      fs.rmSync(file);
      await waitFor(() => deletionSeen, Boolean, 10_000, 'the deletion to be reported');
    } finally {
      seeing.close();
    }
    fs.writeFileSync(file, policy('rewritten'));
    await waitFor(() => titleInForce(api.snapshots.current), (title) => title === 'Rule rewritten', 10_000, 'the rewrite');
    assert.ok(titles.every((title) => title !== undefined), JSON.stringify(titles));
  });

  it('deleted for good: the deletion takes effect after a second look, and the panel lists the file as missing', async () => {
    const api = await getApi();
    fs.rmSync(file);
    const gone = await waitFor(() => api.snapshots.current, (s) => titleInForce(s) === undefined, 10_000, 'the deletion to take effect');
    assert.equal(managedSource(gone)?.status, 'missing');
  });

  it('rewritten 1,000 times in a burst: the final content wins', async () => {
    const api = await getApi();
    for (let i = 0; i < 1000; i++) fs.writeFileSync(file, policy(`burst-${i}`));
    await waitFor(() => titleInForce(api.snapshots.current), (title) => title === 'Rule burst-999', 15_000, 'the last write');
    assert.ok(titles.every((title) => title !== undefined), 'never lifted');
    assert.ok(titles.length < 100, `bursts collapse into a few reloads (${titles.length} publications)`);
  });
});
