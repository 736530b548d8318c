import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionsToBlock } from '../../src/core/enforcement';
import { evaluatePolicy } from '../../src/core/findings';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { formatMessage } from '../../src/core/present/localize';
import { buildPanelModel } from '../../src/core/present/panelModel';
import type { Snapshot } from '../../src/core/snapshot';
import type { PolicyStore } from '../../src/vscode/policyStore';
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
    const broken = await waitFor(() => api.snapshots.current, (s) => s.policy.problems.some((p) => p.file === file), 10_000, 'the fault to be reported');
    assert.equal(titleInForce(broken), 'Rule good', 'the last good policy stays');
    assert.match(managedSource(broken)?.note ?? '', /last good version of this file is in force because the file is broken/);
    assert.match(managedSource(broken)?.note ?? '', shown);
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
    fs.rmSync(file);
    await new Promise((resolve) => setTimeout(resolve, 60));
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

  it('a reload that a newer one overtakes resolves with the newer policy, never the one it replaced', async () => {
    const api = await getApi();
    put(file, policy('first'));
    const overtaken = api.store.load();
    put(file, policy('second'));
    const newest = api.store.load();
    const [a, b] = await Promise.all([overtaken, newest]);
    const title = (effective: typeof a) => effective.rules.find((rule) => rule.id === 'fault-rule')?.title;
    assert.equal(title(b), 'Rule second');
    assert.equal(title(a), 'Rule second', 'the overtaken reload hands back what is now in force');
  });

  it('rewritten 1,000 times in a burst: the final content wins', async () => {
    const api = await getApi();
    for (let i = 0; i < 1000; i++) fs.writeFileSync(file, policy(`burst-${i}`));
    await waitFor(() => titleInForce(api.snapshots.current), (title) => title === 'Rule burst-999', 15_000, 'the last write');
    assert.ok(titles.every((title) => title !== undefined), 'never lifted');
    assert.ok(titles.length < 100, `bursts collapse into a few reloads (${titles.length} publications)`);
  });

  it('broken at start-up: the last good policy kept from the earlier session is in force, and its block holds', async () => {
    const api = await getApi();
    put(file, policy('stored', ['  - id: org-block', '    tool: org-tool', '    enforce: block']));
    await waitFor(() => titleInForce(api.snapshots.current), (title) => title === 'Rule stored', 10_000, 'the block policy');
    fs.writeFileSync(file, 'version: 1\norganization: [broken\n');
    await waitFor(() => api.snapshots.current.policy.problems.length, (n) => n > 0, 10_000, 'the break');
    // A new store on the same extension storage is what the next start of the editor sees.
    // The extension's own class (its bundle finds the policy worker next to it).
    const Store = api.store.constructor as typeof PolicyStore;
    const restarted = new Store({ storage: api.storage, managedPathOverride: file });
    try {
      const loaded = await restarted.load();
      const source = loaded.sources.find((s) => s.layer === 'managed');
      assert.equal(source?.status, 'error');
      assert.equal(source?.lastGoodRestored, true);
      assert.equal(titleInForce({ policy: loaded } as Snapshot), 'Rule stored');
      // With the blocked extension installed, the restored policy still asks to block it.
      const seen = { ...NOTHING_OBSERVED, extensions: [{ id: 'org.not-installed-tool', version: '1.0.0', enabled: false }] };
      const findings = evaluatePolicy(loaded, seen, new Date(), { user: 'me', workspaceFolders: [] });
      assert.deepEqual(extensionsToBlock(findings), ['org.not-installed-tool'], 'the enforcer keeps its block');
      const note = buildPanelModel(loaded, findings, formatMessage).sources.find((s) => s.layer === 'managed')?.note ?? '';
      assert.match(note, /kept from an earlier session, is in force because the file is broken/);
      assert.ok(note.includes(file), 'names the file');
      assert.match(note, /YAML|flow|collection/i, 'names the error');
    } finally {
      restarted.dispose();
      await vscode.workspace.getConfiguration('extensions').update('allowed', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
