/// <reference lib="dom" />
/** What a person sees and does in the code-server workbench, as playwright steps. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import {
  buildTestDouble, CHROMIUM_ARGS, CHROMIUM_PATH, createProfile, ensureEditorHost, installExtension, REPO_ROOT,
  startCodeServer, workbenchUrl, workspaceCopy, type Profile, type RunningEditor,
} from '../runners/codeServer';

export const STATUS_ITEM = '[id="tool-policy.tool-policy-notices.toolPolicy.status"]';

export function statusItem(page: Page): Locator {
  return page.locator(STATUS_ITEM);
}

/** The computed colour a theme variable stands for, as the browser paints it. */
export async function themeColor(page: Page, variable: string): Promise<string> {
  return page.evaluate((name) => {
    const probe = document.createElement('div');
    probe.style.backgroundColor = `var(${name})`;
    (document.querySelector('.monaco-workbench') ?? document.body).appendChild(probe);
    const color = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return color;
  }, variable);
}

/** The background actually painted behind the status-bar item. */
export async function statusBackground(page: Page): Promise<string> {
  return statusItem(page).evaluate((element) => getComputedStyle(element).backgroundColor);
}

/**
 * Opens the command palette with the keyboard and runs a command by its title. The palette
 * closes when something else takes the focus (a command run just before may still be
 * opening a terminal): then it is opened again, up to three times. A palette that stays
 * open without the command is a failure at once.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const label = title.replace(/^>?\s*/, '');
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+Shift+P');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${label}`);
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      await input.press('Enter');
      return;
    } catch (error) {
      if (attempt >= 3 || await input.isVisible()) throw error;
    }
  }
}

/** The policy panel's document: the webview is an iframe holding the active frame. */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/**
 * Closes notification toasts so they cover neither the status bar nor screenshots. The
 * close action of a toast only shows under the mouse, so each toast is hovered first; the
 * command palette's "Clear All Notifications" is the fallback.
 */
export async function dismissNotifications(page: Page): Promise<void> {
  const toasts = page.locator('.notification-toast-container .notification-toast');
  for (let attempts = 0; attempts < 10 && await toasts.count() > 0; attempts++) {
    const toast = toasts.first();
    try {
      await toast.hover({ timeout: 2000 });
      await toast.locator('.codicon-notifications-clear').click({ timeout: 2000 });
      await toast.waitFor({ state: 'detached', timeout: 2000 });
    } catch {
      break;
    }
  }
  if (await toasts.count() > 0) {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await toasts.first().waitFor({ state: 'detached', timeout: 5000 });
  }
}

export interface LaunchedWorkbench {
  readonly profile: Profile;
  /** The workspace folder the workbench has open. */
  readonly folder: string;
  /** The home folder the editor runs with (HOME). */
  readonly home: string;
  readonly editor: RunningEditor;
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

export interface LaunchOptions {
  readonly theme: string;
  readonly policyFile: string;
  readonly locale?: string;
  /** Fixture extensions (test/fixtures/<name>) to install besides the packaged .vsix. */
  readonly fixtures: readonly string[];
  /** Called with the fresh profile before code-server starts (e.g. to register a language pack). */
  readonly prepare?: (profile: Profile) => void;
  /** More environment for the editor (e.g. HOME, for a home folder of the test's own). */
  readonly env?: Record<string, string>;
}

/** The packaged .vsix and fixtures in a fresh code-server profile (and state folder), opened in Chromium as a person would. */
export async function launchWorkbench(options: LaunchOptions): Promise<LaunchedWorkbench> {
  const entry = ensureEditorHost();
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(REPO_ROOT, `tool-policy-notices-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run npm run package first`);
  const profile = createProfile({ 'workbench.colorTheme': options.theme });
  await installExtension(entry, profile, vsix);
  for (const fixture of options.fixtures) await installExtension(entry, profile, buildTestDouble(fixture));
  options.prepare?.(profile);
  const folder = workspaceCopy(profile);
  // An empty home folder: the terminals a test opens start a plain shell, whatever the
  // machine's ~/.bashrc does (pyenv, conda, nvm: slow and different on every machine).
  // The shell's history goes beside it, so a check comparing the home folder before and
  // after sees only what the product wrote.
  const home = options.env?.HOME ?? path.join(profile.root, 'home');
  fs.mkdirSync(home, { recursive: true });
  const env = { XDG_STATE_HOME: path.join(profile.root, 'state'), HISTFILE: path.join(profile.root, 'shell-history'), ...options.env, HOME: home, TOOL_POLICY_FILE: options.policyFile };
  const editor = await startCodeServer({ entry, profile, folder, ...(options.locale ? { locale: options.locale } : {}), env });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, ...(options.locale ? { locale: options.locale } : {}) });
  await page.goto(workbenchUrl(editor, folder));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    profile, folder, home, editor, browser, page,
    close: async () => {
      await browser.close();
      await editor.stop();
      fs.rmSync(profile.root, { recursive: true, force: true });
    },
  };
}
