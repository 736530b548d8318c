/**
 * The injection table in Node: every payload in every untrusted field at once, through the
 * same path as in the editor: the snapshot the publisher builds, the panel's HTML and model
 * as PolicyPanel hands them to the webview, media/panel.js rendering them in jsdom, and the
 * status-bar text, tooltip and notification text built from the same findings. Each round
 * checks that the payload shows as text, that no element or attribute came from it, that
 * no script ran, and that the only clickable links are https: ones. The e2e layer keeps a
 * few rounds in the real editor, for the real DOM, hover and notification renderers.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { JSDOM } from 'jsdom';
import type { CommandLineReader } from '../../src/core/detect/commandLine';
import type { TypedCommandLine } from '../../src/core/detect/gatherEvidence';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import { formatMessage } from '../../src/core/present/localize';
import { notificationMessage } from '../../src/core/present/notificationText';
import { buildSnapshot, type Snapshot } from '../../src/core/snapshot';
import { Emitter } from '../../src/vscode/emitter';
import { PolicyPanel } from '../../src/vscode/policyPanel';
import { ATTRIBUTES, BAD_URLS, FIELDS, FIXTURE_DISPLAY_NAME, FIXTURE_ID, PAYLOADS, policyFor, policyWithLink, TAGS, terminalName, TYPED_LINES } from '../shared/injectionPolicy';
import { as, fakeEditor, fileUri } from './editor/fakeEditor';
import { REPO_ROOT } from './helpers';
import { testReader } from './shellReader';

const PANEL_JS = fs.readFileSync(path.join(REPO_ROOT, 'media', 'panel.js'), 'utf8');
/** The terminal watcher keeps the last 20 relevant lines of each terminal. */
const KEPT_LINES = TYPED_LINES.slice(-20);
const SHELL_TERMINAL = 'injection-shell';

/** What the editor would have seen with the fixture installed and its terminals open. */
async function typedCommands(reader: CommandLineReader): Promise<TypedCommandLine[]> {
  return Promise.all(KEPT_LINES.map(async (commandLine) => ({
    terminalName: SHELL_TERMINAL, commandLine, at: '2026-06-01T11:00:00.000Z',
    invocations: await reader.readCommandLine(commandLine, 'posix', async () => undefined),
  })));
}

function snapshotFor(policyText: string, typed: readonly TypedCommandLine[]): Snapshot {
  const file = '/home/me/policy.yaml';
  const parsed = parsePolicy(policyText, { layer: 'user', path: file });
  const policy = mergeLayers([parsed.ok
    ? { layer: 'user', path: file, status: 'ok', policy: parsed.policy, problems: [] }
    : { layer: 'user', path: file, status: 'error', problems: parsed.problems }]);
  return buildSnapshot({
    generation: 1, loaded: true, policy, now: new Date('2026-06-01T12:00:00Z'), subject: { user: 'me', workspaceFolders: [] },
    t: formatMessage, showWhenCompliant: false, locale: 'en', enforced: [],
    seen: {
      extensions: [
        { id: 'anthropic.claude-code', version: '2.0.0', displayName: 'Claude Code', enabled: true },
        { id: FIXTURE_ID, version: '0.0.1', displayName: FIXTURE_DISPLAY_NAME, enabled: true },
      ],
      installedCommands: [], terminalProcesses: [], mcpServers: [], typedCommands: typed,
      terminalNames: [...PAYLOADS.map((payload, index) => terminalName(index, payload)), SHELL_TERMINAL],
    },
  });
}

/**
 * The panel as the webview shows it: the HTML PolicyPanel builds, loaded in jsdom, with
 * media/panel.js run in it and every message PolicyPanel posts delivered to the page
 * (serialised, as webview messages are).
 */
function openPanel(snapshot: Snapshot) {
  // The page exists only once PolicyPanel has built its HTML; messages before it wait.
  const loaded: { page?: JSDOM } = {};
  const pending: unknown[] = [];
  const deliver = (message: unknown) => {
    const data = JSON.parse(JSON.stringify(message)) as unknown;
    if (loaded.page) loaded.page.window.dispatchEvent(new loaded.page.window.MessageEvent('message', { data }));
    else pending.push(data);
  };
  let html = '';
  const editor = fakeEditor();
  const webviewPanel = {
    webview: {
      set html(value: string) { html = value; },
      get html() { return html; },
      options: {},
      cspSource: 'vscode-webview://csp',
      asWebviewUri: (uri: vscode.Uri) => ({ toString: () => `webview:${uri.fsPath}` }),
      onDidReceiveMessage: new Emitter<unknown>().event,
      postMessage: async (message: unknown) => { deliver(message); return true; },
    },
    visible: true,
    onDidChangeViewState: new Emitter<void>().event,
    onDidDispose: new Emitter<void>().event,
    reveal: () => undefined,
    dispose: () => undefined,
  };
  const panel = new PolicyPanel(fileUri('/ext'), { uninstall: async () => undefined, focusTerminal: () => undefined },
    { current: snapshot, onDidPublish: new Emitter<Snapshot>().event },
    as<ConstructorParameters<typeof PolicyPanel>[3]>({ ...editor, window: { ...editor.window, createWebviewPanel: () => webviewPanel } }));
  panel.show();
  const page = new JSDOM(html, { runScripts: 'outside-only' });
  const window = page.window as unknown as Window & { acquireVsCodeApi: () => unknown; eval: (code: string) => unknown; __pwned?: unknown };
  const posted: unknown[] = [];
  window.acquireVsCodeApi = () => ({ postMessage: (message: unknown) => { const copy = JSON.parse(JSON.stringify(message)) as unknown; posted.push(copy); panel.receive(copy); }, setState: () => undefined, getState: () => undefined });
  const headBefore = window.document.querySelectorAll('style, link[rel=stylesheet]').length;
  window.eval(PANEL_JS);
  loaded.page = page;
  for (const data of pending.splice(0)) window.dispatchEvent(new page.window.MessageEvent('message', { data }));
  return { html, window, document: window.document, root: window.document.getElementById('root') as HTMLElement, posted, headBefore, dispose: () => panel.dispose() };
}

/** What came from somewhere other than media/panel.js, and what can be clicked. */
function panelState(opened: ReturnType<typeof openPanel>) {
  const foreign: string[] = [];
  for (const element of opened.root.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (!TAGS.includes(tag)) foreign.push(tag);
    for (const attribute of element.attributes) if (!ATTRIBUTES.includes(attribute.name)) foreign.push(`${tag}@${attribute.name}`);
  }
  return {
    foreign,
    text: opened.root.textContent ?? '',
    pwned: opened.window.__pwned,
    links: [...opened.root.querySelectorAll('button.link')].map((button) => (button as HTMLButtonElement).title),
    anchors: opened.document.querySelectorAll('a').length,
    headStyles: opened.document.querySelectorAll('style, link[rel=stylesheet]').length,
    scripts: opened.document.querySelectorAll('script').length,
  };
}

describe('injection table: hostile text in every untrusted field (panel HTML and media/panel.js in jsdom)', () => {
  let typed: TypedCommandLine[];
  let rounds = 0;
  let refused = 0;
  let inert = 0;

  before(async () => {
    assert.ok(PAYLOADS.length >= 25, `${PAYLOADS.length} payloads`);
    typed = await typedCommands(await testReader());
    assert.equal(typed.filter((line) => line.invocations.some((invocation) => invocation.program === 'claude')).length, KEPT_LINES.length, 'every typed line runs claude');
  });

  after(() => {
    console.log(`      injection table: ${rounds} payloads × ${FIELDS.length} fields (${FIELDS.join(', ')}), ${BAD_URLS.length} links that are not https: (${refused} refused by the validator, ${inert} shown as plain text)`);
  });

  it('shows the hostile terminals, typed commands and extension as evidence, as text', () => {
    const opened = openPanel(snapshotFor(policyFor(0, PAYLOADS[0] as string), typed));
    const state = panelState(opened);
    assert.ok(state.text.includes(FIXTURE_ID), 'the hostile extension is listed');
    assert.ok(state.text.includes(FIXTURE_DISPLAY_NAME), 'its display name as text');
    for (const [index, payload] of PAYLOADS.entries()) assert.ok(state.text.includes(terminalName(index, payload)), `terminal ${index}`);
    for (const line of KEPT_LINES) assert.ok(state.text.includes(line), `typed line ${line.slice(0, 40)}`);
    assert.deepEqual(state.foreign, []);
    assert.equal(state.pwned, undefined);
    opened.dispose();
  });

  for (const [index, payload] of PAYLOADS.entries()) {
    it(`payload ${index}: ${JSON.stringify(payload.slice(0, 50))}${payload.length > 50 ? '…' : ''} stays inert text`, () => {
      const snapshot = snapshotFor(policyFor(index, payload), typed);
      const opened = openPanel(snapshot);
      assert.ok(!opened.html.includes(payload), 'no policy text in the page the extension serves: it arrives as a message');
      assert.equal(opened.document.querySelectorAll('script').length, 1, 'the page holds only the extension\'s own script');
      assert.deepEqual(opened.posted, [{ type: 'ready' }]);
      const state = panelState(opened);
      assert.ok(opened.root.querySelector('.cli button')?.textContent === `round-${index}`, 'this round\'s policy is shown');
      assert.deepEqual(state.foreign, [], 'no element or attribute from policy text');
      assert.equal(state.anchors, 0, 'no anchors: nothing can navigate');
      assert.equal(state.pwned, undefined, 'no script ran in the webview');
      assert.equal(state.scripts, 1, 'no script element was added');
      assert.equal(state.headStyles, opened.headBefore, 'no style sheet was added');
      assert.ok(state.text.includes(payload), 'the payload is shown as written');
      assert.deepEqual(state.links.filter((url) => !url.startsWith('https://')), [], 'only https: links are clickable');

      // Status bar: one icon, the phase's; "$(…)" in a name is not an icon.
      assert.ok(snapshot.status.text.includes('not permitted'), snapshot.status.text);
      assert.equal(snapshot.status.text.match(/\$\(/g)?.length ?? 0, 1, snapshot.status.text);
      // Tooltip: Markdown built only from escaped text: no raw HTML, no link or image syntax.
      assert.doesNotMatch(snapshot.status.tooltip, /</, 'no HTML in the tooltip');
      assert.doesNotMatch(snapshot.status.tooltip, /(^|[^\\])\]\(|(^|[^\\])!\[/, 'no Markdown link or image in the tooltip');
      // Notification: no "[text](target)" a notification would turn into a link.
      const due = snapshot.findings.filter((finding) => finding.phase.phase === 'violation');
      const message = notificationMessage(due, snapshot.policy.organization, formatMessage, 'en');
      assert.ok(message.length > 0);
      assert.doesNotMatch(message, /\]\s*\(/, 'no link in the notification');
      opened.dispose();
      rounds += 1;
    });
  }

  for (const url of BAD_URLS) {
    it(`never makes the link ${JSON.stringify(url)} clickable: refused with an inert error, or shown as text`, () => {
      const opened = openPanel(snapshotFor(policyWithLink(url), typed));
      const state = panelState(opened);
      const problems = opened.root.querySelector('.problems')?.textContent ?? '';
      if (problems.includes('links[0].url')) {
        assert.ok(state.text.includes(url.trim()), `the error quotes ${url}`);
        refused += 1;
      } else {
        assert.ok([...opened.root.querySelectorAll('.links .inert-link')].some((node) => node.textContent === 'refused-link'), `${url} is shown, not clickable`);
        inert += 1;
      }
      assert.deepEqual(state.foreign, []);
      assert.equal(state.pwned, undefined);
      assert.deepEqual(state.links.filter((link) => !link.startsWith('https://')), [], `${url} is not clickable`);
      opened.dispose();
    });
  }
});
