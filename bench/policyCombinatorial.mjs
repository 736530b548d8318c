// Combinatorial policies (test/unit/combinatorialPolicies.ts): rules × tools × layers ×
// matchers, each file up to 1 MiB. Time to decision in the editor's reader (worker thread,
// merge, findings), in `tool-policy validate`, `scan` and each export, next to a bare
// js-yaml load of the same text (the parser the reader is built on). Each measurement runs
// in its own process, stopped after a cap, so the table is printed whatever happens; the
// command-line figures include starting Node (the first row of the table shows that cost).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, ROOT, saveResults, table } from './lib.mjs';

const require = createRequire(import.meta.url);
const { combinatorialPolicies, CAUGHT_EXTENSION } = require(join(ROOT, 'out/test/unit/combinatorialPolicies.js'));

/** A run longer than this is stopped and shown as "> N s". */
const CAP_MS = Number(process.env.BENCH_COMBINATORIAL_CAP_MS ?? 20_000);
/** Each measurement that finishes is taken this many times; the table shows the median. */
const REPEATS = Number(process.env.BENCH_COMBINATORIAL_REPEATS ?? 3);
const CLI = join(ROOT, 'dist/cli.js');
const PROBE = join(ROOT, 'bench/combinatorialProbe.mjs');

const dir = mkdtempSync(join(tmpdir(), 'policy-combinatorial-'));
const home = join(dir, 'home');
const extension = join(home, '.vscode', 'extensions', `${CAUGHT_EXTENSION.id}-${CAUGHT_EXTENSION.version}`);
mkdirSync(extension, { recursive: true });
writeFileSync(join(extension, 'package.json'), JSON.stringify({ publisher: CAUGHT_EXTENSION.publisher, name: CAUGHT_EXTENSION.name, version: CAUGHT_EXTENSION.version }));
const emptyPath = join(dir, 'bin');
mkdirSync(emptyPath);
const env = { HOME: home, XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config'), PATH: emptyPath, LANG: 'C' };

/**
 * Runs node with `args` REPEATS times (once when it was stopped or failed); resolves with
 * the run of median time (its stdout for the probe's own figure), or why it stopped.
 */
async function run(args) {
  const first = await runOnce(args);
  if (first.capped || first.signal || (first.code !== 0 && first.code !== 2)) return first;
  const runs = [first];
  for (let i = 1; i < REPEATS; i++) runs.push(await runOnce(args));
  // The probe prints its own time first; the command line's runs are timed from outside.
  const key = (outcome) => (args[0] === PROBE ? Number(outcome.stdout.split(' ')[0]) : outcome.elapsed);
  return runs.sort((a, b) => key(a) - key(b))[Math.floor(runs.length / 2)];
}

function runOnce(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let capped = false;
    child.stdout.on('data', (chunk) => { if (stdout.length < 4096) stdout += chunk; });
    child.stderr.on('data', (chunk) => { if (stderr.length < 65536) stderr += chunk; });
    const timer = setTimeout(() => { capped = true; child.kill('SIGKILL'); }, CAP_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ elapsed: performance.now() - started, stdout, stderr, code, signal, capped });
    });
  });
}

/** How a run is shown: its time, "> N s" when it was stopped, or what killed it. */
function shown(outcome, elapsed = outcome.elapsed) {
  if (outcome.capped) return `> ${CAP_MS / 1000} s`;
  if (/heap out of memory|Allocation failed/i.test(outcome.stderr)) return `out of memory (${(outcome.elapsed / 1000).toFixed(1)} s)`;
  if (outcome.signal) return `killed (${outcome.signal})`;
  return ms(elapsed);
}

const rows = [];
const results = [];
const baseline = await run(['-e', '']);
rows.push(['(starting Node, nothing else)', '—', '—', '—', '—', '—', ms(baseline.elapsed), '—', '—', '—']);

for (const kase of combinatorialPolicies()) {
  const files = kase.layers.map((text, index) => {
    const file = join(dir, `layer-${index}.yaml`);
    writeFileSync(file, text);
    return file;
  });
  const policyArgs = files.flatMap((file) => ['--policy', file]);
  const largest = Math.max(...kase.layers.map((text) => Buffer.byteLength(text)));

  const bare = await run([PROBE, 'js-yaml', ...files]);
  const editor = await run([PROBE, 'editor', ...files]);
  const [editorMs, editorFindings] = editor.code === 0 ? editor.stdout.split(' ').map(Number) : [];
  const validate = await run([CLI, 'validate', ...files]);
  const scan = await run([CLI, 'scan', ...policyArgs, '--home', home, '--format', 'json', '--now', '2026-01-01T00:00:00Z']);
  let scanFindings;
  try { scanFindings = JSON.parse(scan.stdout.length < 4096 ? scan.stdout : '{}').findings?.length; } catch { /* shown as a time only */ }
  const exports = {};
  for (const format of ['osquery', 'fleet', 'vscode-policy']) exports[format] = await run([CLI, 'export', '--format', format, ...policyArgs, '--now', '2026-01-01T00:00:00Z']);

  const editorCell = editor.code === 0 ? `${ms(editorMs)} (${editorFindings} findings)` : editor.capped || editor.signal || /memory/.test(editor.stderr) ? shown(editor) : `failed: ${editor.stderr.trim().split('\n').pop()}`;
  rows.push([
    kase.name,
    `${kase.layers.length} × ${(largest / 1024).toFixed(0)} KB`,
    bare.code === 0 ? ms(Number(bare.stdout)) : shown(bare),
    editorCell,
    `${shown(validate)}${validate.code === 0 || validate.capped ? '' : ` (exit ${validate.code})`}`,
    shown(scan),
    ms(baseline.elapsed),
    shown(exports.osquery),
    shown(exports.fleet),
    shown(exports['vscode-policy']),
  ]);
  results.push({
    name: kase.name,
    layers: kase.layers.length,
    largestBytes: largest,
    bareJsYamlMs: bare.code === 0 ? Number(bare.stdout) : null,
    editorMs: editorMs ?? null,
    editorFindings: editorFindings ?? null,
    expectedFindings: kase.findings,
    validate: { ms: validate.capped ? null : validate.elapsed, exit: validate.code },
    scan: { ms: scan.capped ? null : scan.elapsed, exit: scan.code, findings: scanFindings ?? null },
    exports: Object.fromEntries(Object.entries(exports).map(([format, outcome]) => [format, { ms: outcome.capped ? null : outcome.elapsed, exit: outcome.code, shown: shown(outcome) }])),
    capMs: CAP_MS,
  });
}
rmSync(dir, { recursive: true, force: true });

table('Combinatorial policies: time to decision per face (command-line columns include starting Node), vs a bare js-yaml load of the same files',
  ['policy', 'files', 'bare js-yaml load', "editor's reader + findings", 'validate', 'scan', 'node start', 'export osquery', 'export fleet', 'export vscode-policy'], rows);
console.log(`\nMedian of ${REPEATS} runs. Target (SPEC §1): every file up to 1 MiB, in any combination, decided within 2 s on every face. Runs over ${CAP_MS / 1000} s are stopped. Exit code 2 (violations found) counts as a finished scan.`);
saveResults('policy-combinatorial', { results });
