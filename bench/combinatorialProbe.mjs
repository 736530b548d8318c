// One measurement of bench/policyCombinatorial.mjs, run in its own process so that the
// caller can stop it after a cap: `node combinatorialProbe.mjs editor|js-yaml FILE…`
// (files highest layer first). Prints the milliseconds taken, or an error.
//
// editor: what the extension does when its policy files change: each file read through
// the editor's worker-thread readers (src/machine/policyReaders.ts), the layers merged, and the
// snapshot built (findings and status bar, src/core/snapshot.ts) for an editor in which the
// cases' caught extension is installed, in slices as the extension host runs them
// (src/vscode/slices.ts); then, timed apart, the model the panel shows (its first 200
// cards, built when the policy panel is open). A 1 ms timer on the same thread records the
// longest time it had to wait: the longest stall an editor would see.
// js-yaml: a bare js-yaml load of each file, the parser the reader is built on.
// Prints: milliseconds to the snapshot, findings, milliseconds for the panel, CPU
// milliseconds of the whole process (every thread) over both, longest stall in milliseconds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const [mode, ...files] = process.argv.slice(2);
const LAYERS = ['managed', 'user', 'workspace'];
const texts = files.map((file) => readFileSync(file));

if (mode === 'js-yaml') {
  const { load } = require(join(ROOT, 'node_modules/js-yaml'));
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const bytes of texts) load(bytes.toString('utf8'));
  const elapsed = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  process.stdout.write(`${elapsed} ${(user + system) / 1000}`);
} else {
  const { PolicyParseWorker } = require(join(ROOT, 'out/src/machine/policyParseWorker.js'));
  const { mergeLayerSteps } = require(join(ROOT, 'out/src/core/policy/mergeLayers.js'));
  const { snapshotSteps } = require(join(ROOT, 'out/src/core/snapshot.js'));
  const { inSlices } = require(join(ROOT, 'out/src/vscode/slices.js'));
  const { formatMessage } = require(join(ROOT, 'out/src/core/present/localize.js'));
  const { NOTHING_OBSERVED } = require(join(ROOT, 'out/src/core/detect/gatherEvidence.js'));
  const { CAUGHT_EXTENSION } = require(join(ROOT, 'out/test/unit/combinatorialPolicies.js'));
  const { PolicyReaders } = require(join(ROOT, 'out/src/machine/policyReaders.js'));
  // The editor's readers (parsePolicyOffThread): a second thread for a large file that would wait.
  const reader = new PolicyReaders(() => new PolicyParseWorker({ workerFile: join(ROOT, 'dist/policyWorker.js'), deadlineMs: 600_000 }));
  // An editor that has read its policy once already has the thread running.
  await reader.parse('version: 1\norganization: Warm-up\nrules: [{id: r, tool: claude-code}]\n', { layer: 'user', path: 'warm-up.yaml' });
  // The longest wait of a 1 ms timer on this thread: what an editor's other work would wait.
  let longestStall = 0;
  let lastTick = performance.now();
  const watch = setInterval(() => {
    const tick = performance.now();
    longestStall = Math.max(longestStall, tick - lastTick);
    lastTick = tick;
  }, 1);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const sources = await Promise.all(texts.map(async (bytes, index) => {
    const location = { layer: LAYERS[Math.min(index, 2)], path: files[index] };
    const result = await reader.parse(new Uint8Array(bytes), location);
    if (!result.ok) throw new Error(`${files[index]}: ${result.problems[0]?.message}`);
    return { ...location, status: 'ok', policy: result.policy, problems: [] };
  }));
  const policy = await inSlices(mergeLayerSteps(sources));
  const seen = { ...NOTHING_OBSERVED, extensions: [{ id: CAUGHT_EXTENSION.id, version: CAUGHT_EXTENSION.version, enabled: true }] };
  const snapshot = await inSlices(snapshotSteps({
    generation: 1, loaded: true, policy, seen, now: new Date('2026-01-01T00:00:00Z'), subject: { user: 'bench', workspaceFolders: [] },
    t: formatMessage, showWhenCompliant: false, locale: 'en', enforced: [],
  }));
  const elapsed = performance.now() - start;
  const panelStart = performance.now();
  await inSlices(snapshot.shownPanelSteps());
  const panelMs = performance.now() - panelStart;
  const { user, system } = process.cpuUsage(cpu);
  // A last tick, so a stall at the very end counts too.
  await new Promise((resolve) => setTimeout(resolve, 2));
  clearInterval(watch);
  longestStall = Math.max(longestStall, performance.now() - lastTick);
  reader.dispose();
  process.stdout.write(`${elapsed} ${snapshot.findings.length} ${panelMs} ${(user + system) / 1000} ${longestStall}`);
}
