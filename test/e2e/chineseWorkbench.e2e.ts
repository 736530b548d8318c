/// <reference lib="dom" />
/**
 * The same packaged extension with the editor in Simplified Chinese and a light theme:
 * the status bar and its tooltip, the notification, the panel, a blocked extension's card
 * and the exported report speak Chinese, from the policy file written in both languages.
 * A minimal fixture language pack lets code-server accept zh-cn as its display language;
 * the extension brings its own translations.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerLanguagePack } from '../runners/codeServer';
import { BLOCKING_POLICY, closeEditors, QUIET_SEED_POLICY, SCREENSHOTS, SEED_POLICY, seedUnderNewRuleId, sharedWorkbench, THEMES, usePolicy, useTheme } from './session';
import { dismissNotifications, panelFrame, runCommand, statusItem } from './workbench';

/** Latin words outside Markdown code spans (where the report puts policy text, paths and ids) and the time stamp. */
function latinWordsOutsideCode(markdown: string): string[] {
  const prose = markdown.replace(/(?<!`)(`+) [\s\S]*? \1/g, '').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '');
  return [...new Set(prose.match(/[A-Za-z][\w.]*/g) ?? [])].sort();
}

describe('the packaged extension in a Simplified Chinese workbench, light theme', function () {
  const session = sharedWorkbench({
    theme: THEMES.light,
    locale: 'zh-cn',
    policy: QUIET_SEED_POLICY,
    fixtures: ['claude-code-double', 'zh-cn-language-pack'],
    prepare: (profile) => registerLanguagePack(profile, 'zh-cn', 'tool-policy-test.zh-cn-language-pack-fixture'),
  });

  beforeEach(async () => {
    await useTheme(session, THEMES.light);
  });

  it('says in Chinese that Claude Code is not permitted, in the status bar and a notification', async () => {
    const { page } = session;
    await dismissNotifications(page);
    await usePolicy(session, seedUnderNewRuleId('claude-code-ban-read-in-chinese'), '不允许使用');
    assert.match((await statusItem(page).innerText()).trim(), /^不允许使用 Claude Code · 已逾期 \d+ 天$/);
    const toast = page.locator('.notification-toast', { hasText: '阿里巴巴集团' }).first();
    await toast.waitFor({ timeout: 30_000 });
    // The rule's own title and alternative in Chinese, from the file written in both languages.
    assert.match(await toast.innerText(), /阿里巴巴集团：不再允许使用 Claude Code（已逾期 \d+ 天）。请改用 Qoder。/);
    assert.match(await toast.innerText(), /查看政策/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notification-zh-cn.png') });
  });

  it('gives the policy’s own words in Chinese in the status bar tooltip', async () => {
    const { page } = session;
    await usePolicy(session, SEED_POLICY, '不允许使用');
    await dismissNotifications(page);
    await statusItem(page).hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'AI 工具政策' }).first();
    await hover.waitFor({ timeout: 15_000 });
    const tooltip = await hover.innerText();
    assert.match(tooltip, /阿里巴巴集团 AI 工具政策/);
    assert.match(tooltip, /Claude Code — 不再允许使用 Claude Code \(已逾期 \d+ 天\)/);
    assert.match(tooltip, /点击打开政策面板。/);
    assert.doesNotMatch(tooltip, /Alibaba Group|no longer permitted|Click to open/);
    await page.mouse.move(700, 300);
  });

  it('explains the policy in Chinese in the panel', async () => {
    const { page } = session;
    await usePolicy(session, SEED_POLICY, '不允许使用');
    await dismissNotifications(page);
    await closeEditors(page);
    await statusItem(page).click();
    const body = panelFrame(page).locator('body');
    await body.locator('article.card', { hasText: '不再允许使用 Claude Code' }).waitFor({ timeout: 30_000 });
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

  it('says in Chinese who blocked the extension and why, once the rule blocks it', async () => {
    const { page } = session;
    fs.writeFileSync(session.policyFile, BLOCKING_POLICY);
    await closeEditors(page);
    await statusItem(page).click();
    const blocked = panelFrame(page).locator('body').locator('article .blocked');
    await blocked.waitFor({ timeout: 60_000 });
    const text = await blocked.innerText();
    assert.match(text, /为何被禁用/);
    assert.match(text, /已被本政策阻止（规则“claude-code-ban”，enforce: block）：已通过 extensions\.allowed 设置禁用 anthropic\.claude-code。规则取消后将重新允许。/);
    assert.match(await blocked.locator('.block-reason').innerText(), /Claude Code 已被列为高风险软件/);
    assert.match(text, /截止日期: 2026年7月10日/);
    assert.match(text, /请改用: Qoder/);
    assert.match(text, /申请豁免/);
    assert.doesNotMatch(text, /Blocked by|Disabled by|Deadline|Use instead|Request an exception/);
  });

  it('exports the compliance report in Chinese, the block included', async () => {
    const { page, workbench } = session;
    fs.writeFileSync(session.policyFile, BLOCKING_POLICY);
    // The block is in force once the panel says so: the report is taken after that.
    await statusItem(page).click();
    await panelFrame(page).locator('body').locator('article .blocked').waitFor({ timeout: 60_000 });
    await dismissNotifications(page);
    const target = path.join(workbench.folder, 'tool-policy-report.md');
    await runCommand(page, '工具政策: 导出合规报告');
    // code-server's own save dialog, offering the workspace folder's tool-policy-report.md.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith('tool-policy-report.md'), undefined, { timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: '合规报告已保存到' }).first().waitFor({ timeout: 30_000 });
    const markdown = fs.readFileSync(target, 'utf8');
    assert.match(markdown, /^# 工具政策合规报告/);
    assert.match(markdown, /- 组织：` 阿里巴巴集团 `/);
    assert.match(markdown, /### ` Claude Code ` — 不允许使用/);
    assert.match(markdown, /- 规则：` claude-code-ban `: ` 不再允许使用 Claude Code `/);
    assert.match(markdown, /- 来源：您的用户政策中的规则（toolPolicy\.policyFile 或 TOOL_POLICY_FILE）：` .*policy\.yaml `/);
    assert.match(markdown, /- 原因：`+ Claude Code 已被列为高风险软件/);
    assert.match(markdown, /- 请改用：` Qoder ` ` 阿里巴巴自研的智能编程平台/);
    assert.match(markdown, /- ` 已被本政策阻止（规则“claude-code-ban”，enforce: block）：已通过 extensions\.allowed 设置禁用 anthropic\.claude-code。/);
    assert.match(markdown, /- 截止日期：2026-07-10 \(` Asia\/Shanghai `\), 已逾期 \d+ 天/);
    assert.match(markdown, /## 政策文件/);
    assert.match(markdown, /\(用户，已应用\)/);
    // Outside code spans, only names that are the same in every language stay in Latin letters.
    assert.deepEqual(latinWordsOutsideCode(markdown), ['TOOL_POLICY_FILE', 'toolPolicy.policyFile'], markdown);
  });
});
