// `npm run bench`: every benchmark in turn. Results also go to bench/results/*.json.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

console.log(`# Tool Policy Notices benchmarks — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
for (const script of ['bundle.mjs', 'policyLoad.mjs', 'policyHostile.mjs', 'policyCombinatorial.mjs', 'commandLine.mjs', 'processTree.mjs', 'machineScan.mjs', 'jetbrains.mjs', 'exportScale.mjs', 'hostileHomes.mjs', 'editor.mjs']) {
  execFileSync(process.execPath, [join(ROOT, 'bench', script)], { stdio: 'inherit' });
}
