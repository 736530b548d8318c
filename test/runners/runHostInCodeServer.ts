/**
 * Runs the host suite (test/host) inside a real VS Code: code-server, opened in headless
 * Chromium with an extension-development payload, so the tests run in the remote
 * (server-side Node) extension host. The extension under test is this repository (its
 * dist/ bundle); the test-double anthropic.claude-code is installed next to it.
 *
 * The suite's result comes back through a file: code-server is started with
 * TOOL_POLICY_HOST_REPORT, the extension host inherits it, and test/host/index.ts writes
 * its JSON report there. This runner waits for that file, prints the mocha output and a
 * summary line, and exits 1 on any failure, on a timeout, or when the extension host ends
 * without a report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { HostReport } from '../host';
import {
  buildTestDouble, CHROMIUM_ARGS, CHROMIUM_PATH, createProfile, ensureEditorHost, installExtension,
  REPO_ROOT, remoteUri, startCodeServer, workbenchUrl, workspaceCopy, type RunningEditor,
} from './codeServer';
import { hostSuiteEnv } from './hostSuiteEnv';

/**
 * Which suite: `host` (test/host), or `security` (test/security, a trusted workspace, then
 * test/security/untrusted in a second editor whose workspace is not trusted).
 */
type Suite = 'host' | 'security' | 'security-untrusted';
const SUITE_ARG = process.argv.includes('--security') ? 'security' : 'host';

const SUITE_TIMEOUT_MS = Number(process.env.TOOL_POLICY_HOST_TIMEOUT_MS ?? 5 * 60_000);
/** How long a report may still take once the extension host has exited. */
const EXIT_GRACE_MS = 3_000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message: string) => console.log(`[host] ${message}`);

function requireBuilt(file: string, script: string): string {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run npm run ${script} first (npm run test:host does both)`);
  return file;
}

type Outcome = { report: HostReport } | { problem: string };

async function waitForReport(reportFile: string, editor: RunningEditor, browserProblem: () => string | undefined): Promise<Outcome> {
  let hostExitedAt: number | undefined;
  editor.onLine((line) => {
    if (/Extension Host Process exited/.test(line)) hostExitedAt ??= Date.now();
  });
  const deadline = Date.now() + SUITE_TIMEOUT_MS;
  for (;;) {
    if (fs.existsSync(reportFile)) return { report: JSON.parse(fs.readFileSync(reportFile, 'utf8')) as HostReport };
    const problem = browserProblem();
    if (problem) return { problem };
    if (hostExitedAt !== undefined && Date.now() - hostExitedAt > EXIT_GRACE_MS) {
      return { problem: 'the extension host exited without writing a report (test/host/index.js did not load or run)' };
    }
    if (editor.process.exitCode !== null || editor.process.signalCode !== null) return { problem: 'code-server stopped' };
    if (Date.now() > deadline) return { problem: `no report after ${SUITE_TIMEOUT_MS / 1000} s` };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runSession(suite: Suite, entry: string, extensionTests: string, doubleVsix: string): Promise<Outcome & { log: string }> {
  const untrusted = suite === 'security-untrusted';
  // An untrusted workspace needs workspace trust switched on, and no prompt in the way.
  const profile = createProfile(untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {});
  let editor: RunningEditor | undefined;
  let browser: Browser | undefined;
  try {
    await installExtension(entry, profile, doubleVsix);
    say(`${suite}: installed the test double ${path.basename(doubleVsix)} (${elapsed()})`);
    const folder = workspaceCopy(profile);
    const reportFile = path.join(profile.root, 'host-report.json');
    editor = await startCodeServer({
      entry,
      profile,
      folder,
      workspaceTrust: untrusted,
      env: { ...hostSuiteEnv(profile, doubleVsix), TOOL_POLICY_HOST_REPORT: reportFile, TOOL_POLICY_HOST_SUITE: suite },
    });
    say(`${suite}: code-server ${editor.url} is up (${elapsed()})`);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    let browserProblem: string | undefined;
    page.on('console', (message) => {
      // The workbench styles its log lines ("%c  ERR color: #f33 …"); keep the words.
      if (message.type() === 'error') consoleErrors.push(message.text().replace(/^%c\s*(\S+)\s+color:\s*#\w+\s*/, '$1 ').split('\n').slice(0, 4).join('\n'));
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    page.on('crash', () => { browserProblem = 'the workbench page crashed'; });
    await page.goto(workbenchUrl(editor, folder, [
      ['extensionDevelopmentPath', remoteUri(editor, REPO_ROOT)],
      ['extensionTestsPath', remoteUri(editor, extensionTests)],
    ]));
    say(`${suite}: workbench opened in Chromium; running the suite in the extension host (${elapsed()})`);

    const outcome = await waitForReport(reportFile, editor, () => browserProblem);
    if ('problem' in outcome) {
      console.error(`[host] workbench console errors (last 15):\n${consoleErrors.slice(-15).join('\n') || '(none)'}`);
    }
    return { ...outcome, log: editor.log() };
  } finally {
    await browser?.close().catch(() => undefined);
    await editor?.stop();
    if (process.env.TOOL_POLICY_KEEP_PROFILE) say(`profile kept in ${profile.root}`);
    else fs.rmSync(profile.root, { recursive: true, force: true });
  }
}

/** Prints one session's result; returns how many tests ran, passed and failed. */
function report(suite: Suite, outcome: Outcome & { log: string }): { passed: number; failed: number; broken: boolean } {
  if ('problem' in outcome) {
    console.error(`[host] ${suite}: ${outcome.problem}`);
    console.error(`[host] code-server log (last 40 lines):\n${outcome.log.split('\n').slice(-40).join('\n')}`);
    return { passed: 0, failed: 0, broken: true };
  }
  const { report: result } = outcome;
  process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
  const failed = result.failed > 0 || result.passed === 0;
  if (failed) {
    if (result.passed + result.failed === 0) console.error(`[host] ${suite}: no test ran`);
    console.error(`[host] code-server log (last 30 lines):\n${outcome.log.split('\n').slice(-30).join('\n')}`);
  }
  for (const [name, values] of Object.entries(result.metrics ?? {})) {
    say(`measured ${name}: ${[...values].sort((a, b) => a - b).map((v) => `${Math.round(v)} ms`).join(', ')}`);
  }
  say(`${suite}: suite took ${(result.durationMs / 1000).toFixed(1)} s; whole run ${elapsed()}`);
  return { passed: result.passed, failed: result.failed, broken: result.passed === 0 };
}

async function main(): Promise<number> {
  const extensionTests = requireBuilt(path.join(REPO_ROOT, 'out', 'test', 'host', 'index.js'), 'compile-tests');
  requireBuilt(path.join(REPO_ROOT, 'dist', 'extension.js'), 'build');
  const entry = ensureEditorHost();
  const doubleVsix = buildTestDouble();
  const suites: Suite[] = SUITE_ARG === 'security' ? ['security', 'security-untrusted'] : ['host'];
  let passed = 0;
  let failed = 0;
  const broken: Suite[] = [];
  for (const suite of suites) {
    const result = report(suite, await runSession(suite, entry, extensionTests, doubleVsix));
    passed += result.passed;
    failed += result.failed;
    if (result.broken) broken.push(suite);
  }
  if (broken.length > 0) console.log(`[host] no result from: ${broken.join(', ')}`);
  if (SUITE_ARG === 'security') console.log(`security: ${passed + failed} hostile cases ran in the real editor: ${passed} passed, ${failed} failed`);
  else console.log(`host: ${passed} passed, ${failed} failed`);
  return failed > 0 || broken.length > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`[host] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  console.log(`${SUITE_ARG}: 0 passed, 1 failed`);
  process.exit(1);
});
