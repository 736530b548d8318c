import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core/findings';
import { recordMetric } from './metrics';
import { getApi, requiredEnv, tempDir, waitFor } from './util';

const DOUBLE_ID = 'anthropic.claude-code';
const evidenceOf = (findings: readonly Finding[], kind: string) => findings.flatMap((f) => f.evidence.filter((e) => e.kind === kind));

async function newTerminal(name: string, env: Record<string, string>): Promise<vscode.Terminal> {
  // No shell arguments: VS Code injects its shell integration only into a default launch.
  const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', env });
  terminal.show();
  await waitFor(() => terminal.processId, Boolean, 10_000, 'the shell to start');
  return terminal;
}

describe('detection in the real editor', function () {
  // Hang guards, generous for a busy machine: nothing here asserts a duration.
  this.timeout(120_000);
  const terminals: vscode.Terminal[] = [];

  afterEach(async () => {
    terminals.splice(0).forEach((terminal) => terminal.dispose());
    await vscode.workspace.getConfiguration('terminal.integrated').update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('sees the test-double extension leave on uninstall and return on install, without a reload', async () => {
    const vsix = requiredEnv('TOOL_POLICY_TEST_DOUBLE_VSIX');
    const api = await getApi();
    const hasExtensionFinding = () => evidenceOf(api.snapshots.current.findings, 'extension').some((e) => e.kind === 'extension' && e.extensionId.toLowerCase() === DOUBLE_ID);
    assert.ok(hasExtensionFinding(), 'the pre-installed double is a finding');

    await vscode.commands.executeCommand('workbench.extensions.uninstallExtension', DOUBLE_ID);
    await waitFor(hasExtensionFinding, (found) => !found, 60_000, 'the finding to clear after uninstall');
    assert.equal(vscode.extensions.getExtension(DOUBLE_ID), undefined);

    const started = Date.now();
    await vscode.commands.executeCommand('workbench.extensions.installExtension', vscode.Uri.file(vsix));
    await waitFor(hasExtensionFinding, Boolean, 60_000, 'the finding after install');
    recordMetric('extension install → finding (incl. install)', Date.now() - started);
    // The folder lists it before the editor starts it: "installed, not in use" may show
    // for a moment, then the running extension is not permitted.
    await waitFor(() => api.statusBarItem.text, (text) => /^\$\(error\) Claude Code not permitted/.test(text), 60_000, 'the status bar to say the running extension is not permitted');
  });

  it('detects `claude --version` typed in a terminal with shell integration (the real CLI)', async () => {
    const bin = requiredEnv('TOOL_POLICY_TEST_TOOLS_BIN');
    const api = await getApi();
    const terminal = await newTerminal('Build shell', { PATH: `${bin}:${process.env.PATH ?? ''}` });
    terminals.push(terminal);
    await waitFor(() => terminal.shellIntegration, Boolean, 15_000, 'shell integration');
    const started = Date.now();
    terminal.sendText('claude --version');
    const evidence = await waitFor(() => evidenceOf(api.snapshots.current.findings, 'command'), (list) => list.length > 0, 10_000, 'a command finding');
    recordMetric('typed command → finding', Date.now() - started);
    const [command] = evidence;
    assert.ok(command && command.kind === 'command');
    assert.equal(command.commandLine, 'claude --version');
    assert.equal(command.terminalName, 'Build shell');
    assert.equal(command.program, 'claude');

    terminal.dispose();
    await waitFor(() => evidenceOf(api.snapshots.current.findings, 'command').length, (n) => n === 0, 5000, 'command evidence to go with its terminal');
  });

  it('does not record commands that run nothing the policy names', async () => {
    const bin = requiredEnv('TOOL_POLICY_TEST_TOOLS_BIN');
    const api = await getApi();
    const terminal = await newTerminal('Quiet shell', { PATH: `${bin}:${process.env.PATH ?? ''}` });
    terminals.push(terminal);
    const integration = await waitFor(() => terminal.shellIntegration, Boolean, 15_000, 'shell integration');
    const recorded = () => api.terminals.typedCommands().filter((c) => c.terminalName === terminal.name).map((c) => c.commandLine);
    // The first line runs to its end before the next is typed: two lines typed at once may
    // reach the shell (and its integration) as one command.
    let firstEnded = false;
    const ending = vscode.window.onDidEndTerminalShellExecution((event) => { if (event.terminal === terminal) firstEnded = true; });
    try {
      integration?.executeCommand('echo claude > /dev/null');
      await waitFor(() => firstEnded, Boolean, 15_000, 'the first line to finish');
    } finally {
      ending.dispose();
    }
    // Lines are read in the order they ran: once the next line, which does run Claude
    // Code, has been recorded, the first one has been read too, and was not kept.
    terminal.sendText('claude --version');
    await waitFor(recorded, (lines) => lines.length > 0, 10_000, 'the second line to be recorded');
    await api.terminals.whenRead();
    assert.deepEqual(recorded(), ['claude --version']);
  });

  it('finds a long-running `claude` process through the process tree with shell integration off, and clears it on exit', async () => {
    const api = await getApi();
    await vscode.workspace.getConfiguration('terminal.integrated').update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
    const dir = tempDir();
    const fake = path.join(dir, 'claude');
    fs.copyFileSync('/bin/sleep', fake);
    fs.chmodSync(fake, 0o755);
    const terminal = await newTerminal('Plain shell', { PATH: `${dir}:${process.env.PATH ?? ''}` });
    terminals.push(terminal);
    assert.equal(terminal.shellIntegration, undefined, 'shell integration is off');
    const started = Date.now();
    terminal.sendText('claude 300');
    const processes = await waitFor(() => evidenceOf(api.snapshots.current.findings, 'process'), (list) => list.length > 0, 15_000, 'a process finding');
    recordMetric('process started (no shell integration, 2 s interval) → finding', Date.now() - started);
    const [found] = processes;
    assert.ok(found && found.kind === 'process');
    assert.equal(found.name, 'claude');
    assert.equal(found.terminalName, 'Plain shell');

    terminal.sendText('\u0003', false);
    await waitFor(() => evidenceOf(api.snapshots.current.findings, 'process').length, (n) => n === 0, 15_000, 'the finding to clear when the process exits');
    terminal.dispose();
    await waitFor(() => vscode.window.terminals.length, (n) => n === 0, 10_000, 'all terminals to close');
  });

  it('recognises a terminal by its name ("Claude Code")', async () => {
    const api = await getApi();
    const terminal = await newTerminal('Claude Code', {});
    terminals.push(terminal);
    const evidence = await waitFor(() => evidenceOf(api.snapshots.current.findings, 'terminal'), (list) => list.length > 0, 5000, 'a terminal-name finding');
    assert.equal(evidence[0]?.kind === 'terminal' && evidence[0].terminalName, 'Claude Code');
    terminal.dispose();
    await waitFor(() => evidenceOf(api.snapshots.current.findings, 'terminal').length, (n) => n === 0, 5000, 'the finding to clear');
  });
});
