// Prints the unit layer's line coverage by source folder, from c8's json-summary
// (test-results/coverage/coverage-summary.json), and fails when a folder with a floor in
// FLOORS is below it. Usage: node scripts/coverage-by-folder.mjs
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Line coverage each folder must keep, in percent. */
const FLOORS = { 'src/vscode': 80 };

const summary = JSON.parse(readFileSync(join(root, 'test-results', 'coverage', 'coverage-summary.json'), 'utf8'));
const folders = new Map();
for (const [file, data] of Object.entries(summary)) {
  if (file === 'total') continue;
  const path = relative(root, file).split('\\').join('/');
  if (!path.startsWith('src/')) continue;
  const parts = path.split('/');
  // src/extension.ts stands alone; src/core/detect/x.ts counts under src/core/detect.
  const folder = parts.length === 2 ? path : parts.slice(0, -1).join('/');
  const entry = folders.get(folder) ?? { covered: 0, total: 0 };
  entry.covered += data.lines.covered;
  entry.total += data.lines.total;
  folders.set(folder, entry);
}

const percent = ({ covered, total }) => (total === 0 ? 100 : (100 * covered) / total);
const rows = [...folders.entries()].sort(([a], [b]) => a.localeCompare(b));
console.log('\nUnit-layer line coverage by folder (c8):');
for (const [folder, entry] of rows) console.log(`  ${folder.padEnd(28)} ${percent(entry).toFixed(1).padStart(5)} %  (${entry.covered}/${entry.total} lines)`);
const all = rows.reduce((sum, [, e]) => ({ covered: sum.covered + e.covered, total: sum.total + e.total }), { covered: 0, total: 0 });
console.log(`  ${'all of src'.padEnd(28)} ${percent(all).toFixed(1).padStart(5)} %  (${all.covered}/${all.total} lines)`);

let failed = false;
for (const [prefix, floor] of Object.entries(FLOORS)) {
  const entry = rows.filter(([folder]) => folder === prefix || folder.startsWith(`${prefix}/`))
    .reduce((sum, [, e]) => ({ covered: sum.covered + e.covered, total: sum.total + e.total }), { covered: 0, total: 0 });
  if (percent(entry) < floor) {
    console.error(`${prefix}: ${percent(entry).toFixed(1)} % of lines covered by the unit tests, below the floor of ${floor} %`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
