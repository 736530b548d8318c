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

const CAP_MS = Number(process.env.BENCH_EXPORT_CAP_MS ?? 120_000);
const CLI = process.env.EXPORT_CLI ?? join(ROOT, 'dist', 'cli.js');

/**
 * A valid policy of about `kilobytes` KB: `rules` rules with `tool: "*"` (a deadline, a
 * reason and an alternative each) and as many tools under `tools:` as fit, each with two
 * extension ids (one a wildcard), a command, a package and a process name.
 */
export function starPolicy(kilobytes, rules) {
  const head = 'version: 1\norganization: Bench Corp\ntimezone: Asia/Shanghai\n';
  const ruleLines = ['rules:\n'];
  for (let i = 0; i < rules; i++) {
    ruleLines.push(`  - { id: all-${i}, tool: "*", deadline: 2027-0${(i % 9) + 1}-01, reason: Not sanctioned, alternative: { name: Qoder, url: "https://qoder.com/" } }\n`);
  }
  const budget = kilobytes * 1024 - head.length - ruleLines.join('').length - 8;
  const toolLines = ['tools:\n'];
  let used = toolLines[0].length;
  for (let i = 0; ; i++) {
    const id = `t${i}`;
    const line = `  - { id: ${id}, extensions: [acme.${id}, "acme.${id}-*"], commands: [${id}], packages: ["@acme/${id}"], processes: [${id}d] }\n`;
    if (used + line.length > budget) break;
    toolLines.push(line);
    used += line.length;
  }
  return { text: head + toolLines.join('') + ruleLines.join(''), shape: `${rules} × "*" over ${toolLines.length - 1} tools` };
}

/** `count` plain rules, each naming one catalog tool with a deadline (what a large real policy looks like). */
export function plainRules(count) {
  const tools = ['claude-code', 'cursor', 'windsurf', 'github-copilot'];
  const lines = ['version: 1\norganization: Bench Corp\ntimezone: UTC\nrules:\n'];
  for (let i = 0; i < count; i++) {
    lines.push(`  - { id: rule-${i}, tool: ${tools[i % tools.length]}, classification: high-risk, deadline: 2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} }\n`);
  }
  return { text: lines.join(''), shape: `${count.toLocaleString('en')} plain rules` };
}

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
