import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JSDOM } from 'jsdom';
import { evaluatePolicy } from '../../src/core/findings';
import { NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { formatMessage, type Translate } from '../../src/core/present/localize';
import { buildPanelModel, type PanelModel } from '../../src/core/present/panelModel';
import { recordWrites } from '../../src/core/migrate/plan';
import { appliedView, planView, type MigrationView } from '../../src/core/present/migrationView';
import { loadOk, REPO_ROOT, SEED, translateZhCn } from './helpers';
import { samplePlan, TOKEN } from './migrationFixture';

const PANEL_JS = fs.readFileSync(path.join(REPO_ROOT, 'media', 'panel.js'), 'utf8');

/** media/panel.js in a DOM with the page the extension serves and a recording webview API. */
function openPanel(saved?: { model: PanelModel }) {
  const dom = new JSDOM('<!DOCTYPE html><body><p id="status" class="visually-hidden" role="status" aria-live="polite"></p><p id="alerts" class="visually-hidden" role="alert"></p><main id="root"></main></body>', { runScripts: 'outside-only' });
  const posted: unknown[] = [];
  let state: unknown = saved;
  const window = dom.window as unknown as Window & { acquireVsCodeApi: () => unknown; eval: (code: string) => unknown; pwned?: unknown };
  // Messages cross from the page's realm into the test's, as webview messages are serialised.
  const copy = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  window.acquireVsCodeApi = () => ({ postMessage: (message: unknown) => posted.push(copy(message)), setState: (value: unknown) => { state = copy(value); }, getState: () => state });
  window.eval(PANEL_JS);
  const document = window.document;
  const send = (model: PanelModel) => window.dispatchEvent(new dom.window.MessageEvent('message', { data: { type: 'model', model } }));
  return { dom, window, document, posted, send, state: () => state, root: document.getElementById('root') as HTMLElement };
}

function seedModel(overrides: { reason?: string; locale?: string; enabled?: boolean; translate?: Translate } = {}): PanelModel {
  const text = overrides.reason === undefined ? SEED : SEED.replace(/ {4}reason:\n[\s\S]*? {4}deadline:/, `    reason: ${JSON.stringify(overrides.reason)}\n    deadline:`);
  const effective = mergeLayers([{ layer: 'managed', path: '/etc/tool-policy/policy.yaml', status: 'ok', policy: loadOk(text, 'managed', '/etc/tool-policy/policy.yaml'), problems: [] }]);
  const now = new Date('2026-11-21T10:00:00Z');
  const installed = [{ id: 'anthropic.claude-code', version: '2.0.1', displayName: 'Claude Code', enabled: overrides.enabled ?? true }];
  const findings = evaluatePolicy(effective, { ...NOTHING_OBSERVED, extensions: installed }, now, { user: 'alice', workspaceFolders: [] });
  return buildPanelModel(effective, findings, overrides.translate ?? formatMessage, { user: 'alice', now, ...(overrides.locale ? { locale: overrides.locale } : {}) });
}

const texts = (nodes: Iterable<Element>) => [...nodes].map((node) => node.textContent ?? '');

describe('panel webview (media/panel.js in jsdom)', () => {
  it('asks for its model, renders the card with its source, and keeps the model for a reload', () => {
    const panel = openPanel();
    assert.deepEqual(panel.posted, [{ type: 'ready' }]);
    const model = seedModel();
    panel.send(model);
    assert.equal(panel.document.querySelector('h1')?.textContent, 'Alibaba Group — AI-tool policy');
    const card = panel.document.querySelector('article.card.phase-violation');
    assert.ok(card);
    assert.equal(card.querySelector('h2')?.textContent, 'Claude Code is no longer permitted');
    assert.match(card.querySelector('.source.source-managed')?.textContent ?? '', /Source: Rule of your organisation \(managed policy\): \/etc\/tool-policy\/policy\.yaml/);
    assert.deepEqual(panel.state(), { model });
    // A restored webview renders the saved model before the extension answers.
    const revived = openPanel({ model });
    assert.ok(revived.document.querySelector('article.card'));
  });

  it('shows the policy in the display language from the same file', () => {
    const panel = openPanel();
    panel.send(seedModel({ locale: 'zh-cn' }));
    assert.equal(panel.document.querySelector('article h2')?.textContent, '不再允许使用 Claude Code');
    assert.match(panel.document.querySelector('.reason')?.textContent ?? '', /高风险软件/);
    assert.match(panel.document.querySelector('.deadline')?.textContent ?? '', /2026年7月10日/);
  });

  describe('reason text', () => {
    const paragraphs = (reason: string) => {
      const panel = openPanel();
      panel.send(seedModel({ reason }));
      const section = panel.document.querySelector('.reason') as HTMLElement;
      return [...section.children].slice(1).map((node) => `${node.tagName}:${node.textContent}`);
    };

    it('separates paragraphs at blank lines and joins wrapped lines', () => {
      assert.deepEqual(paragraphs('A\n\nB'), ['P:A', 'P:B']);
      assert.deepEqual(paragraphs('one\ntwo\n\n\nthree'), ['P:one two', 'P:three']);
      assert.deepEqual(paragraphs('A\r\n\r\nB'), ['P:A', 'P:B']);
    });

    it('reads a list item with a long run of spaces before a line separator in one pass (the pattern once backtracked)', () => {
      assert.deepEqual(paragraphs(`- ${' '.repeat(400_000)}x\u2028y`), ['UL:x\u2028y']);
    });

    it('joins wrapped Chinese lines without a space', () => {
      assert.deepEqual(paragraphs('高风险软件（存在风险）。\n自 2026 年起不得使用。\nSee the memo.'), ['P:高风险软件（存在风险）。自 2026 年起不得使用。See the memo.'], 'none after full-width punctuation either');
    });

    it('starts a new paragraph after a list, and a new list after a paragraph', () => {
      assert.deepEqual(paragraphs('Intro\n- a\n- b\nAfter\n\n- c'), ['P:Intro', 'UL:ab', 'P:After', 'UL:c']);
    });

    it('renders **bold**, *italic* and `code` as elements and nothing else', () => {
      const panel = openPanel();
      panel.send(seedModel({ reason: 'Use **never** *this* `claude` <b>x</b> [link](https://evil.example)' }));
      const p = panel.document.querySelector('.reason p') as HTMLElement;
      assert.deepEqual([...p.children].map((node) => node.tagName), ['STRONG', 'EM', 'CODE']);
      assert.match(p.textContent ?? '', /<b>x<\/b> \[link\]\(https:\/\/evil\.example\)/);
      assert.equal(panel.document.querySelectorAll('.reason a, .reason b').length, 0);
    });
  });

  it('announces a short summary in its own status region, only when it changes', () => {
    const panel = openPanel();
    const status = panel.document.getElementById('status') as HTMLElement;
    assert.equal(panel.root.getAttribute('aria-live'), null, 'the panel itself is not a live region');
    assert.equal(panel.document.querySelectorAll('[aria-live]').length, 1);
    panel.send(seedModel());
    assert.equal(status.textContent, 'Claude Code: Not permitted');
    // takeRecords() hands over every mutation so far, without waiting for the observer's turn.
    const observer = new panel.dom.window.MutationObserver(() => undefined);
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    panel.send(seedModel());
    assert.equal(observer.takeRecords().length, 0, 'the same summary is not re-announced');
  });

  it('after the cards it shows, says how many more there are and where to see them, as text', () => {
    const panel = openPanel();
    const model = seedModel();
    panel.send({ ...model, notShown: '<b>57133</b> more findings are not shown here.' });
    const note = panel.document.querySelector('p.not-shown');
    assert.equal(note?.textContent, '<b>57133</b> more findings are not shown here.');
    assert.equal(note?.getAttribute('role'), 'note');
    assert.equal(note?.querySelector('b'), null, 'text, not markup');
    assert.equal(note?.previousElementSibling?.matches('article.card'), true, 'right after the last card');
    panel.send(model);
    assert.equal(panel.document.querySelector('p.not-shown'), null);
  });

  it('lists the warnings of the files in force in a section of their own, as text', () => {
    const panel = openPanel();
    panel.send({ ...seedModel(), warnings: ['policy.yaml:5:11: warning: rules[0].tool: "*" covers no tool here <b>x</b>'] });
    const items = [...panel.root.querySelectorAll('.warnings li')].map((li) => li.textContent);
    assert.deepEqual(items, ['policy.yaml:5:11: warning: rules[0].tool: "*" covers no tool here <b>x</b>']);
    assert.equal(panel.root.querySelector('.warnings h2')?.textContent, 'Policy warnings');
    assert.equal(panel.root.querySelectorAll('.warnings b').length, 0);
    panel.send({ ...seedModel(), warnings: [] });
    assert.equal(panel.root.querySelector('.warnings'), null);
  });

  it('announces policy errors in a region that stays, once, and again only when the errors change', () => {
    const panel = openPanel();
    const alerts = panel.document.getElementById('alerts') as HTMLElement;
    const withProblems = (problems: string[]) => ({ ...seedModel(), problems });
    const broken = ['/etc/tool-policy/policy.yaml:6:15 rules[0].deadline: not a date'];
    panel.send(withProblems(broken));
    assert.equal(alerts.textContent, 'Policy errors: /etc/tool-policy/policy.yaml:6:15 rules[0].deadline: not a date');
    assert.equal(panel.document.querySelectorAll('[role="alert"]').length, 1, 'only the stable region is an alert');
    assert.equal(panel.root.querySelector('.problems li')?.textContent, broken[0], 'the errors are still shown in the panel');
    // takeRecords() hands over every mutation so far, without waiting for the observer's turn.
    const observer = new panel.dom.window.MutationObserver(() => undefined);
    observer.observe(alerts, { childList: true, characterData: true, subtree: true });
    // Every refresh re-renders the panel: the same errors are not announced again.
    panel.send(withProblems([...broken]));
    panel.send(withProblems([...broken]));
    assert.equal(observer.takeRecords().length, 0);
    assert.equal(panel.document.getElementById('alerts'), alerts, 'the region is never rebuilt');
    panel.send(withProblems([...broken, '/etc/tool-policy/policy.yaml:9:3 rules[1].tool: unknown tool']));
    assert.ok(observer.takeRecords().length > 0, 'a new set of errors is announced');
    assert.match(alerts.textContent ?? '', /unknown tool$/);
    panel.send(withProblems([]));
    assert.equal(alerts.textContent, '', 'nothing is left to announce once the errors are fixed');
    assert.equal(panel.root.querySelector('.problems'), null);
  });

  it('lists everything it checks, the MCP server definitions included, in the display language', () => {
    const english = openPanel();
    english.send(seedModel());
    const items = texts(english.document.querySelectorAll('.checks > ul:first-of-type > li'));
    assert.equal(items.length, 8, items.join('\n'));
    assert.ok(items.some((item) => /^MCP server definitions in your mcp\.json and in each workspace folder’s \.vscode\/mcp\.json/.test(item)), items.join('\n'));
    const chinese = openPanel();
    chinese.send(seedModel({ locale: 'zh-cn', translate: translateZhCn }));
    const zhItems = texts(chinese.document.querySelectorAll('.checks > ul:first-of-type > li'));
    assert.ok(zhItems.some((item) => /^您的 mcp\.json 以及每个工作区文件夹中 \.vscode\/mcp\.json 里的 MCP 服务器定义/.test(item)), zhItems.join('\n'));
    assert.equal(zhItems.filter((item) => !/[\u4e00-\u9fff]/.test(item)).length, 0, 'every item translated');
  });

  it('uses only final text from the model: translated titles, no placeholders', () => {
    const panel = openPanel();
    const model = seedModel({ locale: 'zh-cn' });
    panel.send({ ...model, labels: { ...model.labels, copy: '复制' } });
    const copy = panel.document.querySelector('.cli button') as HTMLButtonElement;
    assert.equal(copy.title, '复制');
    assert.doesNotMatch(panel.root.textContent ?? '', /\{\d\}|\{tool\}|\{rule\}|\{user\}/);
  });

  it('makes only https: links clickable and posts exactly the link shown', () => {
    const panel = openPanel();
    const model = seedModel();
    const card = model.cards[0] as PanelModel['cards'][number];
    panel.send({
      ...model,
      contact: 'http://intranet.example/contact',
      cards: [{ ...card, links: [
        { title: 'good', url: 'https://intranet.example/memo' },
        { title: 'plain http', url: 'http://intranet.example/memo' },
        { title: 'script', url: 'javascript:alert(1)' },
        { title: 'data', url: 'data:text/html,<script>alert(1)</script>' },
      ] }],
    });
    const buttons = [...panel.document.querySelectorAll('.links button.link')] as HTMLButtonElement[];
    assert.deepEqual(texts(buttons), ['good', 'Request an exception']);
    assert.deepEqual(texts(panel.document.querySelectorAll('.links .inert-link')), ['plain http', 'script', 'data']);
    assert.equal(panel.document.querySelectorAll('a').length, 0, 'no anchors at all: nothing navigates');
    assert.equal(panel.document.querySelector('.contact')?.textContent, 'http://intranet.example/contact', 'an http: contact is shown as text');
    assert.deepEqual([...panel.document.querySelectorAll('button.link')].map((b) => (b as HTMLButtonElement).title).filter((url) => !url.startsWith('https://')), []);
    buttons[0]?.click();
    buttons[1]?.click();
    assert.deepEqual(panel.posted.slice(1), [
      { type: 'openExternal', url: 'https://intranet.example/memo' },
      { type: 'openExternal', url: 'https://intranet.example/forms/ai-exception?tool=claude-code&rule=claude-code-ban&user=alice' },
    ]);
  });

  it('posts one message per remediation button', () => {
    const panel = openPanel();
    const model = seedModel();
    const card = model.cards[0] as PanelModel['cards'][number];
    panel.send({
      ...model,
      cards: [{
        ...card,
        alternative: { ...(card.alternative as NonNullable<typeof card.alternative>), extensions: ['qoder.qoder'], installs: [{ extensionId: 'qoder.qoder', label: 'Install qoder.qoder' }] },
        evidence: [...card.evidence, { label: 'Terminal', detail: 'claude', terminalName: 'claude' }],
      }],
    });
    for (const button of panel.document.querySelectorAll('button:not(.link)')) (button as HTMLButtonElement).click();
    assert.deepEqual(panel.posted.slice(1), [
      { type: 'acknowledge', ruleId: card.ruleId },
      { type: 'uninstall', extensionId: 'anthropic.claude-code' },
      { type: 'focusTerminal', name: 'claude' },
      { type: 'installAlternative', extensionId: 'qoder.qoder' },
      { type: 'planMigration', ruleId: 'claude-code-ban' },
      { type: 'copy', text: 'qodercli' },
    ]);
  });

  describe('"Move my setup"', () => {
    const NAMES = { fromName: 'Claude Code', toName: 'GitHub Copilot' };
    const sendPlan = (panel: ReturnType<typeof openPanel>, view: MigrationView) =>
      panel.window.dispatchEvent(new panel.dom.window.MessageEvent('message', { data: { type: 'migration', view } }));

    it('offers the move on the card of a rule whose alternative names the tool to move to', () => {
      const panel = openPanel();
      panel.send(seedModel());
      const button = panel.document.querySelector('article.card .alternative button.move') as HTMLButtonElement;
      assert.equal(button.textContent, 'Move my setup to Qoder');
      button.click();
      assert.deepEqual(panel.posted.at(-1), { type: 'planMigration', ruleId: 'claude-code-ban' });
    });

    it('shows the plan: each item\'s outcome, reason, target, losses and masked secrets; Apply and Close answer for this plan', () => {
      const panel = openPanel();
      panel.send(seedModel());
      const view = planView('plan-7', samplePlan('github-copilot'), NAMES, formatMessage);
      sendPlan(panel, view);
      const section = panel.document.querySelector('section.migration.stage-plan') as HTMLElement;
      assert.ok(section, 'the plan is shown');
      assert.equal(section.querySelector('h2')?.textContent, 'Move my setup from Claude Code to GitHub Copilot');
      assert.equal(section.querySelectorAll('.move-item').length, view.groups.flatMap((g) => g.items).length);
      const command = [...section.querySelectorAll('.move-item.fidelity-converted.state-write')].find((node) => node.textContent?.includes('hello.md')) as HTMLElement;
      assert.match(command.textContent ?? '', /converted.*to write.*command.*\.claude\/commands\/hello\.md.*Into: \.github\/prompts\/hello\.prompt\.md.*Lost: model: VS Code names its models differently/);
      assert.match(section.querySelector('.move-item.fidelity-lost')?.textContent ?? '', /lost.*permissions.*Copilot has no permission rules file/);
      assert.equal(section.querySelector('.secrets code')?.textContent, 'env GITHUB_TOKEN=********');
      assert.ok(!(section.textContent ?? '').includes(TOKEN));
      // A server named with markup is text, never an element.
      assert.equal(section.querySelectorAll('img, script').length, 0);
      assert.match(section.textContent ?? '', /<img src=x onerror=alert\(1\)>/);
      assert.deepEqual(panel.state(), { model: seedModel(), migration: view }, 'kept for a reload');
      (section.querySelector('button.apply') as HTMLButtonElement).click();
      (section.querySelector('button.close') as HTMLButtonElement).click();
      assert.deepEqual(panel.posted.slice(-2), [{ type: 'applyMigration', planId: 'plan-7' }, { type: 'closeMigration', planId: 'plan-7' }]);
      // The plan stays through a new model, and goes when the extension takes it away.
      panel.send(seedModel());
      assert.ok(panel.document.querySelector('section.migration'));
      panel.window.dispatchEvent(new panel.dom.window.MessageEvent('message', { data: { type: 'migration', view: null } }));
      assert.equal(panel.document.querySelector('section.migration'), null);
      assert.deepEqual(panel.state(), { model: seedModel() });
    });

    it('after the writes: what was written and what is left, and no Apply', () => {
      const panel = openPanel();
      panel.send(seedModel());
      const plan = samplePlan('github-copilot');
      sendPlan(panel, appliedView('plan-8', recordWrites(plan, plan.writes.map((w) => ({ itemIds: w.itemIds, outcome: 'written' as const }))), NAMES, formatMessage));
      const section = panel.document.querySelector('section.migration.stage-applied') as HTMLElement;
      assert.ok(section.querySelector('.written li'));
      assert.match(section.querySelector('.left')?.textContent ?? '', /Left for you.*lost: Copilot has no permission rules file/);
      assert.equal(section.querySelector('button.apply'), null);
    });
  });

  it('offers "I have read this" on a card until the rule is acknowledged, then says when it was read', () => {
    const panel = openPanel();
    const model = seedModel();
    const card = model.cards[0] as PanelModel['cards'][number];
    assert.equal(panel.document.querySelector('.acknowledge')?.textContent ?? '', '');
    panel.send(model);
    assert.equal(panel.document.querySelector('.acknowledge button')?.textContent, 'I have read this');
    const read: PanelModel['cards'][number] = { ...card, acknowledged: 'Read on <b>3 December 2026</b>' };
    delete (read as { acknowledgeLabel?: string }).acknowledgeLabel;
    panel.send({ ...model, cards: [read] });
    assert.equal(panel.document.querySelector('.acknowledge'), null);
    assert.equal(panel.document.querySelector('.acknowledged')?.textContent, 'Read on <b>3 December 2026</b>');
    assert.equal(panel.document.querySelector('.acknowledged b'), null, 'text, never HTML');
  });

  it('says who disabled an installed extension next to the deadline, alternative and exception link', () => {
    const panel = openPanel();
    panel.send(seedModel({ enabled: false }));
    const blocked = panel.document.querySelector('.blocked') as HTMLElement;
    assert.ok(blocked);
    assert.match(blocked.querySelector('.block-person')?.textContent ?? '', /Disabled by hand in this editor: anthropic\.claude-code/);
    // The rule's reason, rendered as in the card's own reason section.
    const reason = blocked.querySelector('.block-reason') as HTMLElement;
    assert.equal(reason.querySelector('h4')?.textContent, 'Why');
    assert.match(reason.querySelector('p')?.textContent ?? '', /^Claude Code has been classified as high-risk software/);
    assert.deepEqual(texts(reason.querySelectorAll('li')), ['Uninstall the Claude Code extension.', 'Stop using the claude command-line tool.']);
    assert.match(blocked.textContent ?? '', /Deadline: July 10, 2026/);
    assert.match(blocked.textContent ?? '', /Use instead: Qoder/);
    assert.deepEqual(texts(blocked.querySelectorAll('button.link')), ['Qoder', 'Request an exception']);
  });

  it('gives the blocked box in Chinese, the reason included, from the same file', () => {
    const panel = openPanel();
    panel.send(seedModel({ enabled: false, locale: 'zh-cn', translate: translateZhCn }));
    const blocked = panel.document.querySelector('.blocked') as HTMLElement;
    assert.equal(blocked.querySelector('h3')?.textContent, '为何被禁用');
    assert.match(blocked.querySelector('.block-person')?.textContent ?? '', /已在此编辑器中手动禁用：anthropic\.claude-code/);
    assert.match(blocked.querySelector('.block-reason')?.textContent ?? '', /^原因Claude Code 已被列为高风险软件/);
    assert.match(blocked.textContent ?? '', /截止日期: 2026年7月10日/);
  });

  it('keeps hostile policy text inert: no element, attribute or script comes from it', () => {
    const panel = openPanel();
    const payload = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    const model = seedModel({ reason: payload });
    const card = model.cards[0] as PanelModel['cards'][number];
    panel.send({ ...model, organization: payload, cards: [{ ...card, title: payload, toolName: payload, evidence: [{ label: payload, detail: payload }] }] });
    assert.equal(panel.document.querySelectorAll('img, script, iframe').length, 0);
    assert.equal(panel.window.pwned, undefined);
    assert.ok((panel.root.textContent ?? '').split(payload).length > 4, 'shown as text');
  });
});
