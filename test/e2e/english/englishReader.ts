/// <reference lib="dom" />
/**
 * One policy file in English and Simplified Chinese, read by a person whose editor is in
 * English: the English entries everywhere, the card's source and, once the rule blocks
 * the extension, who blocked it and why. Screenshots for the README in the light and
 * high-contrast themes.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../runners/codeServer';
import { BLOCKING_POLICY, clearHover, closeEditors, SCREENSHOTS, SEED_POLICY, seedUnderNewRuleId, THEMES, usePolicy, useTheme, type Session } from '../session';
import { dismissNotifications, panelFrame, statusItem } from '../workbench';

/** A home folder with a Claude Code setup to move (the plan's screenshot shows it). */
const MIGRATE_HOME = path.join(REPO_ROOT, 'test', 'fixtures', 'migrate', 'home');

/** The checks of an English reader, in the light theme. */
export function englishReaderChecks(session: Session): void {
  describe('one policy in two languages, read in English (light theme)', function () {
    beforeEach(async () => {
      await useTheme(session, THEMES.light);
    });

    it('shows the English entries in the status bar tooltip and the notification', async () => {
      const { page } = session;
      await dismissNotifications(page);
      await usePolicy(session, seedUnderNewRuleId('claude-code-ban-read-in-english'), 'not permitted');
      const toast = page.locator('.notification-toast', { hasText: 'Alibaba Group' }).first();
      await toast.waitFor({ timeout: 30_000 });
      assert.match(await toast.innerText(), /Alibaba Group: Claude Code is no longer permitted \(\d+ days overdue\)\. Use Qoder instead\./);
      assert.doesNotMatch(await toast.innerText(), /[\u4e00-\u9fff]/);
      await dismissNotifications(page);
      await statusItem(page).hover();
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'AI-tool policy' }).first();
      await hover.waitFor({ timeout: 15_000 });
      const tooltip = await hover.innerText();
      assert.match(tooltip, /Alibaba Group AI-tool policy/);
      assert.match(tooltip, /Claude Code is no longer permitted/);
      assert.doesNotMatch(tooltip, /[\u4e00-\u9fff]/);
      await page.mouse.move(700, 300);
    });

    it('explains the rule in English in the panel, and names the file the rule comes from', async () => {
      const { page, policyFile } = session;
      await usePolicy(session, SEED_POLICY, 'not permitted');
      await dismissNotifications(page);
      await closeEditors(page);
      await statusItem(page).click();
      const body = panelFrame(page).locator('body');
      await body.locator('article.card', { hasText: 'Claude Code is no longer permitted' }).waitFor({ timeout: 30_000 });
      const text = await body.innerText();
      assert.match(text, /Alibaba Group — AI-tool policy/);
      assert.match(text, /Claude Code is no longer permitted/);
      assert.match(text, /classified as high-risk software/);
      assert.match(text, /Alibaba's own agentic coding platform/);
      assert.doesNotMatch(text, /[\u4e00-\u9fff]/, 'not a word of the Chinese entries');
      assert.match(await body.locator('article .source').innerText(), new RegExp(`Source: Rule of your user policy .*${path.basename(policyFile)}`));
      // The English reason is one paragraph written on three lines, a blank line, then a
      // list: the wrapped lines join into one paragraph and the blank line ends it.
      assert.equal(await body.locator('article .reason p').count(), 1);
      assert.match(await body.locator('article .reason p').innerText(), /^Claude Code has been classified as high-risk software \(risk of data exfiltration and environment fingerprinting\)\. It may not be used on company devices or with company code from 10 July 2026\.$/);
      assert.equal(await body.locator('article .reason li').count(), 2);
      assert.equal(await body.locator('[aria-live]').count(), 1, 'only the status region is live');
      assert.equal(await body.locator('[role="alert"]').count(), 1, 'one alert region, kept across renders');
      assert.equal(await body.locator('#alerts').textContent(), '', 'no policy error to announce');
      await clearHover(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-en-light.png') });
    });

    it('says who blocked the extension and why, next to the deadline, alternative and exception link', async () => {
      const { page } = session;
      fs.writeFileSync(session.policyFile, BLOCKING_POLICY);
      await closeEditors(page);
      await statusItem(page).click();
      const body = panelFrame(page).locator('body');
      const blocked = body.locator('article .blocked');
      await blocked.waitFor({ timeout: 60_000 });
      const text = await blocked.innerText();
      assert.match(text, /Blocked by this policy \(rule “claude-code-ban”, enforce: block\): anthropic\.claude-code disabled through the extensions\.allowed setting/);
      assert.equal((await blocked.locator('.block-reason h4').innerText()).trim(), 'Why');
      assert.match(await blocked.locator('.block-reason').innerText(), /Claude Code has been classified as high-risk software/);
      assert.match(text, /Deadline: July 10, 2026/);
      assert.match(text, /Use instead: Qoder/);
      assert.match(text, /Request an exception/);
      await dismissNotifications(page);
      await clearHover(page);
      // The note sits below the card's first screen: the screenshot is of the card itself.
      await body.locator('article.card').first().screenshot({ path: path.join(SCREENSHOTS, 'panel-blocked-en-light.png') });
    });

    it('shows the plan of "Move my setup to Qoder" in the panel, writing nothing', async () => {
      const { page, workbench: { home } } = session;
      fs.cpSync(MIGRATE_HOME, home, { recursive: true });
      const before = fs.readdirSync(home, { recursive: true }).map(String).sort();
      await usePolicy(session, SEED_POLICY, 'not permitted');
      await dismissNotifications(page);
      await closeEditors(page);
      await statusItem(page).click();
      const body = panelFrame(page).locator('body');
      await body.locator('article.card button.move', { hasText: 'Move my setup to Qoder' }).click();
      const plan = body.locator('section.migration.stage-plan');
      await plan.waitFor({ timeout: 60_000 });
      const text = await plan.innerText();
      assert.match(text, /Move my setup from Claude Code to Qoder/);
      assert.match(text, /Nothing is written until you choose Apply and confirm/);
      assert.match(text, /Your user settings \(home folder /);
      assert.match(text, /=\*{8}/, 'secrets named, masked');
      assert.deepEqual(fs.readdirSync(home, { recursive: true }).map(String).sort(), before, 'nothing written by planning');
      await clearHover(page);
      await plan.screenshot({ path: path.join(SCREENSHOTS, 'panel-move-plan-en-light.png') });
    });
  });
}

/** The same policy in the high-contrast theme. */
export function highContrastCheck(session: Session): void {
  describe('the same policy in the high-contrast theme', function () {
    it('stays readable', async () => {
      const { page } = session;
      await useTheme(session, THEMES.highContrast);
      await usePolicy(session, SEED_POLICY, 'not permitted');
      await dismissNotifications(page);
      await closeEditors(page);
      await statusItem(page).click();
      const body = panelFrame(page).locator('body');
      await body.locator('article.card').waitFor({ timeout: 30_000 });
      await panelFrame(page).locator(`body.${THEMES.highContrast.webviewClass}`).waitFor({ timeout: 30_000 });
      assert.match(await body.innerText(), /Claude Code is no longer permitted/);
      await clearHover(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-en-high-contrast.png') });
    });
  });
}
