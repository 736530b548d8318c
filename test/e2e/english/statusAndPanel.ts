/// <reference lib="dom" />
/**
 * The status bar and the policy panel through a deadline, as a person sees them in the
 * dark theme: a warning, then a violation, the panel from the command palette and from a
 * click, the panel brought back after a reload, policy text shown as text, and the
 * offending extension uninstalled from the panel. Screenshots go to
 * test-results/screenshots/ (git-ignored).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { closeEditors, SCREENSHOTS, SEED_POLICY, statusShows, THEMES, usePolicy, useTheme, type Session } from '../session';
import { dismissNotifications, panelFrame, runCommand, statusBackground, statusItem, themeColor } from '../workbench';

/** The seed policy with its deadline moved to `days` from today (UTC). */
export function seedWithDeadlineIn(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return SEED_POLICY.replace('deadline: 2026-07-10', `deadline: ${date}`).replace('timezone: Asia/Shanghai', 'timezone: UTC');
}

async function screenshotStatusBar(page: Page, name: string): Promise<void> {
  const bar = page.locator('.part.statusbar');
  const box = await bar.boundingBox();
  assert.ok(box, 'the status bar is on screen');
  await page.screenshot({ path: path.join(SCREENSHOTS, name), clip: { x: 0, y: Math.max(box.y - 120, 0), width: Math.min(box.width, 900), height: box.height + 120 } });
}

/** The checks of the status bar and panel through a deadline, in the dark theme. */
export function statusAndPanelChecks(session: Session): void {
  describe('status bar and panel through a deadline (dark theme)', function () {
    let page: Page;
    let policyFile: string;

    beforeEach(async () => {
      ({ page, policyFile } = session);
      await useTheme(session, THEMES.dark);
    });

    it('warns in the status bar twelve days before the deadline, on the warning background', async () => {
      const item = statusItem(page);
      await usePolicy(session, seedWithDeadlineIn(12), 'days left');
      assert.equal((await item.innerText()).trim(), 'Claude Code: 12 days left');
      assert.ok(await item.locator('.codicon-warning').count() > 0, 'a warning icon leads the text');
      assert.match(await item.getAttribute('class') ?? '', /\bwarning-kind\b/, 'the workbench styles it as a warning item');
      const warning = await themeColor(page, '--vscode-statusBarItem-warningBackground');
      assert.notEqual(warning, 'rgba(0, 0, 0, 0)');
      assert.equal(await statusBackground(page), warning);
      await dismissNotifications(page);
      await screenshotStatusBar(page, 'status-warning.png');
    });

    it('explains the deadline and the alternative in the panel opened from the command palette', async () => {
      await usePolicy(session, seedWithDeadlineIn(12), 'days left');
      await runCommand(page, 'Tool Policy: Show Policy Panel');
      const body = panelFrame(page).locator('body');
      await body.locator('article.card', { hasText: '12 days left' }).waitFor({ timeout: 30_000 });
      const text = await body.innerText();
      assert.match(text, /Alibaba Group/);
      assert.match(text, /Claude Code is no longer permitted/);
      assert.match(text, /high-risk/);
      assert.match(text, /12 days left/);
      assert.match(text, /Qoder/);
      assert.match(text, /qodercli/);
      assert.match(text, /anthropic\.claude-code 0\.0\.1/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-warning.png') });
    });

    it('turns into a violation on the error background once the policy says the deadline has passed', async () => {
      await usePolicy(session, seedWithDeadlineIn(12), 'days left');
      // The person's IT department updates the policy file; no reload.
      fs.writeFileSync(policyFile, SEED_POLICY);
      const item = statusItem(page);
      await statusShows(page, 'not permitted');
      assert.match((await item.innerText()).trim(), /^Claude Code not permitted · \d+ days overdue$/);
      assert.ok(await item.locator('.codicon-error').count() > 0, 'an error icon leads the text');
      assert.match(await item.getAttribute('class') ?? '', /\berror-kind\b/, 'the workbench styles it as an error item');
      const error = await themeColor(page, '--vscode-statusBarItem-errorBackground');
      assert.notEqual(error, 'rgba(0, 0, 0, 0)');
      assert.equal(await statusBackground(page), error);

      // Asked for again from the command palette: the open panel comes forward, updated.
      await dismissNotifications(page);
      await runCommand(page, 'Tool Policy: Show Policy Panel');
      const body = panelFrame(page).locator('body');
      await body.getByText('days overdue').first().waitFor({ timeout: 30_000 });
      const text = await body.innerText();
      assert.match(text, /Alibaba Group/);
      assert.match(text, /Claude Code/);
      assert.match(text, /2026-07-10/);
      assert.match(text, /Asia\/Shanghai/);
      assert.match(text, /Not permitted/);
      assert.match(text, /(?<!\d)\d+ days overdue/);
      assert.match(text, /Qoder/);
      assert.doesNotMatch(text, /days left/);
      await dismissNotifications(page);
      await screenshotStatusBar(page, 'status-violation.png');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-violation.png') });
    });

    it('opens the panel with a click on the status-bar item', async () => {
      await usePolicy(session, SEED_POLICY, 'not permitted');
      await closeEditors(page);
      await statusItem(page).click();
      await panelFrame(page).locator('article.card').waitFor({ timeout: 30_000 });
    });

    it('brings the open panel back, filled in, after the window reloads (serializer)', async () => {
      await usePolicy(session, SEED_POLICY, 'not permitted');
      await dismissNotifications(page);
      await runCommand(page, 'Tool Policy: Show Policy Panel');
      await panelFrame(page).locator('article.card').waitFor({ timeout: 30_000 });
      // Reload as a person would: the command shuts the window down gracefully, so the
      // workbench saves its open editors (a browser reload may not get to).
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const body = panelFrame(page).locator('body');
      await body.locator('article.card').waitFor({ timeout: 60_000 });
      assert.match(await body.innerText(), /Alibaba Group/);
    });

    it('shows HTML and script in policy text and names as literal text, and runs none of it', async () => {
      const payload = '<img src=x onerror="window.__xss=1;document.title=\'pwned\'"><script>window.__xss=2</script>';
      fs.writeFileSync(policyFile, [
        'version: 1',
        `organization: ${JSON.stringify(`ACME ${payload}`)}`,
        'timezone: UTC',
        'tools:',
        '  - id: evil-helper',
        `    name: ${JSON.stringify(`Claude ${payload}`)}`,
        '    extensions: [anthropic.claude-code]',
        'rules:',
        '  - id: xss-check',
        '    tool: evil-helper',
        `    title: ${JSON.stringify(`Title ${payload}`)}`,
        `    reason: ${JSON.stringify(`Reason ${payload} [link](command:workbench.action.quit)`)}`,
        '    alternative:',
        `      name: ${JSON.stringify(`Alt ${payload}`)}`,
        '      commands: [qodercli]',
        '',
      ].join('\n'));
      await runCommand(page, 'Tool Policy: Show Policy Panel');
      const body = panelFrame(page).locator('body');
      await body.getByText('Title <img', { exact: false }).first().waitFor({ timeout: 30_000 });
      const text = await body.innerText();
      assert.ok(text.includes(`ACME ${payload}`), 'the organisation is shown as typed');
      assert.ok(text.includes(`Title ${payload}`), 'the title is shown as typed');
      assert.ok(text.includes('Reason <img src=x'), 'the reason is shown as typed');
      assert.ok(text.includes('[link](command:workbench.action.quit)'), 'a Markdown link is not a link');
      assert.equal(await body.locator('#root img, #root script, #root a').count(), 0, 'no element came from policy text');
      // Evaluated in the panel's own document, where a payload would have run.
      assert.equal(await body.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
      assert.equal(await body.evaluate(() => document.title), 'Tool Policy');
      assert.notEqual(await page.title(), 'pwned');
      await statusShows(page, 'Claude <img');
      assert.equal(await statusItem(page).locator('img, script').count(), 0);
    });
  });
}

/** Remediation from the panel: last in a session, since it removes the extension the other checks find. */
export function uninstallCheck(session: Session): void {
  describe('remediation from the panel (dark theme)', function () {
    it('uninstalls the offending extension from the panel after a confirmation, and the notice goes away', async () => {
      const { page } = session;
      await useTheme(session, THEMES.dark);
      await usePolicy(session, SEED_POLICY, 'Claude Code not permitted');
      await dismissNotifications(page);
      await closeEditors(page);
      await statusItem(page).click();
      const button = panelFrame(page).getByRole('button', { name: 'Uninstall…' });
      await button.waitFor({ timeout: 30_000 });
      await button.click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 10_000 });
      assert.match(await dialog.innerText(), /Uninstall Claude Code \(anthropic\.claude-code\)\?/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'uninstall-confirmation.png') });
      await dialog.getByRole('button', { name: 'Uninstall', exact: true }).click();
      // With the extension gone nothing breaks the policy: the item leaves the status bar.
      await statusItem(page).waitFor({ state: 'hidden', timeout: 30_000 });
      await panelFrame(page).locator('#root').getByText('Nothing on this machine breaks the policy.').waitFor({ timeout: 30_000 });
    });
  });
}
