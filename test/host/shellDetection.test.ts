import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core/findings';
import type { TestApi } from '../../src/extension';
import { recordMetric } from './metrics';
import { getApi, tempDir, waitFor } from './util';

const DOUBLE_ID = 'anthropic.claude-code';
const evidenceOf = (findings: readonly Finding[], kind: string) => findings.flatMap((f) => f.evidence.filter((e) => e.kind === kind));
const claudeInStatusBar = (api: TestApi) => /Claude Code/.test(api.statusBarItem.text);

async function bashTerminal(name: string, env: Record<string, string> = {}): Promise<vscode.Terminal> {
  const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', env });
  terminal.show();
  await waitFor(() => terminal.processId, Boolean, 10_000, 'the shell to start');
  return terminal;
}

/** Runs a line through shell integration and waits until the extension has read it. */
async function run(api: TestApi, terminal: vscode.Terminal, line: string): Promise<string[]> {
  await waitFor(() => terminal.shellIntegration, Boolean, 15_000, 'shell integration');
  const ended = new Promise<void>((resolve) => {
    const listener = vscode.window.onDidEndTerminalShellExecution((event) => {
      if (event.terminal === terminal) { listener.dispose(); resolve(); }
    });
  });
  const seen: string[] = [];
  const started = vscode.window.onDidStartTerminalShellExecution((event) => {
    if (event.terminal === terminal) seen.push(event.execution.commandLine.value);
  });
  terminal.sendText(line);
  await ended;
  started.dispose();
  await api.terminals.whenRead();
  return seen;
}

/**
 * Command lines of each class typed into a real bash terminal, with the status bar as the
 * person sees it. The test-double extension is uninstalled first so that only what these
 * lines do can put Claude Code in the status bar.
 */
describe('shell detection in the real editor', function () {
  this.timeout(90_000);
  const terminals: vscode.Terminal[] = [];
  let api: TestApi;
  const bin = process.env.TOOL_POLICY_TEST_TOOLS_BIN;
  const vsix = process.env.TOOL_POLICY_TEST_DOUBLE_VSIX;

  before(async () => {
    assert.ok(bin && vsix, 'the host runner provides the real claude CLI and the test double');
    api = await getApi();
    if (vscode.extensions.getExtension(DOUBLE_ID)) await vscode.commands.executeCommand('workbench.extensions.uninstallExtension', DOUBLE_ID);
    await waitFor(() => claudeInStatusBar(api), (shown) => !shown, 60_000, 'a status bar without Claude Code');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.extensions.installExtension', vscode.Uri.file(vsix as string));
    // Back as it was for the suites after this one: listed by the folder, and running.
    await waitFor(() => evidenceOf(api.snapshots.current.findings, 'extension').length > 0 && vscode.extensions.getExtension(DOUBLE_ID) !== undefined, Boolean, 60_000, 'the double back, running');
  });

  afterEach(async () => {
    terminals.splice(0).forEach((terminal) => terminal.dispose());
    await waitFor(() => vscode.window.terminals.length, (n) => n === 0, 10_000, 'terminals to close');
    await vscode.workspace.getConfiguration('terminal.integrated').update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => claudeInStatusBar(api), (shown) => !shown, 10_000, 'the status bar to clear');
  });

  for (const line of [
    'if true; then claude --version; fi',
    'for i in 1; do claude --version; done',
    '{ claude --version; }',
    // (A line that starts with `(` reaches the extension empty from bash's shell
    // integration; its process is what shows it.)
    'cd /tmp && (claude --version)',
    'c\\laude --version',
  ]) {
    it(`finds Claude Code in: ${line}`, async () => {
      const terminal = await bashTerminal('Keyword shell', { PATH: `${bin}:${process.env.PATH ?? ''}` });
      terminals.push(terminal);
      const started = Date.now();
      const reported = await run(api, terminal, line);
      await waitFor(() => claudeInStatusBar(api), Boolean, 5000, `Claude Code in the status bar (the shell reported ${JSON.stringify(reported)})`);
      recordMetric('typed keyword/group line → status bar', Date.now() - started);
      assert.match(api.statusBarItem.text, /^\$\(error\) Claude Code not permitted/);
      const [command] = evidenceOf(api.snapshots.current.findings, 'command');
      assert.ok(command?.kind === 'command' && command.commandLine === line && command.program === 'claude');
    });
  }

  for (const line of [
    'git commit --dry-run -m "Fix $(whoami) claude setup" 2>/dev/null; true',
    'cat <<EOF\nclaude --version\nEOF',
    'ls /nonexistent # ; claude --version',
    'echo $((1+2)) claude > /dev/null',
  ]) {
    it(`finds nothing in: ${JSON.stringify(line)}`, async () => {
      const terminal = await bashTerminal('Look-alike shell', { PATH: `${bin}:${process.env.PATH ?? ''}` });
      terminals.push(terminal);
      await run(api, terminal, line);
      assert.deepEqual(api.terminals.typedCommands().map((c) => c.commandLine), []);
      assert.ok(!claudeInStatusBar(api), api.statusBarItem.text);
    });
  }

  it('finds an npm-style bin run through node (`node …/bin/claude`) in the process tree', async () => {
    await vscode.workspace.getConfiguration('terminal.integrated').update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
    const shim = path.join(tempDir(), 'bin', 'claude');
    fs.mkdirSync(path.dirname(shim));
    fs.writeFileSync(shim, '#!/usr/bin/env node\nsetInterval(() => {}, 1000);\n', { mode: 0o755 });
    const terminal = await bashTerminal('Node shell');
    terminals.push(terminal);
    const started = Date.now();
    terminal.sendText(`node --max-old-space-size=256 --no-warnings ${shim}`);
    await waitFor(() => claudeInStatusBar(api), Boolean, 15_000, 'Claude Code in the status bar');
    recordMetric('node shim process → status bar', Date.now() - started);
    const [found] = evidenceOf(api.snapshots.current.findings, 'process');
    assert.ok(found?.kind === 'process' && found.name === 'node' && found.argv.includes(shim), JSON.stringify(found));
    terminal.sendText('\u0003', false);
    await waitFor(() => claudeInStatusBar(api), (shown) => !shown, 15_000, 'the finding to clear when node exits');
  });

  it("finds an MCP server that runs Claude Code in the workspace's .vscode/mcp.json, and clears it when removed", async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder is open');
    const file = path.join(folder, '.vscode', 'mcp.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{\n  // servers for this repository\n  "servers": {\n    "claude": { "type": "stdio", "command": "npx", "args": ["-y", "@anthropic-ai/claude-code", "mcp", "serve"] },\n  },\n}\n');
    try {
      const started = Date.now();
      await waitFor(() => claudeInStatusBar(api), Boolean, 10_000, 'Claude Code in the status bar');
      recordMetric('mcp.json written → status bar', Date.now() - started);
      const [server] = evidenceOf(api.snapshots.current.findings, 'mcpServer');
      assert.deepEqual(server, { kind: 'mcpServer', file, server: 'claude', commandLine: 'npx -y @anthropic-ai/claude-code mcp serve' });
    } finally {
      fs.rmSync(file);
    }
    await waitFor(() => claudeInStatusBar(api), (shown) => !shown, 10_000, 'the finding to clear');
  });

  it("reads the user's mcp.json from the profile's User folder", async () => {
    const [userFile] = api.mcpConfigFiles();
    assert.ok(userFile);
    assert.equal(path.basename(path.dirname(userFile)), 'User');
    assert.ok(fs.existsSync(path.join(path.dirname(userFile), 'globalStorage')), `${path.dirname(userFile)} is the profile's User folder`);
    fs.writeFileSync(userFile, JSON.stringify({ servers: { helper: { command: 'claude', args: ['mcp', 'serve'] } } }));
    try {
      await waitFor(() => claudeInStatusBar(api), Boolean, 10_000, 'Claude Code in the status bar');
      const [server] = evidenceOf(api.snapshots.current.findings, 'mcpServer');
      assert.ok(server?.kind === 'mcpServer' && server.file === userFile && server.server === 'helper');
    } finally {
      fs.rmSync(userFile);
    }
    await waitFor(() => claudeInStatusBar(api), (shown) => !shown, 10_000, 'the finding to clear');
  });
});
