import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { gatherEvidence, NOTHING_OBSERVED } from '../../src/core/detect/gatherEvidence';
import { LinuxProcessReader } from '../../src/machine/processes/linuxProc';
import { TerminalWatcher } from '../../src/vscode/terminalWatcher';
import { BUNDLE_MARKER, forgetAttempts, trappedAttempts } from '../host/networkTrap';
import { getApi, managedFile, put, rescanUntil, waitFor } from './support';

/** A fixture /proc under the terminal's real shell: each child is one fault. */
function faultyProc(shellPid: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-proc-'));
  const entry = (pid: number, ppid: number, comm: string, argv: string[] | 'unreadable', stat: 'ok' | 'unreadable' = 'ok') => {
    const dir = path.join(root, String(pid));
    fs.mkdirSync(path.join(dir, 'task', String(pid)), { recursive: true });
    if (stat === 'ok') fs.writeFileSync(path.join(dir, 'stat'), `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 0 0`);
    else fs.mkdirSync(path.join(dir, 'stat'));
    if (argv === 'unreadable') fs.mkdirSync(path.join(dir, 'cmdline'));
    else fs.writeFileSync(path.join(dir, 'cmdline'), `${argv.join('\0')}\0`);
    fs.writeFileSync(path.join(dir, 'task', String(pid), 'children'), '');
  };
  // The children's pids follow the shell's: fixed numbers could be the shell's own (in a
  // lane's PID namespace the shell's pid is small).
  const [ordinary, exited, unreadableArgv, reused, unreadableStat] = [1, 2, 3, 4, 5].map((n) => shellPid + n) as [number, number, number, number, number];
  entry(shellPid, 1, 'bash', ['/bin/bash']);
  fs.writeFileSync(path.join(root, String(shellPid), 'task', String(shellPid), 'children'), `${[ordinary, exited, unreadableArgv, reused, unreadableStat].join(' ')} `);
  entry(ordinary, shellPid, 'claude', ['claude', '--resume']); // an ordinary match
  // `exited` is listed by the kernel but exited before it was read: no folder at all.
  entry(unreadableArgv, shellPid, 'claude', 'unreadable'); // its command line cannot be read
  entry(reused, 1, 'claude', ['claude']); // pid reused by a process that is not the shell's child
  entry(unreadableStat, shellPid, 'claude', ['claude'], 'unreadable'); // its stat cannot be read
  return root;
}

describe('process faults, network and clock in the real editor', function () {
  this.timeout(60_000);

  it('process faults under a real terminal: exited mid-scan, unreadable entries and a reused pid', async () => {
    const terminal = vscode.window.createTerminal({ name: 'Fault shell', shellPath: '/bin/bash' });
    const shellPid = await waitFor(() => terminal.processId, Boolean, 15_000, 'the shell').then(() => terminal.processId) as number;
    const root = faultyProc(shellPid);
    // No line is ever read (nothing is relevant): the parsers are never asked for.
    const parsers = { reader: () => Promise.reject(new Error('not loaded in this test')) };
    const watcher = new TerminalWatcher(new LinuxProcessReader(root), parsers, () => false, () => undefined, vscode);
    try {
      await watcher.scan();
      const mine = watcher.terminalProcesses().filter((entry) => entry.terminalName === 'Fault shell');
      assert.deepEqual(mine.flatMap((entry) => entry.processes.map((p) => p.pid)).sort((a, b) => a - b), [shellPid + 1, shellPid + 3]);
      const evidence = gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, terminalProcesses: mine }).map((o) => o.evidence);
      const processes = evidence.flatMap((e) => (e.kind === 'process' ? [e] : [])).sort((a, b) => a.pid - b.pid);
      assert.equal(processes.length, evidence.length, 'only processes');
      assert.deepEqual(processes.map((e) => `${e.pid}:${e.argv}`), [`${shellPid + 1}:claude --resume`, `${shellPid + 3}:`]);
    } finally {
      watcher.dispose();
      terminal.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('no network: the trap refuses and records a connection from the extension bundle, and nothing else was trapped', () => {
    const before = trappedAttempts().length;
    assert.equal(before, 0, trappedAttempts().map((a) => a.what).join('\n'));
    // Code that the stack shows as the extension's bundle tries to connect.
    const fromBundle = new Function('net', `return net.connect(9, '127.0.0.1');\n//# sourceURL=/x/${BUNDLE_MARKER}`) as (n: typeof net) => unknown;
    assert.throws(() => fromBundle(net), /must not open network connections/);
    assert.equal(trappedAttempts().length, 1);
    forgetAttempts(1);
  });

  it('clock set back after a deadline: still a violation', async () => {
    const api = await getApi();
    const deadline = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    put(managedFile(), ['version: 1', 'organization: Clock Org', 'rules:', '  - id: clock-rule', '    tool: claude-code', `    deadline: "${deadline}"`, ''].join('\n'));
    const realNow = Date.now;
    try {
      await rescanUntil(api, (s) => s.findings.some((f) => f.id === 'clock-rule/claude-code' && f.phase.phase === 'violation'), 'the violation');
      const back = realNow() - 200 * 86_400_000;
      const generation = api.snapshots.current.generation;
      Date.now = () => back;
      const snapshot = await rescanUntil(api, (s) => s.generation > generation, 'a snapshot after the clock went back');
      assert.equal(snapshot.findings.find((f) => f.id === 'clock-rule/claude-code')?.phase.phase, 'violation');
      assert.ok(snapshot.now.getTime() > back, 'the latest time seen is used');
    } finally {
      Date.now = realNow;
      fs.rmSync(path.dirname(managedFile()), { recursive: true, force: true });
      await rescanUntil(api, (s) => !s.policy.rules.some((rule) => rule.id === 'clock-rule'), 'the clock policy to go');
    }
  });
});
