// Runs inside the real extension host (as an extension-tests entry point) and measures
// what the benchmark asks through TOOL_POLICY_BENCH_MODE; writes JSON to
// TOOL_POLICY_BENCH_OUT. Figures only: nothing here asserts a time.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vscode = require('vscode');

const ID = 'tool-policy.tool-policy-notices';
const DOUBLE = 'anthropic.claude-code';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(read, timeoutMs = 30000) {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await sleep(5);
  }
}

const evidence = (api, kind) => api.snapshots.current.findings.flatMap((f) => f.evidence.filter((e) => e.kind === kind));

/**
 * What loading the activation bundle costs in this host (compiling dist/extension.js and
 * running its top level), the part of activation before `activate()` is called: a fresh
 * copy, with a comment appended so no compilation is reused from the copy the editor loaded.
 * Its peer: the same source compiled only, never run.
 */
function bundleLoad(extensionPath) {
  const Module = require('node:module');
  const file = path.join(extensionPath, 'dist', 'extension.js');
  const loads = [];
  const loadsCpu = [];
  const compiles = [];
  const cpuMs = (usage) => (usage.user + usage.system) / 1000;
  for (let i = 0; i < 5; i++) {
    const source = `${fs.readFileSync(file, 'utf8')}\n// ${process.hrtime.bigint()}`;
    const copy = new Module(file, module);
    copy.filename = file;
    copy.paths = Module._nodeModulePaths(path.dirname(file));
    let start = performance.now();
    const cpu = process.cpuUsage();
    copy._compile(source, file);
    loads.push(performance.now() - start);
    loadsCpu.push(cpuMs(process.cpuUsage(cpu)));
    start = performance.now();
    new Function(`${source}\n// again`);
    compiles.push(performance.now() - start);
  }
  return { bundleLoadMs: loads, bundleLoadCpuMs: loadsCpu, bundleCompileMs: compiles };
}

async function activation() {
  const extension = vscode.extensions.getExtension(ID);
  const api = await extension.activate();
  await api.ready;
  await until(() => api.probes.activation.firstStatusMs !== undefined);
  return { ...api.probes.activation, ...bundleLoad(extension.extensionPath) };
}

async function terminal(name, env) {
  const t = vscode.window.createTerminal({ name, shellPath: '/bin/bash', env });
  await until(() => t.processId, 15000);
  return t;
}

async function closeAll() {
  for (const t of vscode.window.terminals) t.dispose();
  await until(() => vscode.window.terminals.length === 0, 15000);
}

async function detection(trials) {
  const api = await vscode.extensions.getExtension(ID).activate();
  await api.ready;
  const result = { extensionInstall: [], extensionInstallFromEvent: [], typedCommand: [], process: [], intervalSeconds: 2 };
  const hasDouble = () => evidence(api, 'extension').some((e) => e.extensionId.toLowerCase() === DOUBLE);

  for (let i = 0; i < trials; i++) {
    await vscode.commands.executeCommand('workbench.extensions.uninstallExtension', DOUBLE);
    await until(() => !hasDouble());
    let changedAt;
    const listener = vscode.extensions.onDidChange(() => { changedAt ??= performance.now(); });
    const start = performance.now();
    await vscode.commands.executeCommand('workbench.extensions.installExtension', vscode.Uri.file(process.env.TOOL_POLICY_TEST_DOUBLE_VSIX));
    await until(() => hasDouble() && api.statusBarItem.text.includes('Claude Code'));
    const end = performance.now();
    listener.dispose();
    result.extensionInstall.push(end - start);
    if (changedAt !== undefined) result.extensionInstallFromEvent.push(end - changedAt);
  }

  const bin = process.env.TOOL_POLICY_TEST_TOOLS_BIN;
  for (let i = 0; i < trials; i++) {
    const t = await terminal(`Typed ${i}`, { PATH: `${bin}:${process.env.PATH}` });
    await until(() => t.shellIntegration, 15000);
    const start = performance.now();
    t.sendText('claude --version');
    await until(() => evidence(api, 'command').length > 0);
    result.typedCommand.push(performance.now() - start);
    await closeAll();
    await until(() => evidence(api, 'command').length === 0);
  }

  await vscode.workspace.getConfiguration('terminal.integrated').update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
  await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', result.intervalSeconds, vscode.ConfigurationTarget.Global);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-claude-'));
  fs.copyFileSync('/bin/sleep', path.join(dir, 'claude'));
  fs.chmodSync(path.join(dir, 'claude'), 0o755);
  for (let i = 0; i < trials; i++) {
    const t = await terminal(`Plain ${i}`, { PATH: `${dir}:${process.env.PATH}` });
    await sleep(300); // let the prompt appear, as a person would
    const start = performance.now();
    t.sendText('claude 300');
    await until(() => evidence(api, 'process').length > 0, 30000);
    result.process.push(performance.now() - start);
    t.sendText('\u0003', false);
    await closeAll();
    await until(() => evidence(api, 'process').length === 0, 30000);
  }

  // Idle cost: no terminal → no scan; then CPU time of this extension host with three
  // terminals open at the default interval, against the same span with none.
  await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  await closeAll();
  await sleep(1000);
  const reads = api.probes.processReads;
  const window = Number(process.env.TOOL_POLICY_BENCH_IDLE_SECONDS ?? 30) * 1000;
  const readsWithout = reads.count;
  let before = process.cpuUsage();
  await sleep(window);
  const idle = process.cpuUsage(before);
  result.processReadsWithoutTerminals = reads.count - readsWithout;
  for (let i = 0; i < 3; i++) await terminal(`Idle ${i}`, {});
  await sleep(1000);
  before = process.cpuUsage();
  const readsBefore = { ms: reads.totalMs, count: reads.count };
  await sleep(window);
  const busy = process.cpuUsage(before);
  result.scanMsPerMinute = (reads.totalMs - readsBefore.ms) * (60000 / window);
  result.processReadsPerMinute = (reads.count - readsBefore.count) * (60000 / window);
  // The first typed command loaded dist/parsers.js and the shell parser.
  result.parserLoadMs = { ...api.probes.parserLoads };
  const perMinute = (usage) => ((usage.user + usage.system) / 1000) * (60000 / window);
  result.cpuMsPerMinuteNoTerminal = perMinute(idle);
  result.cpuMsPerMinuteThreeTerminals = perMinute(busy);
  result.lastProcessReadMs = reads.lastMs;
  await closeAll();
  return result;
}

/**
 * Runs `work` while a 1 ms timer on this thread (the extension host's) records how long it
 * had to wait each time: the longest wait is the longest stall another extension, or the
 * editor's own requests to this host, would have seen.
 */
async function watchStalls(work) {
  const waits = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    waits.push(now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const value = await work();
  const elapsed = performance.now() - started;
  clearInterval(timer);
  waits.push(performance.now() - last);
  return { value, elapsed, longest: Math.max(...waits), over50: waits.filter((wait) => wait > 50).length, over20: waits.filter((wait) => wait > 20).length };
}

/** A policy file of just under 1 MiB: thousands of rules on Claude Code (the test double installed here), each one a finding. */
function largePolicyText() {
  const parts = ['version: 1\norganization: Large Policy Org\ntimezone: UTC\nrules:\n'];
  let size = parts[0].length;
  for (let i = 0; ; i++) {
    const rule = `  - {id: rule-${i}, tool: claude-code, deadline: 2026-01-01}\n`;
    if (size + rule.length > 1024 * 1024 - 64) return { text: parts.join(''), rules: i };
    parts.push(rule);
    size += rule.length;
  }
}

/**
 * The largest policy a file may hold, written over the user policy of a running editor:
 * the time until the status bar counts every finding, then the panel opened; the longest
 * stall of this extension host meanwhile, next to the same watch over an idle span.
 */
async function largePolicy() {
  const api = await vscode.extensions.getExtension(ID).activate();
  await api.ready;
  await until(() => api.snapshots.current.loaded && api.snapshots.current.findings.length > 0);
  const idle = await watchStalls(() => sleep(3000));
  const { text, rules } = largePolicyText();
  const file = process.env.TOOL_POLICY_FILE;
  const decided = await watchStalls(async () => {
    fs.writeFileSync(`${file}.partial`, text);
    fs.renameSync(`${file}.partial`, file);
    await until(() => api.snapshots.current.findings.length === rules, 120_000);
  });
  const panel = await watchStalls(async () => {
    await vscode.commands.executeCommand('toolPolicy.showPanel');
    // The panel's model is built in slices and posted; a few seconds more to see every stall.
    await sleep(3000);
  });
  const refresh = await watchStalls(async () => {
    const generation = api.snapshots.current.generation;
    await vscode.commands.executeCommand('toolPolicy.rescan');
    await until(() => api.snapshots.current.generation > generation, 60_000);
    await sleep(1000);
  });
  const fields = (watch) => ({ ms: watch.elapsed, longestStallMs: watch.longest, stallsOver50: watch.over50, stallsOver20: watch.over20 });
  return { bytes: Buffer.byteLength(text), rules, findings: api.snapshots.current.findings.length, idle: fields(idle), decided: fields(decided), panel: fields(panel), refresh: fields(refresh) };
}

exports.run = async function run() {
  const mode = process.env.TOOL_POLICY_BENCH_MODE;
  const data = mode === 'activation' ? await activation() : mode === 'large-policy' ? await largePolicy() : await detection(Number(process.env.TOOL_POLICY_BENCH_TRIALS ?? 10));
  // Written beside, then renamed: the bench waits for the file to exist and must never read it half written.
  const out = process.env.TOOL_POLICY_BENCH_OUT;
  fs.writeFileSync(`${out}.partial`, JSON.stringify(data));
  fs.renameSync(`${out}.partial`, out);
};
