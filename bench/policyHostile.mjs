// Hostile policy files (each ≤ 1 MiB) and a plain 10,000-rule policy: time to decision
// through the worker-thread reader the extension uses, the longest stall of the calling
// thread's event loop meanwhile, the synchronous reader (the command-line tool's path),
// and a bare yaml.parse and js-yaml load of the same text in a child process that is
// killed after a cap.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, ROOT, saveResults, table } from './lib.mjs';

const require = createRequire(import.meta.url);
const { PolicyParseWorker } = require(join(ROOT, 'out/src/machine/policyParseWorker.js'));
const { parsePolicy } = require(join(ROOT, 'out/src/core/policy/parsePolicy.js'));
const { hostilePolicies } = require(join(ROOT, 'out/test/unit/hostilePolicies.js'));

/** A bare yaml.parse that takes longer than this is stopped and shown as "> N s". */
const BARE_CAP_MS = 20_000;
/** The reader's deadline is lifted here, so the table shows how long a decision really takes. */
const BENCH_DEADLINE_MS = 120_000;

const dir = mkdtempSync(join(tmpdir(), 'policy-hostile-'));
const source = { layer: 'managed', path: '/etc/tool-policy/policy.yaml' };

/** Runs `work` while a 1 ms interval watches the event loop; returns its duration and the longest gap. */
async function withStallProbe(work) {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const result = await work();
  const elapsed = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(probe);
  return { result, elapsed, longestStall: Math.max(longest, performance.now() - last) };
}

/** A bare parse by `library` (`yaml`'s parse or js-yaml's load) in a child process that is killed after the cap. */
function bareParse(file, library) {
  const call = library === 'yaml' ? 'parse' : 'load';
  const script = `const { ${call} } = require(${JSON.stringify(join(ROOT, 'node_modules', library))});
const text = require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8');
const start = performance.now();
try { ${call}(text); } catch {}
process.stdout.write(String(performance.now() - start));`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', script], { timeout: BARE_CAP_MS, killSignal: 'SIGKILL' }, (error, stdout) => {
      resolve(error ? undefined : Number(stdout));
    });
  });
}

const outcome = (result) => (result.ok ? `applied (${result.policy.rules.length} rules)` : `refused (${result.problems.length} problems listed)`);

const reader = new PolicyParseWorker({ workerFile: join(ROOT, 'dist/policyWorker.js'), deadlineMs: BENCH_DEADLINE_MS });
// Start the thread first, as an editor that has already read its policy once would have.
await reader.parse('version: 1\norganization: Warm-up\nrules: [{id: r, tool: claude-code}]\n', source);

const rows = [];
const results = [];
for (const hostile of hostilePolicies()) {
  const bytes = Buffer.byteLength(hostile.text);
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, hostile.text);
  const bytesIn = new TextEncoder().encode(hostile.text);
  const worker = await withStallProbe(() => reader.parse(bytesIn, source));
  // The peer for the stall: the same probe over the same time with no read at all, which
  // shows what the machine's scheduler and garbage collector alone cost the thread.
  const idle = await withStallProbe(() => new Promise((resolve) => setTimeout(resolve, worker.elapsed)));
  const syncStart = performance.now();
  const sync = parsePolicy(hostile.text, source);
  const syncMs = performance.now() - syncStart;
  const bareMs = await bareParse(file, 'yaml');
  const bareJsYamlMs = await bareParse(file, 'js-yaml');
  if (worker.result.ok !== hostile.expect.ok || sync.ok !== hostile.expect.ok) throw new Error(`${hostile.name} decided wrongly: ${outcome(worker.result)}`);
  results.push({ name: hostile.name, bytes, decisionMs: worker.elapsed, longestStallMs: worker.longestStall, idleStallMs: idle.longestStall, syncMs, bareYamlParseMs: bareMs ?? null, bareJsYamlLoadMs: bareJsYamlMs ?? null, bareCapMs: BARE_CAP_MS, outcome: outcome(worker.result) });
  rows.push([
    hostile.name,
    `${(bytes / 1024).toFixed(0)} KB`,
    outcome(worker.result),
    ms(worker.elapsed),
    ms(worker.longestStall),
    ms(idle.longestStall),
    ms(syncMs),
    bareMs === undefined ? `> ${BARE_CAP_MS / 1000} s` : ms(bareMs),
    bareJsYamlMs === undefined ? `> ${BARE_CAP_MS / 1000} s` : ms(bareJsYamlMs),
  ]);
}
reader.dispose();
rmSync(dir, { recursive: true, force: true });

table('Hostile policy files: decision through the worker reader, longest stall of the calling thread, vs bare yaml.parse and js-yaml load (child process, capped)',
  ['file', 'size', 'decision', 'time to decision', 'longest stall', 'same probe, no read', 'sync reader (CLI)', 'bare yaml.parse', 'bare js-yaml load'], rows);
console.log('\nTarget (what the format promises): decided within 2 s; the calling thread never stalls more than 50 ms. The reader stops a file after 10 s (lifted here to show the real time).');
saveResults('policy-hostile', { results });
