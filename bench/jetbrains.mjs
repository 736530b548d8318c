// The JetBrains part of a machine scan: 10 IDEs × 50 plugins in a temporary home (Linux
// layout), read as `tool-policy scan` reads them (every IDE folder, disabled_plugins.txt,
// each plugin's jars until META-INF/plugin.xml, the descriptor parsed), next to a plain
// recursive listing of the same folders measured in the same run: Node's
// readdir({ recursive: true }) and GNU find.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { median, ms, ROOT, saveResults, table, time } from './lib.mjs';

const require = createRequire(import.meta.url);
const { findJetBrainsIdes } = require(join(ROOT, 'out/src/machine/jetbrainsFolders.js'));
const { scanJetBrainsPlugins } = require(join(ROOT, 'out/src/machine/jetbrainsPlugins.js'));
const { ideFolders, libraryJar, pluginJar, write } = require(join(ROOT, 'out/test/cli/jetbrainsFixtures.js'));

/** Median wall and CPU time (user + system, this process's threads, or its waited-for children's) of `fn`. */
async function timeWithCpu(fn, cpuNow) {
  const cpu = [];
  const wall = await time(async () => {
    const before = cpuNow();
    await fn();
    cpu.push(cpuNow() - before);
  }, { runs: 10, warmup: 2 });
  return { wall: median(wall), cpu: median(cpu.slice(-wall.length)) };
}
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** cutime + cstime from /proc/self/stat, in clock ticks of 10 ms. */
const childCpuMs = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
};

const IDES = ['IntelliJIdea', 'PyCharm', 'WebStorm', 'GoLand', 'CLion', 'Rider', 'RubyMine', 'PhpStorm', 'DataGrip', 'RustRover'];
const PER_IDE = 50;
/**
 * A fifth of the plugins are one bare jar; the rest are folders whose lib/ has the plugin's
 * versioned jar and four others: versioned libraries (read only if the plugin's own jar had
 * no descriptor), resources, and an unversioned util.jar, which the IDE's order tries
 * first, so its whole directory is read each time (the costly case).
 */
const BARE_EVERY = 5;

const home = mkdtempSync(join(tmpdir(), 'bench-jetbrains-home-'));
try {
  // Libraries are shared byte for byte, as the same dependency is in many plugins.
  const util = libraryJar(120);
  const kotlin = libraryJar(1500);
  const gson = libraryJar(400);
  const resources = libraryJar(60);
  let jars = 0;
  for (const product of IDES) {
    const { plugins, config } = ideFolders(home, 'linux', `${product}2025.2`);
    write(join(config, 'disabled_plugins.txt'), 'plugin-3\nplugin-7\n');
    for (let i = 0; i < PER_IDE; i++) {
      // Two plugins of fifty are assistants the policy names; the rest are other plugins.
      const id = i === 0 ? 'com.anthropic.code.plugin' : i === 1 ? 'com.github.copilot' : `com.example.plugin${i}`;
      if (i % BARE_EVERY === 0) {
        write(join(plugins, `plugin-${i}-1.0.${i}.jar`), pluginJar(id, 200));
        jars += 1;
        continue;
      }
      const lib = join(plugins, `plugin-${i}`, 'lib');
      write(join(lib, `plugin-${i}-1.0.${i}.jar`), pluginJar(id, 300));
      write(join(lib, 'util.jar'), util);
      write(join(lib, 'kotlin-stdlib-2.1.0.jar'), kotlin);
      write(join(lib, 'gson-2.11.0.jar'), gson);
      write(join(lib, 'resources_en.jar'), resources);
      jars += 5;
    }
  }
  const roots = [join(home, '.local/share/JetBrains'), join(home, '.config/JetBrains')];
  const bytesOnDisk = roots.flatMap((root) => readdirSync(root, { recursive: true }).map((name) => join(root, name))).reduce((sum, file) => sum + statSync(file).size, 0);

  let last;
  const ours = await timeWithCpu(async () => {
    const { ides } = await findJetBrainsIdes(home, 'linux');
    last = await scanJetBrainsPlugins(ides);
  }, ownCpuMs);
  if (last.problems.length > 0) throw new Error(`the scan named problems: ${JSON.stringify(last.problems.slice(0, 3))}`);
  const found = last.plugins.length;
  const claude = last.plugins.filter((plugin) => plugin.pluginId === 'com.anthropic.code.plugin').length;

  let listed = 0;
  const nodeListing = await timeWithCpu(async () => {
    listed = 0;
    for (const root of roots) listed += (await readdir(root, { recursive: true, withFileTypes: true })).length;
  }, ownCpuMs);
  let findListed = 0;
  const findListing = await timeWithCpu(() => {
    findListed = execFileSync('find', roots, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean).length;
  }, childCpuMs);

  const scope = `${IDES.length} IDEs × ${PER_IDE} plugins, ${jars} jars, ${(bytesOnDisk / 1024 / 1024).toFixed(0)} MiB; ${last.read.jars} jars opened, ${(last.read.bytes / 1024 / 1024).toFixed(1)} MiB read`;
  // As a person or MDM runs it: a new process each time, so the readers start cold; against
  // the same command over an empty home, the rest of the scan (processes, PATH) being equal.
  const cli = (scanHome, plugins) => () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'scan', '--policy', join(ROOT, 'policies/alibaba-claude-code.yaml'), '--home', scanHome, '--format', 'json'], { env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // Exit 2 with the IDEs: Claude Code's plugin is in each, and the policy bans it (a
    // process of this machine may make it 2 for the empty home too).
    if (run.status !== 0 && run.status !== 2) throw new Error(`tool-policy scan exited ${run.status}: ${run.stderr}`);
    const found = JSON.parse(run.stdout).findings.flatMap((finding) => finding.evidence).filter((evidence) => evidence.kind === 'jetbrainsPlugin').length;
    if (found !== plugins) throw new Error(`tool-policy scan found ${found} JetBrains plugins, not ${plugins}`);
  };
  const emptyHome = mkdtempSync(join(tmpdir(), 'bench-jetbrains-empty-'));
  const cliFull = await timeWithCpu(cli(home, IDES.length), childCpuMs);
  const cliEmpty = await timeWithCpu(cli(emptyHome, 0), childCpuMs);
  rmSync(emptyHome, { recursive: true, force: true });

  const versus = (other) => `${(ours.wall / other.wall).toFixed(1)}× / ${(ours.cpu / Math.max(other.cpu, 0.01)).toFixed(1)}×`;
  table('JetBrains plugins: the scan\'s part against a plain listing, median (same folders, same run)', ['what', 'scope', 'wall time', 'CPU time', 'ours ÷ this (wall / CPU)'], [
    ['ours: IDE folders, disabled_plugins.txt, jars → plugin.xml, parsed', `${scope}; ${found} plugins identified`, ms(ours.wall), ms(ours.cpu), '1.0×'],
    ['readdir({ recursive: true }) (Node), names only', `the same folders, ${listed} entries`, ms(nodeListing.wall), ms(nodeListing.cpu), versus(nodeListing)],
    ['find (GNU findutils, a new process), names only', `the same folders, ${findListed} entries`, ms(findListing.wall), ms(findListing.cpu), versus(findListing)],
  ]);
  table('tool-policy scan (dist/cli.js, a new process each run), median', ['home', 'wall time', 'CPU time'], [
    [`with the ${IDES.length} IDEs × ${PER_IDE} plugins`, ms(cliFull.wall), ms(cliFull.cpu)],
    ['empty (the rest of the scan: processes, PATH)', ms(cliEmpty.wall), ms(cliEmpty.cpu)],
    ['difference: the JetBrains part, readers starting cold', ms(cliFull.wall - cliEmpty.wall), ms(cliFull.cpu - cliEmpty.cpu)],
  ]);
  console.log(`\nClaude Code's plugin found in ${claude} of ${IDES.length} IDEs. Load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(', ')}.`);
  saveResults('jetbrains', { oursMs: ours.wall, oursCpuMs: ours.cpu, nodeListingMs: nodeListing.wall, nodeListingCpuMs: nodeListing.cpu, findMs: findListing.wall, findCpuMs: findListing.cpu, cliMs: cliFull.wall, cliCpuMs: cliFull.cpu, cliEmptyMs: cliEmpty.wall, cliEmptyCpuMs: cliEmpty.cpu, ides: IDES.length, pluginsPerIde: PER_IDE, jars, bytesOnDisk, found, loadAverage: loadavg() });
} finally {
  rmSync(home, { recursive: true, force: true });
}
