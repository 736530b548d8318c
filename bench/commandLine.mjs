// Command-line detection: the corpus score, per-line latency against the tokenizer it
// replaced (same corpus, same run), the parser's first-use load time, long lines,
// hostile MCP configs (each next to the bare JSON parse of the same file), and what the
// parser costs in the bundle and the .vsix. Needs `npm run package` and
// `npm run compile-tests` first (npm run bench does both).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as legacy from './legacyCommandLine.mjs';
import { median, ms, ROOT, saveResults, table } from './lib.mjs';

const require = createRequire(import.meta.url);
const DIST = join(ROOT, 'dist');
const { BUILT_IN_TOOLS } = require(join(ROOT, 'out/src/core/catalog.js'));
const { readCommandLineCorpus, dialectOf } = require(join(ROOT, 'out/test/unit/commandLineCorpus.js'));
const { matchInvocations } = require(join(ROOT, 'out/src/core/detect/commandMatch.js'));
const { readConfigCommands } = require(join(ROOT, 'out/src/core/detect/configCommands.js'));

// First use, in fresh processes: load dist/parsers.js and compile the parser.
const LOADS = 5;
const loadScript = `
  const started = performance.now();
  const parsers = require(${JSON.stringify(join(DIST, 'parsers.js'))});
  const required = performance.now();
  parsers.loadReader(${JSON.stringify(DIST)}).then((reader) => {
    const loaded = performance.now();
    reader.programsInCommandLine('claude --version');
    console.log(JSON.stringify({ require: required - started, parser: loaded - required, firstLine: performance.now() - loaded }));
  });`;
const loads = Array.from({ length: LOADS }, () => JSON.parse(execFileSync(process.execPath, ['-e', loadScript], { encoding: 'utf8' })));

const parsers = require(join(DIST, 'parsers.js'));
const reader = await parsers.loadReader(DIST);
const corpus = readCommandLineCorpus(ROOT);
const inScope = corpus.filter((c) => c.label !== 'out');
const key = (ids) => [...ids].sort().join(',');
const current = (c, dialect = dialectOf(c.shell)) => key(matchInvocations(BUILT_IN_TOOLS, reader.programsInCommandLine(c.line, dialect)).map((m) => m.toolId));
const previous = (c) => key(legacy.matchCommandLine(BUILT_IN_TOOLS, c.line).map((m) => m.toolId));

function score(read, lines = inScope) {
  const runs = lines.filter((c) => c.label === 'runs');
  const lookalikes = lines.filter((c) => c.label === 'lookalike');
  const detected = runs.filter((c) => read(c) === key(c.tools)).length;
  const falsePositives = lookalikes.filter((c) => read(c) !== '').length;
  return { runs: runs.length, detected, lookalikes: lookalikes.length, falsePositives };
}
const pct = (s) => `${s.detected}/${s.runs} (${((100 * s.detected) / s.runs).toFixed(1)} %)`;
const fp = (s) => `${s.falsePositives}/${s.lookalikes}`;
const scores = { current: score(current), unknownShell: score((c) => current(c, undefined)), previous: score(previous) };
const shells = ['bash', 'zsh', 'fish', 'powershell', 'cmd'];
table(`Corpus test/corpus/commandLines.tsv: ${inScope.length} labelled lines (${corpus.length - inScope.length} more out of scope)`,
  ['reader', 'in-scope runs detected', 'false positives (look-alikes)', 'goal'], [
    ['tree-sitter bash + PowerShell/cmd splitters, shell known', pct(scores.current), fp(scores.current), '≥ 97 %, 0'],
    ['the same, shell unknown', pct(scores.unknownShell), fp(scores.unknownShell), '—'],
    ['previous hand tokenizer', pct(scores.previous), fp(scores.previous), '—'],
  ]);
table('Corpus by shell (shell known)', ['shell', 'runs detected', 'false positives', 'previous tokenizer: detected, false positives'],
  shells.map((shell) => {
    const lines = inScope.filter((c) => c.shell === shell);
    const now = score(current, lines);
    const before = score(previous, lines);
    return [shell, pct(now), fp(now), `${pct(before)}, ${fp(before)}`];
  }));

// Per-line latency: each line read REPEAT times after a warm-up, the median per line.
const REPEAT = 25;
function perLine(read) {
  for (const c of inScope) read(c);
  return inScope.map((c) => {
    const times = [];
    for (let i = 0; i < REPEAT; i++) {
      const start = process.hrtime.bigint();
      read(c);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(times);
  });
}
const quantile = (values, q) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const latency = { current: perLine(current), previous: perLine(previous) };
const ratio = (q) => (quantile(latency.current, q) / quantile(latency.previous, q)).toFixed(1);
table(`Per-line match latency over the ${inScope.length} corpus lines (median of ${REPEAT} per line)`, ['reader', 'p50', 'p99', 'max'], [
  ['tree-sitter bash + splitters', ms(quantile(latency.current, 0.5)), ms(quantile(latency.current, 0.99)), ms(Math.max(...latency.current))],
  ['previous hand tokenizer', ms(quantile(latency.previous, 0.5)), ms(quantile(latency.previous, 0.99)), ms(Math.max(...latency.previous))],
  ['ratio (tree-sitter / previous)', `${ratio(0.5)}×`, `${ratio(0.99)}×`, '—'],
]);

// Long lines: read at once (unit tests, MCP arguments) and sliced (the editor).
const longRows = [];
for (const size of [8 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024]) {
  const unit = 'git commit -m "notes $(date) here"; echo a b c | grep -v x; ';
  const line = `${unit.repeat(Math.ceil(size / unit.length)).slice(0, size - 20)}; claude --version`;
  const started = performance.now();
  const found = reader.programsInCommandLine(line).some((inv) => inv.program === 'claude');
  const atOnce = performance.now() - started;
  let longest = 0;
  let sliceStart = performance.now();
  const slicedStarted = performance.now();
  const sliced = await reader.readCommandLine(line, 'posix', async () => {
    longest = Math.max(longest, performance.now() - sliceStart);
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  });
  longest = Math.max(longest, performance.now() - sliceStart);
  const slicedMs = performance.now() - slicedStarted;
  longRows.push([`${size / 1024} KiB`, ms(atOnce), ms(slicedMs), ms(longest), String(found && sliced.some((inv) => inv.program === 'claude'))]);
}
table('Long lines (a command at the very end)', ['line', 'read at once', 'read in slices (editor)', 'longest slice', 'command found'], longRows);

// Hostile MCP configs: a `~/.claude.json` whose one server's command line is built to be
// costly, next to an ordinary server; the file parsed and its command lines read within
// the file's budget (configCommands.ts), as a scan does. The peer: parsing the same file.
const claudeJson = (args, command = 'bash') => JSON.stringify({ projects: { '/home/me/app': { mcpServers: { hostile: { command, args }, cc: { command: 'claude', args: ['mcp', 'serve'] } } } } });
const hostileFiles = [
  ['$(…) nested 40,000 deep', claudeJson(['-c', `${'$( '.repeat(40_000)}claude${' )'.repeat(40_000)}`])],
  ['$(…) nested 200,000 deep (1.2 MB)', claudeJson(['-c', `${'$( '.repeat(200_000)}claude${' )'.repeat(200_000)}`])],
  ['backticks nested 40,000 deep', claudeJson(['-c', 'echo `'.repeat(40_000)])],
  ['40,000 `)` (the parser crawls)', claudeJson(['-c', `${')'.repeat(40_000)}; claude`])],
  ['`find -exec` chained 20,000 deep', claudeJson([...Array.from({ length: 20_000 }, () => ['.', '-exec', 'find']).flat(), 'claude'], 'find')],
  ['600,000 arguments (1.2 MB)', claudeJson(Array.from({ length: 600_000 }, () => 'x'), 'claude')],
  ['400 ordinary servers', JSON.stringify({ mcpServers: Object.fromEntries(Array.from({ length: 400 }, (_, k) => [`s${k}`, { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', `/home/me/p${k}`] }])) })],
];
const hostileRows = [];
for (const [name, text] of hostileFiles) {
  const parsedAt = performance.now();
  const parsed = parsers.parseMcpConfig(text);
  const parseMs = performance.now() - parsedAt;
  const readAt = performance.now();
  const readings = readConfigCommands(reader, parsed.servers);
  const readMs = performance.now() - readAt;
  const unread = readings.filter((r) => r.incomplete !== undefined);
  const found = readings.filter((r) => r.invocations.some((inv) => inv.program === 'claude')).length;
  hostileRows.push([name, `${(text.length / 1024).toFixed(0)} KB`, ms(parseMs), ms(readMs), `${unread.length} of ${readings.length}${unread[0] ? `: ${unread[0].incomplete.replace(/ \(.*$/, '')}` : ''}`, String(found)]);
}
table('Hostile MCP configs (one file each: parse, then every server read within the file\'s budget)', ['~/.claude.json', 'size', 'JSON parse (peer)', 'command lines read', 'not fully read', 'servers running claude found'], hostileRows);

table(`First use in a fresh process, median of ${LOADS}`, ['step', 'median', 'spread'], [
  ['require dist/parsers.js', ms(median(loads.map((l) => l.require))), `${ms(Math.min(...loads.map((l) => l.require)))} – ${ms(Math.max(...loads.map((l) => l.require)))}`],
  ['compile the WebAssembly runtime and bash grammar', ms(median(loads.map((l) => l.parser))), `${ms(Math.min(...loads.map((l) => l.parser)))} – ${ms(Math.max(...loads.map((l) => l.parser)))}`],
  ['first line read', ms(median(loads.map((l) => l.firstLine))), '—'],
]);

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const size = (file) => (existsSync(file) ? statSync(file).size : undefined);
const kb = (bytes) => (bytes === undefined ? 'not built' : `${(bytes / 1024).toFixed(1)} KB`);
const sizes = {
  activation: size(join(DIST, 'extension.js')),
  parsers: size(join(DIST, 'parsers.js')),
  runtimeWasm: size(join(DIST, 'web-tree-sitter.wasm')),
  grammarWasm: size(join(DIST, 'tree-sitter-bash.wasm')),
  vsix: size(join(ROOT, `tool-policy-notices-${version}.vsix`)),
};
table('What the parser costs', ['artifact', 'size', 'loaded'], [
  ['dist/extension.js (activation bundle)', kb(sizes.activation), 'at activation (budget ≤ 200 KB)'],
  ['dist/parsers.js (shell and MCP parsers)', kb(sizes.parsers), 'first terminal, command line or MCP file'],
  ['dist/web-tree-sitter.wasm', kb(sizes.runtimeWasm), 'with parsers.js'],
  ['dist/tree-sitter-bash.wasm', kb(sizes.grammarWasm), 'with parsers.js'],
  [`tool-policy-notices-${version}.vsix`, kb(sizes.vsix), '—'],
]);
saveResults('commandLine', { scores, latency: { currentP50: quantile(latency.current, 0.5), currentP99: quantile(latency.current, 0.99), previousP50: quantile(latency.previous, 0.5), previousP99: quantile(latency.previous, 0.99) }, loads, long: longRows, hostile: hostileRows, sizes });
