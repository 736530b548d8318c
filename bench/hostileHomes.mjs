// Hostile homes: home folders an owner could plant to hang, crash or fool the
// organisation's scan, each run through the real command line (`node dist/cli.js scan
// --home H --format json`) as a process that is killed after a cap. Each row: time to a
// decision, exit code next to the one the contract asks for (2 when a violation is there to
// be found, 5 when something could not be read and no violation was found, never 0 when
// something was unreadable), and whether the output quotes anything it should not (the
// content of files planted as symbolic links, the process's environment). The fixtures are
// built at run time in a temporary folder; starting Node and a clean home are the peers.
//   node bench/hostileHomes.mjs            the table
//   node bench/hostileHomes.mjs CASE…      only the cases whose names contain one of the words
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, ROOT, saveResults, table } from './lib.mjs';

const require = createRequire(import.meta.url);
const { ideFolders, jar, write } = require(join(ROOT, 'out/test/cli/jetbrainsFixtures.js'));

const CAP_MS = Number(process.env.BENCH_HOSTILE_HOME_CAP_MS ?? 60_000);
const CLI = join(ROOT, 'dist/cli.js');
/** prlimit (util-linux) runs the scan with a lower limit on open files; found on this PATH, not the scan's empty one. */
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((file) => existsSync(file)) ?? 'prlimit';
/** Put in the scan's environment: it must never come out, even through a link to /proc/self/environ. */
const SECRET = 'planted-secret-7d1c0f3e9a';
/** First in the environment, so /proc/self/environ starts with it: a quoted first few bytes show. */
const SECRET_NAME = 'PLANTED_TOKEN';
const NOW = '2026-01-01T00:00:00Z';
const MiB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'hostile-homes-'));
const emptyPath = join(dir, 'bin');
mkdirSync(emptyPath);

const POLICY_LINES = ['version: 1', 'organization: Bench Corp', 'timezone: UTC', 'rules:', '  - id: no-claude', '    tool: claude-code', '    deadline: 2025-01-01', '    reason: Not sanctioned', ''];
const policyFile = join(dir, 'policy.yaml');
writeFileSync(policyFile, POLICY_LINES.join('\n'));
const crPolicyFile = join(dir, 'policy-cr.yaml');
writeFileSync(crPolicyFile, POLICY_LINES.join('\r'));

let homes = 0;
function newHome() {
  const home = join(dir, `home-${homes++}`);
  mkdirSync(home);
  return home;
}
const extensions = (home) => join(home, '.vscode', 'extensions');
/** A real Claude Code extension folder, as VS Code installs it. */
function claudeExtension(home) {
  write(join(extensions(home), 'anthropic.claude-code-2.0.1', 'package.json'), JSON.stringify({ publisher: 'anthropic', name: 'claude-code', version: '2.0.1' }));
}
const claudeServer = { command: 'claude', args: ['mcp', 'serve'] };
const deepCommand = (depth) => `${'$( '.repeat(depth)}claude${' )'.repeat(depth)}`;

/** Every case: its fixture (built when it runs), the bytes planted, and the exit code the contract asks for. */
const CASES = [
  { name: 'clean home (peer)', expected: 0, build: () => ({ home: newHome(), bytes: 0 }) },
  {
    name: 'Claude Code extension (peer)', expected: 2, build: () => {
      const home = newHome();
      claudeExtension(home);
      return { home, bytes: 0 };
    },
  },
  {
    name: '~/.npmrc: prefix=a + 1 MiB of spaces + one char', expected: 5, build: () => {
      const home = newHome();
      const text = `prefix=a${' '.repeat(MiB)}b\n`;
      writeFileSync(join(home, '.npmrc'), text);
      return { home, bytes: text.length };
    },
  },
  ...[40_000, 240_000].map((depth) => ({
    name: `MCP command nesting $(…) ${depth.toLocaleString('en')} deep`, expected: 5, build: () => {
      const home = newHome();
      const text = JSON.stringify({ mcpServers: { deep: { command: 'bash', args: ['-c', deepCommand(depth)] } } });
      writeFileSync(join(home, '.claude.json'), text);
      return { home, bytes: text.length };
    },
  })),
  {
    name: 'same 40,000 deep next to a claude server', expected: 2, build: () => {
      const home = newHome();
      const text = JSON.stringify({ mcpServers: { deep: { command: 'bash', args: ['-c', deepCommand(40_000)] }, cc: claudeServer } });
      writeFileSync(join(home, '.claude.json'), text);
      return { home, bytes: text.length };
    },
  },
  {
    name: '~/.claude.json over 16 MiB', expected: 5, build: () => {
      const home = newHome();
      const text = JSON.stringify({ padding: 'x'.repeat(16 * MiB + 1024), mcpServers: { cc: claudeServer } });
      writeFileSync(join(home, '.claude.json'), text);
      return { home, bytes: text.length };
    },
  },
  {
    name: '"mcpServers": [] in one project, claude server in another', expected: 2, build: () => {
      const home = newHome();
      const text = JSON.stringify({ projects: { '/work/a': { mcpServers: [] }, '/work/b': { mcpServers: { cc: claudeServer } } } });
      writeFileSync(join(home, '.claude.json'), text);
      return { home, bytes: text.length };
    },
  },
  {
    name: '1,000 junk extension folders, fd limit 64, one Claude Code', expected: 2, nofile: 64, build: () => {
      const home = newHome();
      for (let i = 0; i < 1000; i++) write(join(extensions(home), `junk-${i}`, 'package.json'), JSON.stringify({ publisher: 'junk', name: `j${i}`, version: '1.0.0' }));
      claudeExtension(home);
      return { home, bytes: 0 };
    },
  },
  {
    name: 'links to /etc/shadow and /proc/self/environ', expected: 5, build: () => {
      const home = newHome();
      mkdirSync(join(home, '.cursor'));
      mkdirSync(join(extensions(home), 'acme.tool-1.0.0'), { recursive: true });
      symlinkSync('/proc/self/environ', join(home, '.claude.json'));
      symlinkSync('/etc/shadow', join(home, '.npmrc'));
      symlinkSync('/etc/shadow', join(home, '.cursor', 'mcp.json'));
      symlinkSync('/proc/self/environ', join(extensions(home), 'extensions.json'));
      symlinkSync('/etc/shadow', join(extensions(home), 'acme.tool-1.0.0', 'package.json'));
      return { home, bytes: 0 };
    },
  },
  {
    name: 'zip bomb plugin jar (256 MiB descriptor)', expected: 5, build: () => {
      const home = newHome();
      const { plugins } = ideFolders(home, 'linux', 'IntelliJIdea2025.2');
      const body = new Uint8Array(256 * MiB).fill(0x20);
      body.set(new TextEncoder().encode('<idea-plugin><id>com.anthropic.code.plugin</id>'));
      const bomb = jar({ 'META-INF/plugin.xml': body }, 9);
      write(join(plugins, 'bomb.jar'), bomb);
      return { home, bytes: bomb.length };
    },
  },
  {
    name: '10,000-deep folders in an extensions folder', expected: 0, build: () => {
      const home = newHome();
      const start = join(extensions(home), 'acme.deep-1.0.0');
      mkdirSync(start, { recursive: true });
      // Past PATH_MAX: built one level at a time from inside.
      const back = process.cwd();
      process.chdir(start);
      for (let i = 0; i < 10_000; i++) {
        mkdirSync('d');
        process.chdir('d');
      }
      process.chdir(back);
      return { home, bytes: 0 };
    },
  },
  {
    name: 'extensions.json under 16 MiB (65,000 entries)', expected: 0, build: () => {
      const home = newHome();
      const entries = Array.from({ length: 65_000 }, (_, i) => ({ identifier: { id: `junk.ext${i}`, uuid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` }, version: '1.0.0', location: { $mid: 1, path: `/nowhere/junk.ext${i}-1.0.0`, scheme: 'file' }, relativeLocation: `junk.ext${i}-1.0.0` }));
      const text = JSON.stringify(entries);
      mkdirSync(extensions(home), { recursive: true });
      writeFileSync(join(extensions(home), 'extensions.json'), text);
      return { home, bytes: text.length };
    },
  },
  {
    name: 'extensions.json over 16 MiB', expected: 5, build: () => {
      const home = newHome();
      const text = JSON.stringify([{ identifier: { id: 'junk.ext' }, version: '1.0.0', padding: 'x'.repeat(17 * MiB) }]);
      mkdirSync(extensions(home), { recursive: true });
      writeFileSync(join(extensions(home), 'extensions.json'), text);
      return { home, bytes: text.length };
    },
  },
  {
    name: 'policy with CR-only line ends, Claude Code installed', expected: 2, policy: crPolicyFile, build: () => {
      const home = newHome();
      claudeExtension(home);
      return { home, bytes: statSync(crPolicyFile).size };
    },
  },
];

/** CPU time (user + system) of the waited-for children so far, from /proc/self/stat (cutime, cstime; ticks of 10 ms). */
function childCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function runScan(home, { policy = policyFile, nofile } = {}) {
  const args = [CLI, 'scan', '--policy', policy, '--home', home, '--format', 'json', '--now', NOW];
  const [command, argv] = nofile ? [PRLIMIT, [`--nofile=${nofile}`, process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve) => {
    const cpuBefore = childCpuMs();
    const started = performance.now();
    const child = spawn(command, argv, { env: { [SECRET_NAME]: SECRET, PATH: emptyPath, LANG: 'C.UTF-8', HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let timedOut = false;
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, CAP_MS);
    child.on('error', (error) => { err.push(Buffer.from(String(error))); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ elapsed: performance.now() - started, cpu: childCpuMs() - cpuBefore, code, signal, timedOut, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Pieces of /etc/shadow that must never be printed: each line's start and each password field. */
function shadowPieces() {
  try {
    return readFileSync('/etc/shadow', 'utf8').split('\n').filter(Boolean).flatMap((line) => [line.slice(0, 8), line.split(':')[1] ?? ''].filter((piece) => piece.length >= 4));
  } catch {
    return [];
  }
}
const SHADOW = shadowPieces();

/**
 * What the output quotes that it should not: any of the environment (from
 * /proc/self/environ: the planted variable's name or its value's first bytes), pieces of
 * /etc/shadow.
 */
function leaks(run) {
  const text = run.stdout + run.stderr;
  const found = [];
  if (text.includes(`${SECRET_NAME}=`) || text.includes(SECRET.slice(0, 8)) || text.includes(SECRET_NAME.slice(0, 8))) found.push('environment');
  if (SHADOW.some((piece) => text.includes(piece))) found.push('/etc/shadow');
  return found.length ? `LEAK: ${found.join(', ')}` : 'no';
}

const size = (bytes) => (bytes === 0 ? '—' : bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : bytes >= 10 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${bytes} B`);
const wanted = process.argv.slice(2);
const rows = [];
const results = [];
let failures = 0;

const nodeStart = await new Promise((resolve) => {
  const started = performance.now();
  spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).on('close', () => resolve(performance.now() - started));
});
rows.push(['(starting Node, nothing else)', '—', ms(nodeStart), '—', '—', '—', '—', '—', '—', '—', loadavg()[0].toFixed(2)]);

for (const kase of CASES) {
  if (wanted.length && !wanted.some((word) => kase.name.includes(word))) continue;
  const { home, bytes } = kase.build();
  const load = loadavg()[0];
  const run = await runScan(home, kase);
  let status = '';
  try { status = JSON.parse(run.stdout).status ?? ''; } catch { status = run.stdout ? 'unparsable output' : 'no output'; }
  const exit = run.timedOut ? 'TIMEOUT' : run.signal ? `killed (${run.signal})` : String(run.code);
  const ok = !run.timedOut && run.code === kase.expected;
  const leak = leaks(run);
  if (!ok || leak !== 'no') failures++;
  const lastError = run.stderr.trim().split('\n').pop() ?? '';
  let problems = '—';
  try { problems = String(JSON.parse(run.stdout).scanProblems.length); } catch { /* no report */ }
  const output = Buffer.byteLength(run.stdout) + Buffer.byteLength(run.stderr);
  rows.push([kase.name, size(bytes), run.timedOut ? `> ${CAP_MS / 1000} s` : `${ms(run.elapsed)} / ${ms(run.cpu)}`, exit, String(kase.expected), ok ? 'yes' : 'NO', status, problems, size(output), leak, load.toFixed(2)]);
  results.push({ name: kase.name, bytes, ms: run.timedOut ? null : run.elapsed, cpuMs: run.timedOut ? null : run.cpu, exit: run.timedOut ? 'TIMEOUT' : run.code, expected: kase.expected, status, problems, outputBytes: output, leak, loadAverage: load, stderrTail: lastError.slice(0, 300), fdLimit: kase.nofile ?? null });
}
// A 10,000-deep tree is past what Node's rmSync walks; rm removes it.
if (existsSync(dir)) {
  chmodSync(dir, 0o700);
  execFileSync('rm', ['-rf', dir]);
}

table(`Hostile homes: \`node dist/cli.js scan --home H --format json\` as a process, killed after ${CAP_MS / 1000} s`,
  ['home', 'planted', 'time (wall / CPU)', 'exit', 'expected', 'as expected', 'status', 'problems named', 'output', 'output leaks', 'load (1 min)'], rows);
console.log('\nExpected: 2 when a violation is there to be found, 5 when something could not be read and no violation was found, 0 only when everything was read; never a hang. Leaks: the planted environment variable or pieces of /etc/shadow in stdout or stderr.');
if (failures) console.log(`${failures} case(s) not as expected.`);
saveResults('hostile-homes', { capMs: CAP_MS, results });
