import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { WindowsProcessReader } from '../../src/machine/processes/windowsCim';
import { TerminalWatcher } from '../../src/vscode/terminalWatcher';
import { getApi, waitFor } from './util';

describe('process scan errors in the real editor', function () {
  this.timeout(60_000);

  it('reports a process reader that fails in the output channel once, not on every scan', async () => {
    const api = await getApi();
    await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
    // What Windows PowerShell gives back when a profile or policy gets in the way of CIM.
    const reader = new WindowsProcessReader(async () => 'Get-CimInstance : Access denied\r\nAt line:1 char:1');
    const lines: string[] = [];
    const watcher = new TerminalWatcher(reader, api.detectors, () => false, (line) => lines.push(line));
    const terminal = vscode.window.createTerminal({ name: 'Scan error shell', shellPath: '/bin/bash' });
    try {
      await waitFor(() => terminal.processId, Boolean, 10_000, 'the shell to start');
      await waitFor(() => watcher.scanCount, (n) => n >= 4, 20_000, 'four scans');
      const reported = lines.filter((line) => /PowerShell did not return a JSON process list/.test(line));
      assert.equal(reported.length, 1, JSON.stringify(lines));
      assert.match(reported[0] as string, /^Listing the processes started in the terminals failed, so they are not checked: PowerShell did not return a JSON process list \(.+\); it printed: Get-CimInstance : Access denied At line:1 char:1$/);
    } finally {
      terminal.dispose();
      watcher.dispose();
      await vscode.workspace.getConfiguration('toolPolicy').update('terminal.scanIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
