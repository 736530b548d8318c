/// <reference lib="dom" />
/**
 * One workbench shared by many checks: launched once in the before hook of the describe
 * block that asks for it, closed in its after hook. Starting code-server and Chromium is
 * the slow part of this layer, so each display language gets one workbench, and a check
 * that needs another policy or theme switches it inside the session (the policy file, the
 * theme picker) and waits until the workbench shows it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../runners/codeServer';
import { launchWorkbench, panelFrame, runCommand, STATUS_ITEM, statusItem, type LaunchedWorkbench, type LaunchOptions } from './workbench';

export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
export const SEED_POLICY = fs.readFileSync(path.join(REPO_ROOT, 'policies', 'alibaba-claude-code.yaml'), 'utf8');
/** The seed policy with the rule's extension blocked once the deadline has passed. */
export const BLOCKING_POLICY = SEED_POLICY.replace('    deadline: 2026-07-10', '    enforce: block\n    deadline: 2026-07-10');
/** The seed policy with its deadline far off: nothing to notify, so a session can start on it without a notification in the way. */
export const QUIET_SEED_POLICY = SEED_POLICY.replace('deadline: 2026-07-10', 'deadline: 2099-07-10');

/**
 * The seed policy under a rule id the window has not notified yet: a notification shows
 * at most once a day per rule, so a check of the notification brings a rule of its own.
 */
export function seedUnderNewRuleId(ruleId: string): string {
  return SEED_POLICY.replace('id: claude-code-ban', `id: ${ruleId}`);
}

/** A colour theme: its id (the setting's value), its name in the theme picker, and the classes the workbench and a webview's document carry while it is in force. */
export interface Theme {
  readonly id: string;
  readonly label: string;
  readonly workbenchClass: string;
  readonly webviewClass: string;
}

export const THEMES = {
  dark: { id: 'Default Dark Modern', label: 'Dark Modern', workbenchClass: 'vs-dark', webviewClass: 'vscode-dark' },
  light: { id: 'Default Light Modern', label: 'Light Modern', workbenchClass: 'vs', webviewClass: 'vscode-light' },
  highContrast: { id: 'Default High Contrast', label: 'Dark High Contrast', workbenchClass: 'hc-black', webviewClass: 'vscode-high-contrast' },
} as const satisfies Record<string, Theme>;

export interface Session {
  readonly workbench: LaunchedWorkbench;
  readonly page: Page;
  /** The user-layer policy file the editor reads (TOOL_POLICY_FILE), in a temporary folder so screenshots show no path of this checkout. */
  readonly policyFile: string;
}

export interface SessionOptions extends Omit<LaunchOptions, 'policyFile' | 'theme'> {
  readonly theme: Theme;
  /** What the policy file holds when the editor starts. */
  readonly policy: string;
}

/** Registers the launch and the close of one workbench in the calling describe block. */
export function sharedWorkbench(options: SessionOptions): Session {
  let launched: { workbench: LaunchedWorkbench; policyFile: string } | undefined;
  let folder: string | undefined;
  before(async function () {
    this.timeout(300_000);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-e2e-'));
    const policyFile = path.join(folder, 'policy.yaml');
    fs.writeFileSync(policyFile, options.policy);
    const workbench = await launchWorkbench({ ...options, theme: options.theme.id, policyFile });
    launched = { workbench, policyFile };
    // The workbench paints a default theme first; the checks start once the settings' one is in force.
    await workbench.page.waitForFunction((name) => document.querySelector('.monaco-workbench')?.classList.contains(name), options.theme.workbenchClass, { timeout: 60_000 });
  });
  after(async () => {
    await launched?.workbench.close();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });
  const running = () => {
    if (!launched) throw new Error('the workbench did not start (see the before hook)');
    return launched;
  };
  return {
    get workbench() { return running().workbench; },
    get page() { return running().workbench.page; },
    get policyFile() { return running().policyFile; },
  };
}

/**
 * Puts `text` in the policy file and waits until the status bar shows `expected`. (A
 * policy that blocks the extension changes the status once the block is in force: wait
 * on the panel's note instead.)
 */
export async function usePolicy(session: Session, text: string, expected: string): Promise<void> {
  fs.writeFileSync(session.policyFile, text);
  await statusItem(session.page).waitFor({ timeout: 60_000 });
  await statusShows(session.page, expected);
}

/** Waits until the status-bar item's text holds `expected`. */
export async function statusShows(page: Page, expected: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(([selector, wanted]) => document.querySelector(selector as string)?.textContent?.includes(wanted as string), [STATUS_ITEM, expected], { timeout });
}

/**
 * Switches the colour theme as a person would (Preferences: Color Theme, the theme's name,
 * Enter; the user settings file is not watched for changes made from outside), and waits until the workbench, and the policy panel when one is open, are
 * painted in it.
 */
export async function useTheme(session: Session, theme: Theme): Promise<void> {
  const { page } = session;
  const inForce = () => page.evaluate((name) => document.querySelector('.monaco-workbench')?.classList.contains(name) ?? false, theme.workbenchClass);
  if (!await inForce()) {
    // Preferences: Color Theme, by its keyboard shortcut (typed in the palette, its title also finds "Browse Color Themes in Marketplace").
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await page.locator('.quick-input-widget input[placeholder^="Select Color Theme"]').waitFor({ timeout: 10_000 });
    await page.keyboard.type(theme.label, { delay: 15 });
    // Enter takes the highlighted row: only once it is the theme asked for.
    await page.locator('.quick-input-list .monaco-list-row.focused .label-name', { hasText: new RegExp(`^${theme.label}$`) }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.querySelector('.monaco-workbench')?.classList.contains(name), theme.workbenchClass, { timeout: 30_000 });
  }
  if (await page.locator('iframe.webview.ready').count() > 0) {
    await panelFrame(page).locator(`body.${theme.webviewClass}`).waitFor({ timeout: 30_000 });
  }
}

/** Closes every editor, the policy panel with them: the next check opens a panel of its own. */
export async function closeEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10_000 });
}

/** Moves the mouse off the status bar so no hover covers a screenshot. */
export async function clearHover(page: Page): Promise<void> {
  await page.mouse.move(900, 20);
  await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}
