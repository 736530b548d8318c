// Exports of large policies through dist/cli.js as a process (what an administrator runs),
// each stopped after a cap: time, exit code and output size for osquery, Fleet and
// vscode-policy, next to `validate` of the same file (reading it, without exporting).
// The shapes: `tool: "*"` rules over many tools defined under `tools:` (the combination
// that grew fastest), and many plain rules (one statement each).
//   node bench/exportScale.mjs                         the table
//   EXPORT_CLI=/path/to/cli.js node bench/exportScale.mjs   the same for another build
//   node bench/exportScale.mjs write FILE KB [RULES]   only writes a "*" policy
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, ROOT, saveResults, table } from './lib.mjs';
import { plainRules, starPolicy } from './policyShapes.mjs';

const CAP_MS = Number(process.env.BENCH_EXPORT_CAP_MS ?? 120_000);
const CLI = process.env.EXPORT_CLI ?? join(ROOT, 'dist', 'cli.js');

function runCli(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    execFile(process.execPath, [CLI, ...args], { timeout: CAP_MS, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 ** 3, encoding: 'buffer', env: { PATH: '', LANG: 'C.UTF-8' } }, (error, stdout) => {
      const elapsed = performance.now() - started;
      resolve({ elapsed, code: error ? (typeof error.code === 'number' ? error.code : 'killed') : 0, bytes: stdout?.length ?? 0 });
    });
  });
}

const size = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KB`);

if (process.argv[2] === 'write') {
  const [, , , file, kb, rules] = process.argv;
  const policy = starPolicy(Number(kb), Number(rules ?? 10));
  writeFileSync(file, policy.text);
  console.log(`${file}: ${size(policy.text.length)}, ${policy.shape}`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'export-scale-'));
  const rows = [];
  const results = [];
  for (const policy of [starPolicy(127, 10), starPolicy(1024, 10), starPolicy(1024, 2000), plainRules(2000), plainRules(10_000)]) {
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, policy.text);
    const validate = await runCli(['validate', file]);
    for (const format of ['osquery', 'fleet', 'vscode-policy']) {
      const run = await runCli(['export', '--format', format, '--policy', file, '--now', '2027-12-01']);
      const killed = run.code === 'killed';
      results.push({ bytes: policy.text.length, shape: policy.shape, format, ms: killed ? null : run.elapsed, exitCode: run.code, outputBytes: run.bytes, validateMs: validate.elapsed });
      rows.push([size(policy.text.length), policy.shape, format, killed ? `> ${CAP_MS / 1000} s` : ms(run.elapsed), String(run.code), size(run.bytes), ms(validate.elapsed)]);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  table(`Exports of large policies (${CLI === join(ROOT, 'dist', 'cli.js') ? 'dist/cli.js' : CLI} as a process, all three platforms, capped)`, ['file', 'shape', 'format', 'time', 'exit', 'output', 'validate (reading only)'], rows);
  console.log('\nTarget: every file up to 1 MiB decided (written or refused) within 2 s beyond reading it. One statement per rule, each with its tools\' matchers and every check: past 32 MiB of SQL the export is refused (exit 3).');
  saveResults('export-scale', { capMs: CAP_MS, cli: CLI, results });
}
