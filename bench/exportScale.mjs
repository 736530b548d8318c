// Exports of large policies: `tool: "*"` rules over many tools defined under `tools:`,
// the combination that grows fastest. Each export runs through dist/cli.js as a
// process (what an administrator runs), capped; the table shows time, exit code and
// output size, next to `validate` of the same file (reading it, without exporting).
//   node bench/exportScale.mjs              the table (127 KB and 1 MiB, two shapes)
//   node bench/exportScale.mjs write FILE KB [RULES]   only writes a generated policy
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ms, ROOT, saveResults, table } from './lib.mjs';

const CAP_MS = 120_000;

/**
 * A valid policy of about `kilobytes` KB: `rules` rules with `tool: "*"` (with a deadline,
 * a reason and an alternative) and as many tools under `tools:` as fit, each with two
 * extension ids (one a wildcard), a command, a package and a process name.
 */
export function combinatorialPolicy(kilobytes, rules) {
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
  return { text: head + toolLines.join('') + ruleLines.join(''), tools: toolLines.length - 1 };
}

function runCli(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = execFile(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { timeout: CAP_MS, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 ** 3, env: { PATH: '', LANG: 'C.UTF-8' } }, (error, stdout) => {
      const elapsed = performance.now() - started;
      resolve({ elapsed, code: error ? (typeof error.code === 'number' ? error.code : 'killed') : 0, bytes: Buffer.byteLength(stdout ?? '') });
    });
    child.stdin?.end();
  });
}

const mib = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KB`);

if (process.argv[2] === 'write') {
  const [, , , file, kb, rules] = process.argv;
  const policy = combinatorialPolicy(Number(kb), Number(rules ?? 10));
  writeFileSync(file, policy.text);
  console.log(`${file}: ${mib(policy.text.length)}, ${policy.tools} tools, ${rules ?? 10} "*" rules`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'export-scale-'));
  const rows = [];
  const results = [];
  for (const [kilobytes, rules] of [[127, 10], [127, 200], [1024, 10], [1024, 200]]) {
    const policy = combinatorialPolicy(kilobytes, rules);
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, policy.text);
    const validate = await runCli(['validate', file]);
    for (const format of ['osquery', 'fleet', 'vscode-policy']) {
      const run = await runCli(['export', '--format', format, '--policy', file, '--platform', 'linux', '--now', '2027-12-01']);
      const timeText = run.code === 'killed' ? `> ${CAP_MS / 1000} s` : ms(run.elapsed);
      results.push({ kilobytes, rules, tools: policy.tools, format, ms: run.code === 'killed' ? null : run.elapsed, exitCode: run.code, outputBytes: run.bytes, validateMs: validate.elapsed });
      rows.push([mib(policy.text.length), `${rules} × "*" over ${policy.tools} tools`, format, timeText, String(run.code), mib(run.bytes), ms(validate.elapsed)]);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  table('Exports of combinatorial policies (dist/cli.js as a process, capped)', ['file', 'shape', 'format', 'time', 'exit', 'output', 'validate (reading only)'], rows);
  console.log(`\nTarget: every export of a file up to 1 MiB within 2 s beyond reading it; the output is one statement per rule, so it grows with rules × their tools' matchers.`);
  saveResults('export-scale', { capMs: CAP_MS, results });
}
