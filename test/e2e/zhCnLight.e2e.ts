/// <reference lib="dom" />
/**
 * The same packaged extension with the editor in Simplified Chinese and a light theme:
 * the status bar, the notification and the panel speak Chinese. A minimal fixture
 * language pack lets code-server accept zh-cn as its display language; the extension
 * brings its own translations.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { registerLanguagePack, REPO_ROOT } from '../runners/codeServer';
import { dismissNotifications, launchWorkbench, panelFrame, STATUS_ITEM, statusItem, type LaunchedWorkbench } from './workbench';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** The seed policy in a temporary folder, so screenshots show no path of this checkout. */
function seedCopy(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-e2e-')), 'policy.yaml');
  fs.copyFileSync(path.join(REPO_ROOT, 'policies', 'alibaba-claude-code.yaml'), file);
  return file;
}

describe('the packaged extension in Simplified Chinese, light theme', function () {
  let workbench: LaunchedWorkbench;
  let page: Page;

  before(async function () {
    this.timeout(300_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    workbench = await launchWorkbench({
      theme: 'Default Light Modern',
      locale: 'zh-cn',
      policyFile: seedCopy(),
      fixtures: ['claude-code-double', 'zh-cn-language-pack'],
      prepare: (profile) => registerLanguagePack(profile, 'zh-cn', 'tool-policy-test.zh-cn-language-pack-fixture'),
    });
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
  });

  it('says in Chinese that Claude Code is not permitted, in the status bar and a notification', async () => {
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.includes('不允许使用'), STATUS_ITEM, { timeout: 60_000 });
    assert.match((await statusItem(page).innerText()).trim(), /^不允许使用 Claude Code · 已逾期 \d+ 天$/);
    const toast = page.locator('.notification-toast', { hasText: '阿里巴巴集团' }).first();
    await toast.waitFor({ timeout: 30_000 });
    // The rule's own title and alternative in Chinese, from the file written in both languages.
    assert.match(await toast.innerText(), /阿里巴巴集团：不再允许使用 Claude Code（已逾期 \d+ 天）。请改用 Qoder。/);
    assert.match(await toast.innerText(), /查看政策/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notification-zh-cn.png') });
  });

  it('explains the policy in Chinese in the panel', async () => {
    await dismissNotifications(page);
    await statusItem(page).click();
    const body = panelFrame(page).locator('body');
    await body.locator('article.card').waitFor({ timeout: 30_000 });
    const text = await body.innerText();
    // The policy's own words in Chinese too, from the same file the English reader gets.
    assert.match(text, /阿里巴巴集团 — AI 工具政策/);
    assert.match(text, /不再允许使用 Claude Code/);
    assert.match(text, /高风险软件/);
    assert.match(text, /阿里巴巴自研的智能编程平台/);
    assert.doesNotMatch(text, /Claude Code is no longer permitted|high-risk software/);
    assert.match(text, /来源: 您的用户政策中的规则/);
    assert.match(text, /截止日期/);
    assert.match(text, /2026年7月10日/);
    assert.match(text, /已逾期 \d+ 天/);
    assert.match(text, /请改用: Qoder/);
    assert.match(text, /本扩展检查哪些内容/);
    assert.match(text, /每个工作区文件夹中 \.vscode\/mcp\.json 里的 MCP 服务器定义/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'panel-zh-cn-light.png') });
  });
});
