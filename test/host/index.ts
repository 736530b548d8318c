/**
 * Entry point of the host suite inside the extension host, with the contract of
 * @vscode/test-electron: `run()` resolves when every test passed and rejects otherwise.
 *
 * A browser workbench (code-server) has no process exit code and no terminal to hand back,
 * so when TOOL_POLICY_HOST_REPORT names a file, the suite also writes
 * `{ passed, failed, pending, durationMs, output, crash? }` there, where `output` is the
 * spec reporter's text. The code-server runner waits for that file. The report is written
 * even when mocha itself throws, and atomically (temporary file, then rename).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { collectedMetrics } from './metrics';
import { installNetworkTrap, trappedAttempts } from './networkTrap';

export interface HostReport {
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
  output: string;
  crash?: string;
  /** Latencies the tests measured (see metrics.ts), in milliseconds. */
  metrics?: Record<string, number[]>;
}

/** Every compiled `*.test.js` in this folder, sorted, without a glob dependency. */
function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

/** The folder of each suite (TOOL_POLICY_HOST_SUITE; the runner sets it). */
function suiteFolder(suite: string | undefined): string {
  switch (suite) {
    case undefined:
    case 'host': return __dirname;
    case 'security': return path.join(__dirname, '..', 'security');
    case 'security-untrusted': return path.join(__dirname, '..', 'security', 'untrusted');
    case 'restart-before': return path.join(__dirname, 'restart', 'before');
    case 'restart-after': return path.join(__dirname, 'restart', 'after');
    default: throw new Error(`unknown suite "${suite}" in TOOL_POLICY_HOST_SUITE`);
  }
}

type Write = typeof process.stdout.write;

/**
 * Copies everything written through console.log and process.stdout into `sink`, and still
 * passes it on (desktop VS Code shows it in the terminal that runs the tests). Must be in
 * place before mocha is first loaded: mocha's base reporter keeps the console.log it finds
 * at load time.
 */
function captureOutput(sink: string[]): { log: (...args: unknown[]) => void; restore: () => void } {
  const originalLog = console.log;
  const originalWrite = process.stdout.write;
  let inLog = false;
  const log = (...args: unknown[]) => {
    sink.push(`${format(...args)}\n`);
    inLog = true; // console.log may end in process.stdout.write: record it once
    try { originalLog.apply(console, args); } finally { inLog = false; }
  };
  console.log = log;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (!inLog) sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return (originalWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Write;
  return {
    log,
    restore: () => {
      console.log = originalLog;
      process.stdout.write = originalWrite;
    },
  };
}

function writeReport(file: string, report: HostReport): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(report, null, 2));
  fs.renameSync(temporary, file);
}

export async function run(): Promise<void> {
  const reportFile = process.env.TOOL_POLICY_HOST_REPORT;
  const output: string[] = [];
  const started = Date.now();
  const stats = { passed: 0, failed: 0, pending: 0 };
  let crash: string | undefined;
  const capture = captureOutput(output);
  installNetworkTrap();
  try {
    // Loaded only now, so that the reporter writes through the capture.
    const { default: Mocha } = await import('mocha');
    // Also correct when mocha was already loaded in this process before the capture.
    Mocha.reporters.Base.consoleLog = capture.log;
    // TOOL_POLICY_HOST_GREP runs only the matching tests (for a quick local check).
    const grep = process.env.TOOL_POLICY_HOST_GREP;
    const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20_000, slow: 2_000, ...(grep ? { grep } : {}) });
    const files = testFiles(suiteFolder(process.env.TOOL_POLICY_HOST_SUITE));
    if (files.length === 0) throw new Error(`no test files in ${suiteFolder(process.env.TOOL_POLICY_HOST_SUITE)}`);
    for (const file of files) mocha.addFile(file);
    await new Promise<void>((resolve, reject) => {
      try {
        const runner = mocha.run(() => resolve());
        runner.on('pass', () => { stats.passed++; });
        runner.on('fail', () => { stats.failed++; });
        runner.on('pending', () => { stats.pending++; });
      } catch (error) {
        reject(error); // a test file that does not load
      }
    });
  } catch (error) {
    crash = error instanceof Error ? error.stack ?? error.message : String(error);
    stats.failed++;
  } finally {
    capture.restore();
  }
  const attempts = trappedAttempts();
  output.push(`\nnetwork: ${attempts.length} connection attempt(s) by the extension trapped (none allowed)\n`);
  for (const attempt of attempts) output.push(`  ${attempt.what}\n${attempt.stack.split('\n').slice(1, 8).join('\n')}\n`);
  if (attempts.length > 0) stats.failed++;
  if (crash) output.push(`\nthe host suite could not run:\n${crash}\n`);
  if (reportFile) {
    writeReport(reportFile, { ...stats, durationMs: Date.now() - started, output: output.join(''), metrics: collectedMetrics(), ...(crash ? { crash } : {}) });
  }
  if (crash) throw new Error(`the host suite could not run: ${crash}`);
  if (stats.failed > 0) throw new Error(`${stats.failed} host test(s) failed`);
}
