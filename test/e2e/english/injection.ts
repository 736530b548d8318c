/// <reference lib="dom" />
/**
 * Webview, tooltip and notification injection, in the real editor: a few payloads of the
 * injection table (test/shared/injectionPolicy.ts) go into every untrusted field at once
 * (organisation, classification, title, reason, alternative name and description, link
 * titles, exception reasons, tool names, an extension's display name, terminal names and
 * typed command lines). Each round checks that the payload shows as text, that no element
 * or attribute came from it, that no script ran and nothing navigated, and that the only
 * clickable links are https: ones. The whole table (every payload, every link that is not
 * https:) runs in Node against the same panel HTML and media/panel.js
 * (test/unit/injectionTable.test.ts); these rounds keep the real DOM, hover and
 * notification renderers honest.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Dialog, Page } from 'playwright-core';
import { ATTRIBUTES, FIXTURE_DISPLAY_NAME, FIXTURE_ID, PAYLOADS, policyFor, policyWithLink, TAGS, terminalName, TYPED_LINES } from '../../shared/injectionPolicy';
import { statusShows, usePolicy, type Session } from '../session';
import { dismissNotifications, panelFrame, runCommand, statusItem } from '../workbench';

/** HTML, a Markdown command link, and icon syntax: one of each renderer's hazards. */
const BROWSER_ROUNDS = [0, 9, 15];
/** Refused by the validator: the error quoting them must stay inert in the real page. */
const BROWSER_BAD_URLS = ['javascript:window.__pwned=101', 'command:workbench.action.quit'];
/** The round the suite opens with (terminals and evidence), before any payload round. */
const OPENING_ROUND = 1000;
/** The terminal watcher keeps the last 20 relevant lines of each terminal; earlier ones are dropped. */
const KEPT_LINES = TYPED_LINES.slice(-20);

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

/** The injection rounds; the workbench needs the injection-fixture extension installed. */
export function injectionChecks(session: Session): void {
  describe('injection: hostile text in every untrusted field, in the real editor', function () {
    let page: Page;
    let policyFile: string;
    let workbenchUrl: string;
    const popups: string[] = [];
    const dialogs: string[] = [];
    const onPopup = (popup: Page) => popups.push(popup.url());
    const onDialog = (dialog: Dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); };
    let rounds = 0;
    let refusedUrls = 0;
    let headStyles = -1;

    before(async function () {
      this.timeout(300_000);
      assert.ok(PAYLOADS.length >= 25, `${PAYLOADS.length} payloads`);
      ({ page, policyFile } = session);
      workbenchUrl = page.url();
      page.context().on('page', onPopup);
      page.on('dialog', onDialog);
      await dismissNotifications(page);
      // A round of its own, so that each payload round below is a rule this window has not notified yet.
      await usePolicy(session, policyFor(OPENING_ROUND, 'opening round'), 'not permitted');
      await runCommand(page, 'Injection Fixture: Open Hostile Terminals');
      // The fixture's terminals keep taking the focus for a while, which closes a command
      // palette: the panel is opened from the status bar, as a person would click it.
      await statusItem(page).click();
      await panelFrame(page).locator('.cli button', { hasText: `round-${OPENING_ROUND}` }).first().waitFor({ timeout: 60_000 });
    });

    after(async function () {
      this.timeout(60_000);
      console.log(`      injection suite in the editor: ${rounds} payloads in every field, ${refusedUrls} links that are not https: refused, their error inert`);
      page.context().off('page', onPopup);
      page.off('dialog', onDialog);
      // The hostile terminals typed `claude` lines: they go, so that later checks see no Claude Code in a terminal.
      await runCommand(page, 'Terminal: Kill All Terminals');
      await panelFrame(page).locator('#root').getByText(terminalName(0, PAYLOADS[0] as string), { exact: false }).first().waitFor({ state: 'detached', timeout: 30_000 });
    });

    it('shows the hostile terminals, typed commands and extension as evidence', async () => {
      const body = panelFrame(page).locator('body');
      await body.getByText(`tp${PAYLOADS.length - 1} `, { exact: false }).first().waitFor({ timeout: 60_000 });
      // The last line the fixture types: once it shows, every line before it has been read.
      await body.getByText(KEPT_LINES[KEPT_LINES.length - 1] as string, { exact: false }).first().waitFor({ timeout: 60_000 });
      assert.ok(!/\p{Cf}/u.test(KEPT_LINES[KEPT_LINES.length - 1] as string), 'the line waited for has no invisible characters');
      const state = await panelState(page);
      assert.ok(state.text.includes(FIXTURE_ID), 'the hostile extension is listed');
      assert.ok(state.text.includes(FIXTURE_DISPLAY_NAME), 'its display name as text');
      for (const [index, payload] of PAYLOADS.entries()) assert.ok(state.text.includes(terminalName(index, payload)), `terminal ${index}`);
      // The shell reports a line without its invisible format characters (zero-width space,
      // joiner, byte order mark): the panel shows what ran, so they are compared without them.
      const visible = (text: string) => text.replace(/\p{Cf}/gu, '');
      const missing = KEPT_LINES.filter((line) => !visible(state.text).includes(visible(line)));
      const shown = visible(state.text).split("claude '").slice(1).map((rest) => `claude '${rest.slice(0, 60)}`);
      assert.deepEqual(missing, [], `typed lines missing from the panel; it shows ${shown.length}: ${JSON.stringify(shown)}`);
    });

    for (const index of BROWSER_ROUNDS) {
      const payload = PAYLOADS[index] as string;
      it(`payload ${index}: ${JSON.stringify(payload.slice(0, 50))}${payload.length > 50 ? '…' : ''} stays inert text`, async function () {
        this.timeout(60_000);
        await dismissNotifications(page);
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
        await statusShows(page, 'not permitted');
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

    it('refuses links that are not https: with an error shown as inert text', async function () {
      this.timeout(120_000);
      const body = panelFrame(page).locator('body');
      for (const url of BROWSER_BAD_URLS) {
        fs.writeFileSync(policyFile, policyWithLink(url));
        // The validator refuses the file; its error, quoting the link, is shown as text.
        await body.locator('.problems', { hasText: 'links[0].url' }).waitFor({ timeout: 30_000 });
        const state = await panelState(page);
        assert.ok(state.text.includes(url.trim()), `the error quotes ${url}`);
        refusedUrls += 1;
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
}
