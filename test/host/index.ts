/**
 * Entry point of the host suite inside the extension host: the contract of
 * @vscode/test-electron (`run()` rejecting on failure), also used by the code-server
 * runner, which reads the JSON report named by TOOL_POLICY_HOST_REPORT because a browser
 * workbench has no process exit code to hand back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectedMetrics } from './metrics';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  }).sort();
}

export async function run(): Promise<void> {
  const reportFile = process.env.TOOL_POLICY_HOST_REPORT;
  // The extension host routes console output to the workbench, not to a stream this
  // suite can read back, so the summary is written from mocha's runner events instead.
  const lines: string[] = [];
  const failures: Array<{ title: string; error: string }> = [];
  const started = Date.now();
  const stats = { passed: 0, failed: 0, pending: 0 };
  let crash: string | undefined;
  try {
    const { default: Mocha } = await import('mocha');
    const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20_000 });
    for (const file of testFiles(__dirname)) mocha.addFile(file);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      let depth = 0;
      const indent = () => '  '.repeat(depth);
      runner.on('suite', (suite) => { if (suite.title) { lines.push(`${indent()}${suite.title}`); depth++; } });
      runner.on('suite end', (suite) => { if (suite.title) depth--; });
      runner.on('pass', (test) => { stats.passed++; lines.push(`${indent()}✔ ${test.title} (${test.duration ?? 0} ms)`); });
      runner.on('pending', (test) => { stats.pending++; lines.push(`${indent()}- ${test.title}`); });
      runner.on('fail', (test, error: Error) => {
        stats.failed++;
        failures.push({ title: test.fullTitle(), error: error.stack ?? error.message });
        lines.push(`${indent()}${failures.length}) ${test.title}`);
      });
    });
  } catch (error) {
    crash = error instanceof Error ? `${error.stack ?? error.message}` : String(error);
    stats.failed++;
  }
  const durationMs = Date.now() - started;
  lines.push('', `  ${stats.passed} passing (${Math.round(durationMs)}ms)`);
  if (stats.pending > 0) lines.push(`  ${stats.pending} pending`);
  if (stats.failed > 0) lines.push(`  ${stats.failed} failing`);
  failures.forEach((failure, index) => lines.push('', `  ${index + 1}) ${failure.title}:`, `     ${failure.error.replace(/\n/g, '\n     ')}`));
  if (reportFile) {
    fs.writeFileSync(reportFile, JSON.stringify({ ...stats, durationMs, output: `${lines.join('\n')}\n`, crash, metrics: collectedMetrics() }, null, 2));
  }
  if (crash) throw new Error(`the host suite could not run: ${crash}`);
  if (stats.failed > 0) throw new Error(`${stats.failed} host test(s) failed`);
}
