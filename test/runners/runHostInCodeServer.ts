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
  buildTestDouble, CHROMIUM_ARGS, CHROMIUM_PATH, createProfile, ensureEditorHost, freePort, installExtension,
  REPO_ROOT, remoteUri, startCodeServer, workbenchUrl, workspaceCopy, type Profile, type RunningEditor,
} from './codeServer';
import { hostSuiteEnv } from './hostSuiteEnv';

/**
 * Which suite: `host` (test/host, then the restart pair), `security` (test/security, a
 * trusted workspace, then test/security/untrusted in a second editor whose workspace is
 * not trusted), or `--restart` (the restart pair alone).
 *
 * The restart pair (test/host/restart): one editor, then another started on the same
 * server-side profile on another port and opened in a new browser, as a person opening
 * code-server from another browser or device would; the second one's extension clock
 * is turned back (TOOL_POLICY_TEST_CLOCK_SHIFT_MS), the machine's is not.
 */
type Suite = 'host' | 'security' | 'security-untrusted' | 'restart-before' | 'restart-after';
const SUITE_ARG = process.argv.includes('--security') ? 'security' : process.argv.includes('--restart') ? 'restart' : 'host';
/** How far the second editor of the restart pair turns its clock back: past yesterday's deadline. */
const RESTART_CLOCK_SHIFT_MS = -3 * 86_400_000;

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

/** A profile a later session starts on again (the restart pair), with what the first set up in it. */
interface SharedProfile {
  readonly profile: Profile;
  readonly folder: string;
  readonly env: Record<string, string>;
}

async function newProfile(suite: Suite, entry: string, doubleVsix: string): Promise<SharedProfile> {
  // An untrusted workspace needs workspace trust switched on, and no prompt in the way.
  const untrusted = suite === 'security-untrusted';
  const profile = createProfile(untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {});
  await installExtension(entry, profile, doubleVsix);
  say(`${suite}: installed the test double ${path.basename(doubleVsix)} (${elapsed()})`);
  return { profile, folder: workspaceCopy(profile), env: hostSuiteEnv(profile, doubleVsix) };
}

/** A free port other than `taken`. */
async function portOtherThan(taken: number | undefined): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port !== taken) return port;
  }
}

interface SessionOptions {
  /** Start on this profile and keep it (the caller removes it); otherwise a new one, removed after. */
  readonly shared?: SharedProfile;
  /** Added to the editor's environment. */
  readonly env?: Record<string, string>;
  /** A port the editor must not use (the one the first of the restart pair used). */
  readonly notPort?: number;
}

async function runSession(suite: Suite, entry: string, extensionTests: string, doubleVsix: string, options: SessionOptions = {}): Promise<Outcome & { log: string; port?: number }> {
  const untrusted = suite === 'security-untrusted';
  let editor: RunningEditor | undefined;
  let browser: Browser | undefined;
  let profile: Profile | undefined = options.shared?.profile;
  try {
    const { profile: used, folder, env } = options.shared ?? await newProfile(suite, entry, doubleVsix);
    profile = used;
    const reportFile = path.join(used.root, `host-report-${suite}.json`);
    editor = await startCodeServer({
      entry,
      profile: used,
      folder,
      workspaceTrust: untrusted,
      port: await portOtherThan(options.notPort),
      env: { ...env, ...options.env, TOOL_POLICY_HOST_REPORT: reportFile, TOOL_POLICY_HOST_SUITE: suite },
    });
    say(`${suite}: code-server ${editor.url} is up (${elapsed()})`);

    // Each launch is a new, empty browser profile: nothing of the workbench's browser storage carries over.
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
    return { ...outcome, log: editor.log(), port: editor.port };
  } finally {
    await browser?.close().catch(() => undefined);
    await editor?.stop();
    if (profile && !options.shared) removeProfile(profile);
  }
}

function removeProfile(profile: Profile): void {
  if (process.env.TOOL_POLICY_KEEP_PROFILE) say(`profile kept in ${profile.root}`);
  else fs.rmSync(profile.root, { recursive: true, force: true });
}

/**
 * The restart pair: the first editor leaves a policy past its deadline remembered and then
 * broken; the second, started again on the same profile, another port, a new browser
 * and its clock turned back, must still apply it as a violation.
 */
async function runRestartPair(entry: string, extensionTests: string, doubleVsix: string): Promise<Array<[Suite, Outcome & { log: string }]>> {
  const shared = await newProfile('restart-before', entry, doubleVsix);
  try {
    const env = { TOOL_POLICY_FILE: path.join(shared.profile.root, 'restart-policy.yaml') };
    const before = await runSession('restart-before', entry, extensionTests, doubleVsix, { shared, env });
    if ('problem' in before || before.report.failed > 0) return [['restart-before', before]];
    const after = await runSession('restart-after', entry, extensionTests, doubleVsix, {
      shared, notPort: before.port, env: { ...env, TOOL_POLICY_TEST_CLOCK_SHIFT_MS: String(RESTART_CLOCK_SHIFT_MS) },
    });
    return [['restart-before', before], ['restart-after', after]];
  } finally {
    removeProfile(shared.profile);
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
  const suites: Suite[] = SUITE_ARG === 'security' ? ['security', 'security-untrusted'] : SUITE_ARG === 'host' ? ['host'] : [];
  let passed = 0;
  let failed = 0;
  const broken: Suite[] = [];
  const count = (suite: Suite, outcome: Outcome & { log: string }) => {
    const result = report(suite, outcome);
    passed += result.passed;
    failed += result.failed;
    if (result.broken) broken.push(suite);
  };
  // The sessions run side by side, each with its own profile, port and browser: most of a
  // session is waiting for the editor. Their results are printed in a fixed order.
  type Results = Array<[Suite, Outcome & { log: string }]>;
  const sessions: Array<Promise<Results>> = suites.map(async (suite): Promise<Results> => [[suite, await runSession(suite, entry, extensionTests, doubleVsix)]]);
  // TOOL_POLICY_HOST_GREP picks tests of the host suite; the restart pair runs whole or not at all.
  if (SUITE_ARG === 'restart' || (SUITE_ARG === 'host' && !process.env.TOOL_POLICY_HOST_GREP)) {
    sessions.push(runRestartPair(entry, extensionTests, doubleVsix));
  }
  for (const results of await Promise.all(sessions)) for (const [suite, outcome] of results) count(suite, outcome);
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
