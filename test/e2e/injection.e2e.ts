/// <reference lib="dom" />
/**
 * Webview, tooltip and notification injection, in the real editor: every payload of
 * test/fixtures/injection-fixture/payloads.json goes into every untrusted field at once
 * (organisation, classification, title, reason, alternative name and description, link
 * titles, exception reasons, tool names, an extension's display name, terminal names and
 * typed command lines). Each round checks that the payload shows as text, that no element
 * or attribute came from it, that no script ran and nothing navigated, and that the only
 * clickable links are https: ones. Links with other schemes are refused by the validator,
 * whose error, quoting them, is shown inert too.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../runners/codeServer';
import { dismissNotifications, launchWorkbench, panelFrame, runCommand, STATUS_ITEM, statusItem, type LaunchedWorkbench } from './workbench';

const PAYLOADS = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'injection-fixture', 'payloads.json'), 'utf8')) as string[];
/** The same names the fixture gives its terminals. */
const terminalName = (index: number, payload: string) => `tp${index} ${payload}`;
const FIXTURE_ID = 'injection-fixture.hostile-names';
const FIELDS = ['organization', 'classification', 'title', 'reason', 'alternative.name', 'alternative.description', 'links[].title', 'exceptions[].reason',
  'tools[].name', 'extension display name', 'terminal names', 'typed command lines'];
const BAD_URLS = ['javascript:window.__pwned=101', 'data:text/html,<script>window.__pwned=102</script>', 'http://intranet.example/plain', 'vbscript:msgbox(1)',
  'file:///etc/passwd', 'command:workbench.action.quit', 'https:evil.example', ' javascript:window.__pwned=108'];

const q = (text: string) => JSON.stringify(text);

function policyFor(round: number, payload: string): string {
  return [
    'version: 1',
    `organization: ${q(payload)}`,
    'timezone: UTC',
    'tools:',
    `  - id: hostile-${round}`,
    `    name: ${q(payload)}`,
    `    extensions: [${FIXTURE_ID}]`,
    `    terminalNames: [${PAYLOADS.map((p, i) => q(terminalName(i, p))).join(', ')}]`,
    'rules:',
    `  - id: hostile-rule-${round}`,
    `    tool: hostile-${round}`,
    `    classification: ${q(payload)}`,
    `    title: { en: ${q(payload)}, zh-cn: ${q(payload)} }`,
    `    reason: ${q(`${payload}\n\n- ${payload}`)}`,
    '    alternative:',
    `      name: ${q(payload)}`,
    `      description: ${q(payload)}`,
    '      url: https://intranet.example/alternative',
    `      commands: [round-${round}]`,
    `    links: [{ title: ${q(payload)}, url: "https://intranet.example/memo/${round}" }]`,
    '    exceptionRequestUrl: "https://intranet.example/ask?tool={tool}&rule={rule}&user={user}"',
    '  - id: claude-rule',
    '    tool: claude-code',
    `    title: ${q(payload)}`,
    '    exceptions:',
    `      - { until: 2099-01-01, reason: ${q(payload)} }`,
    '',
  ].join('\n');
}

/** Elements and attributes media/panel.js creates; anything else came from somewhere else. */
const TAGS = ['header', 'h1', 'h2', 'h3', 'p', 'span', 'strong', 'em', 'code', 'button', 'section', 'article', 'ul', 'ol', 'li'];
const ATTRIBUTES = ['class', 'type', 'title', 'aria-label', 'role', 'data-finding'];

interface PanelState { foreign: string[]; text: string; pwned: unknown; links: string[]; anchors: number; headStyles: number }

async function panelState(page: Page): Promise<PanelState> {
  return panelFrame(page).locator('body').evaluate((body, allowed) => {
    const root = body.querySelector('#root') as HTMLElement;
    const foreign: string[] = [];
    for (const element of root.querySelectorAll('*')) {
      const tag = element.tagName.toLowerCase();
      if (!allowed.tags.includes(tag)) foreign.push(tag);
      for (const attribute of element.attributes) if (!allowed.attributes.includes(attribute.name)) foreign.push(`${tag}@${attribute.name}`);
    }
    return {
      foreign,
      text: root.textContent ?? '',
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      links: [...root.querySelectorAll('button.link')].map((button) => (button as HTMLButtonElement).title),
      anchors: document.querySelectorAll('a').length,
      headStyles: document.querySelectorAll('style, link[rel=stylesheet]').length,
    };
  }, { tags: TAGS, attributes: ATTRIBUTES });
}

describe('injection: hostile text in every untrusted field, in the real editor', function () {
  let workbench: LaunchedWorkbench;
  let page: Page;
  let policyFile: string;
  let workbenchUrl: string;
  const popups: string[] = [];
  const dialogs: string[] = [];
  let rounds = 0;
  let refusedUrls = 0;
  let inertUrls = 0;
  let headStyles = -1;

  before(async function () {
    this.timeout(300_000);
    assert.ok(PAYLOADS.length >= 25, `${PAYLOADS.length} payloads`);
    policyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-injection-')), 'policy.yaml');
    fs.writeFileSync(policyFile, policyFor(0, PAYLOADS[0] as string));
    workbench = await launchWorkbench({ theme: 'Default Dark Modern', policyFile, fixtures: ['claude-code-double', 'injection-fixture'] });
    page = workbench.page;
    workbenchUrl = page.url();
    page.context().on('page', (popup) => popups.push(popup.url()));
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    await statusItem(page).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Injection Fixture: Open Hostile Terminals');
    await runCommand(page, 'Tool Policy: Show Policy Panel');
    await panelFrame(page).locator('article.card').first().waitFor({ timeout: 60_000 });
  });

  after(async () => {
    console.log(`      injection suite: ${rounds} payloads × ${FIELDS.length} fields (${FIELDS.join(', ')}), ${BAD_URLS.length} links that are not https: (${refusedUrls} refused by the validator, ${inertUrls} shown as plain text)`);
    await workbench?.close();
    if (policyFile) fs.rmSync(path.dirname(policyFile), { recursive: true, force: true });
  });

  it('shows the hostile terminals, typed commands and extension as evidence', async () => {
    const body = panelFrame(page).locator('body');
    await body.getByText(`tp${PAYLOADS.length - 1} `, { exact: false }).first().waitFor({ timeout: 60_000 });
    await body.getByText("claude '<script>", { exact: false }).first().waitFor({ timeout: 60_000 });
    const state = await panelState(page);
    assert.ok(state.text.includes(FIXTURE_ID), 'the hostile extension is listed');
    assert.ok(state.text.includes('Hostile <img src=x onerror="window.__pwned=99">'), 'its display name as text');
    for (const [index, payload] of PAYLOADS.entries()) assert.ok(state.text.includes(terminalName(index, payload)), `terminal ${index}`);
  });

  for (const [index, payload] of PAYLOADS.entries()) {
    it(`payload ${index}: ${JSON.stringify(payload.slice(0, 50))}${payload.length > 50 ? '…' : ''} stays inert text`, async function () {
      this.timeout(60_000);
      fs.writeFileSync(policyFile, policyFor(index, payload));
      const body = panelFrame(page).locator('body');
      await body.locator('.cli button', { hasText: `round-${index}` }).waitFor({ timeout: 30_000 });
      const state = await panelState(page);
      assert.deepEqual(state.foreign, [], 'no element or attribute from policy text');
      assert.equal(state.anchors, 0, 'no anchors: nothing can navigate');
      assert.equal(state.pwned, undefined, 'no script ran in the webview');
      headStyles = headStyles < 0 ? state.headStyles : headStyles;
      assert.equal(state.headStyles, headStyles, 'no style sheet was added');
      assert.ok(state.text.includes(payload), 'the payload is shown as written');
      assert.deepEqual(state.links.filter((url) => !url.startsWith('https://')), [], 'only https: links are clickable');

      // Status bar and its tooltip: text only, no icon, link or image from the payload.
      await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.includes('not permitted'), STATUS_ITEM, { timeout: 30_000 });
      assert.equal(await statusItem(page).locator('img, script, svg, iframe, a a').count(), 0);
      assert.ok(await statusItem(page).locator('.codicon').count() <= 1, 'only the phase icon: "$(…)" in a name is not an icon');
      await statusItem(page).hover();
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'AI-tool policy' }).first();
      await hover.waitFor({ timeout: 15_000 });
      assert.equal(await hover.locator('img, script, iframe, svg, a, style, object, form').count(), 0, 'tooltip markup');
      await page.mouse.move(900, 20);

      // The notification: plain text, no link from the payload.
      // Each round's rule is new, so each round raises its own notification.
      const toast = page.locator('.notification-toast').last();
      await toast.waitFor({ state: 'attached', timeout: 30_000 });
      assert.equal(await toast.locator('.notification-list-item-message a').count(), 0, 'notification links');
      await dismissNotifications(page);

      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'no script ran in the workbench');
      assert.equal(page.url(), workbenchUrl, 'the workbench did not navigate');
      assert.deepEqual(popups, [], 'no window opened');
      assert.deepEqual(dialogs, [], 'no browser dialog');
      rounds += 1;
    });
  }

  it('never makes a link that is not https: clickable: refused with an inert error, or shown as text', async function () {
    this.timeout(180_000);
    const body = panelFrame(page).locator('body');
    for (const url of BAD_URLS) {
      fs.writeFileSync(policyFile, policyFor(999, 'refused-link').replace('url: "https://intranet.example/memo/999"', `url: ${q(url)}`));
      // Either the validator refuses the file (its error quotes the link) or the link is
      // shown without being clickable.
      const outcome = await body.evaluate(async (element) => {
        for (let tries = 0; tries < 300; tries++) {
          const problems = element.querySelector('.problems');
          if (problems?.textContent?.includes('links[0].url')) return 'refused';
          const inert = [...element.querySelectorAll('.links .inert-link')].some((node) => node.textContent === 'refused-link');
          if (inert) return 'inert';
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return 'timeout';
      });
      assert.notEqual(outcome, 'timeout', `nothing shown for ${url}`);
      const state = await panelState(page);
      if (outcome === 'refused') {
        assert.ok(state.text.includes(url.trim()), `the error quotes ${url}`);
        refusedUrls += 1;
      } else {
        inertUrls += 1;
      }
      assert.deepEqual(state.foreign, []);
      assert.equal(state.pwned, undefined);
      assert.deepEqual(state.links.filter((link) => !link.startsWith('https://')), [], `${url} is not clickable`);
      fs.writeFileSync(policyFile, policyFor(0, PAYLOADS[0] as string));
      await body.locator('.cli button', { hasText: 'round-0' }).waitFor({ timeout: 30_000 });
      await body.locator('.problems').waitFor({ state: 'detached', timeout: 30_000 });
    }
    assert.equal(page.url(), workbenchUrl);
    assert.deepEqual(popups, []);
  });
});
