// Process-tree snapshot cost at ~1,000 and ~5,000 processes: this extension's reader
// (the subtree of one terminal, and a full /proc scan) against ps-list and pidtree,
// measured in the same run on the same tree. The idle children are spawned for the run
// and killed afterwards.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import psList from 'ps-list';
import pidtree from 'pidtree';
import { median, ms, ROOT, saveResults, table, time } from './lib.mjs';

const require = createRequire(import.meta.url);
const { LinuxProcessReader } = require(join(ROOT, 'out/src/machine/processes/linuxProc.js'));

if (process.platform !== 'linux') {
  console.log('process-tree benchmark: Linux only (it spawns thousands of idle processes); skipped');
  process.exit(0);
}

const reader = new LinuxProcessReader();

/** A shell that stands for a terminal, with `count` idle `sleep` children. */
async function spawnTree(count) {
  const shell = spawn('bash', ['-c', `for i in $(seq ${count}); do sleep 600 & done; wait`], { stdio: 'ignore', detached: true });
  const reader = new LinuxProcessReader();
  for (let i = 0; i < 600; i++) {
    const found = await reader.descendants([shell.pid]);
    if (found.length >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return shell;
}

async function killTree(shell) {
  try { process.kill(-shell.pid, 'SIGKILL'); } catch { /* gone */ }
  // Wait until they are reaped, so the next row starts from a quiet machine.
  for (let i = 0; i < 200 && (await reader.descendants([shell.pid])).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 100 && (await reader.all()).filter((p) => p.name === 'sleep').length > 0; i++) await new Promise((r) => setTimeout(r, 50));
}

const results = [];
for (const [count, layout] of [[1000, 'terminal of 3 on a busy machine'], [1000, 'all in the terminal'], [5000, 'terminal of 3 on a busy machine'], [5000, 'all in the terminal']]) {
  // Either every idle child sits below the terminal's shell (the worst case), or they
  // are elsewhere on the machine and the terminal runs 3 processes (the usual case).
  const busy = await spawnTree(count);
  const shell = layout === 'all in the terminal' ? busy : await spawnTree(3);
  try {
    const total = (await reader.all()).length;
    const runs = count >= 5000 ? 5 : 10;
    const subtree = await time(() => reader.descendants([shell.pid]), { runs });
    const fullScan = await time(() => reader.all(), { runs });
    const psListTimes = await time(() => psList(), { runs });
    const pidtreeTimes = await time(() => pidtree(shell.pid), { runs });

    const sizes = { subtree: (await reader.descendants([shell.pid])).length, psList: (await psList()).length, pidtree: (await pidtree(shell.pid)).length };
    results.push({ layout, children: count, processesOnMachine: total, sizes, subtreeMs: median(subtree), fullScanMs: median(fullScan), psListMs: median(psListTimes), pidtreeMs: median(pidtreeTimes) });
  } finally {
    await killTree(shell);
    await killTree(busy);
  }
}

table('Process-tree snapshot, median (same tree, same run)', ['layout', 'on machine', 'subtree (ours)', 'full /proc (ours)', 'ps-list', 'pidtree', 'ps-list ÷ ours'],
  results.map((r) => [r.layout, r.processesOnMachine, ms(r.subtreeMs), ms(r.fullScanMs), ms(r.psListMs), ms(r.pidtreeMs), `${(r.psListMs / r.subtreeMs).toFixed(1)}× (full: ${(r.psListMs / r.fullScanMs).toFixed(1)}×)`]));
console.log('\npidtree returns pids only (no names or arguments); ps-list and ours return names and arguments.');
saveResults('process-tree', { results });
