/**
 * Runs the host suite (test/host) inside a real VS Code: code-server, opened in headless
 * Chromium with an extension-development payload. The extension under test is this
 * repository (built into dist/); the test-double anthropic.claude-code is installed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, createProfile, ensureEditorHost, installExtension, REPO_ROOT, remoteUri, startCodeServer, workbenchUrl, workspaceCopy } from './codeServer';

const SUITE_TIMEOUT_MS = 5 * 60_000;

interface HostReport { passed: number; failed: number; pending: number; durationMs: number; output: string; crash?: string; metrics?: Record<string, number[]> }

async function main(): Promise<number> {
  const started = Date.now();
  const entry = ensureEditorHost();
  const doubleVsix = execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-test-double.mjs')], { encoding: 'utf8' }).trim().split('\n').pop() as string;
  const toolsBin = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'install-test-tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop() as string;
  const profile = createProfile();
  await installExtension(entry, profile, doubleVsix);
  const folder = workspaceCopy(profile);
  const reportFile = path.join(profile.root, 'host-report.json');
  const editor = await startCodeServer({
    entry,
    profile,
    folder,
    env: {
      TOOL_POLICY_FILE: path.join(REPO_ROOT, 'test', 'fixtures', 'policies', 'host-seed.yaml'),
      TOOL_POLICY_HOST_REPORT: reportFile,
      TOOL_POLICY_TEST_TOOLS_BIN: toolsBin,
      TOOL_POLICY_TEST_DOUBLE_VSIX: doubleVsix,
    },
  });
  console.log(`[host] code-server ${editor.url} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(workbenchUrl(editor, folder, [
      ['extensionDevelopmentPath', remoteUri(editor, REPO_ROOT)],
      ['extensionTestsPath', remoteUri(editor, path.join(REPO_ROOT, 'out', 'test', 'host', 'index.js'))],
    ]));
    const deadline = Date.now() + SUITE_TIMEOUT_MS;
    while (!fs.existsSync(reportFile)) {
      if (Date.now() > deadline) {
        console.error(`[host] no result after ${SUITE_TIMEOUT_MS / 1000} s; code-server said:\n${editor.log()}`);
        return 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as HostReport;
    process.stdout.write(report.output);
    for (const [name, values] of Object.entries(report.metrics ?? {})) {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(`[host] measured ${name}: ${sorted.map((v) => `${Math.round(v)} ms`).join(', ')}`);
    }
    if (report.crash) console.error(`[host] the suite crashed:\n${report.crash}`);
    console.log(`[host] ${report.passed} passed, ${report.failed} failed, ${report.pending} pending in ${(report.durationMs / 1000).toFixed(1)} s (total ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (report.failed > 0) console.error(`[host] code-server log tail:\n${editor.log().split('\n').slice(-30).join('\n')}`);
    return report.failed > 0 || report.passed === 0 ? 1 : 0;
  } finally {
    await browser.close();
    await editor.stop();
    if (!process.env.TOOL_POLICY_KEEP_PROFILE) fs.rmSync(profile.root, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`[host] ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
