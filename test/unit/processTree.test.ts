import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { matchProcesses } from '../../src/core/detect/processes';
import { descendantsOf } from '../../src/core/detect/processTree';
import { LinuxProcessReader, parseProcStat } from '../../src/machine/processes/linuxProc';
import { PsProcessReader } from '../../src/machine/processes/ps';
import { splitCommandLine } from '../../src/machine/processes/splitCommandLine';
import { WindowsProcessReader } from '../../src/machine/processes/windowsCim';

/** Writes a fake /proc: pid → [ppid, comm, argv, children listed by the kernel?]. */
function fakeProc(entries: Record<number, { ppid: number; comm: string; argv: string[] }>, withChildren = true): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-proc-'));
  for (const [pidText, entry] of Object.entries(entries)) {
    const pid = Number(pidText);
    const dir = path.join(root, pidText);
    fs.mkdirSync(path.join(dir, 'task', pidText), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stat'), `${pid} (${entry.comm}) S ${entry.ppid} ${pid} ${pid} 0 -1 4194560 0 0`);
    fs.writeFileSync(path.join(dir, 'cmdline'), entry.argv.length ? `${entry.argv.join('\0')}\0` : '');
    if (withChildren) {
      const children = Object.entries(entries).filter(([, e]) => e.ppid === pid).map(([p]) => p);
      fs.writeFileSync(path.join(dir, 'task', pidText, 'children'), children.length ? `${children.join(' ')} ` : '');
    }
  }
  return root;
}

const TREE = {
  1: { ppid: 0, comm: 'systemd', argv: ['/sbin/init'] },
  100: { ppid: 1, comm: 'bash', argv: ['/bin/bash', '--init-file', 'shellIntegration-bash.sh'] },
  200: { ppid: 100, comm: 'node', argv: ['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js', '-p', 'hi'] },
  201: { ppid: 200, comm: '2.1.330', argv: ['/home/me/.local/bin/claude'] },
  202: { ppid: 100, comm: 'vim (edit) x', argv: ['vim', 'claude-notes.txt'] },
  300: { ppid: 1, comm: 'claude', argv: ['claude'] },
};

describe('process trees', () => {
  it('parses /proc stat lines whose name holds spaces and parentheses', () => {
    assert.deepEqual(parseProcStat('42 (my (odd) name) S 7 42 42 0'), { pid: 42, name: 'my (odd) name', ppid: 7 });
    assert.equal(parseProcStat('garbage'), undefined);
  });

  for (const withChildren of [true, false]) {
    it(`reads a terminal's subtree from a fixture /proc ${withChildren ? 'through children lists' : 'by a full scan'}`, async () => {
      const root = fakeProc(TREE, withChildren);
      try {
        const found = await new LinuxProcessReader(root).descendants([100]);
        assert.deepEqual(found.map((p) => p.pid).sort(), [200, 201, 202]);
        const matches = matchProcesses(BUILT_IN_TOOLS, found);
        // node …/@anthropic-ai/claude-code/cli.js by package, the native binary by argv[0];
        // vim editing claude-notes.txt and the claude outside this terminal are not matched.
        assert.deepEqual(matches.map((m) => `${m.toolId}:${m.process.pid}`).sort(), ['claude-code:200', 'claude-code:201']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  }

  it('out of file descriptors, waits for them instead of taking every process for exited', async () => {
    const root = fakeProc(TREE, false);
    // A child process whose descriptors run out once /proc has been listed, and are freed a moment later.
    const script = `
      const fs = require('node:fs');
      const listed = fs.promises.readdir;
      fs.promises.readdir = async (...args) => {
        const names = await listed(...args);
        const held = [];
        try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch {}
        setImmediate(() => held.forEach((fd) => fs.closeSync(fd)));
        return names;
      };
      const { LinuxProcessReader } = require(process.argv[1]);
      new LinuxProcessReader(process.argv[2]).all().then(
        (found) => console.log(JSON.stringify(found.map((p) => p.pid).sort((a, b) => a - b))),
        (error) => console.log(JSON.stringify(String(error))));
    `;
    const reader = path.resolve(__dirname, '..', '..', 'src', 'machine', 'processes', 'linuxProc.js');
    try {
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn('/bin/sh', ['-c', 'ulimit -n 64 && exec "$0" -e "$1" "$2" "$3"', process.execPath, script, reader, root], { stdio: ['ignore', 'pipe', 'inherit'] });
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        child.on('error', reject);
        child.on('close', () => resolve(text));
      });
      assert.deepEqual(JSON.parse(output), Object.keys(TREE).map(Number));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('skips processes that vanish mid-read', async () => {
    const root = fakeProc(TREE);
    fs.rmSync(path.join(root, '201'), { recursive: true });
    try {
      const found = await new LinuxProcessReader(root).descendants([100]);
      assert.deepEqual(found.map((p) => p.pid).sort(), [200, 202]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads ps and PowerShell output', async () => {
    const ps = new PsProcessReader(async (_file, args) => (String(args).includes('comm=')
      ? '  100     1   501 Ss /bin/zsh\n  200   100   501 S+ claude\n  300   200   501 S+ node\n  301   200   501 Z  claude\n'
      : '  100 -zsh\n  200 claude --resume\n  300 node /x/node_modules/@openai/codex/bin/codex.js\n  301 claude\n'));
    const psFound = await ps.descendants([100]);
    // pid 301 is a zombie: it has exited and runs nothing.
    assert.deepEqual(psFound.map((p) => [p.pid, p.uid, p.zombie === true]), [[200, 501, false], [300, 501, false], [301, 501, true]]);
    assert.deepEqual(matchProcesses(BUILT_IN_TOOLS, psFound).map((m) => `${m.toolId}:${m.process.pid}`), ['claude-code:200', 'openai-codex:300']);
    const win = new WindowsProcessReader(async () => JSON.stringify([
      { ProcessId: 10, ParentProcessId: 1, Name: 'pwsh.exe', CommandLine: 'pwsh' },
      { ProcessId: 11, ParentProcessId: 10, Name: 'claude.exe', CommandLine: '"C:\\Users\\me\\.local\\bin\\claude.exe" --version' },
      { ProcessId: 12, ParentProcessId: 10, Name: 'notepad.exe', CommandLine: null },
    ]));
    const winFound = await win.descendants([10]);
    assert.deepEqual(matchProcesses(BUILT_IN_TOOLS, winFound).map((m) => `${m.toolId}:${m.process.pid}`), ['claude-code:11']);
    assert.deepEqual(splitCommandLine('"C:\\a b\\c.exe" -x "y z"'), ['C:\\a b\\c.exe', '-x', 'y z']);
  });

  it('never loops on a cycle of parent ids', () => {
    const cyclic = [{ pid: 2, ppid: 3, name: 'a', argv: [] }, { pid: 3, ppid: 2, name: 'b', argv: [] }];
    assert.deepEqual(descendantsOf(cyclic, [2]).map((p) => p.pid), [3]);
  });

  // npm test runs on Linux (its editor host is installed with apt); this reads the real /proc.
  it('finds a live process named claude below this process (Linux /proc of this machine)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-claude-'));
    const binary = path.join(dir, 'claude');
    fs.copyFileSync('/bin/sleep', binary);
    fs.chmodSync(binary, 0o755);
    const child = spawn('sh', ['-c', `"${binary}" 30; true`], { stdio: 'ignore' });
    try {
      const reader = new LinuxProcessReader();
      let found: Awaited<ReturnType<LinuxProcessReader['descendants']>> = [];
      // A process caught in the middle of exec has its new name but no arguments yet.
      for (let i = 0; i < 50; i++) {
        found = await reader.descendants([process.pid]);
        if (found.some((p) => p.name === 'claude' && p.argv.length > 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const claude = found.find((p) => p.name === 'claude' && p.argv.length > 0);
      assert.ok(claude, `no process named claude among ${found.map((p) => `${p.pid}:${p.name}`).join(', ')}`);
      assert.equal(claude.argv[0], binary);
      assert.deepEqual(matchProcesses(BUILT_IN_TOOLS, found).map((m) => m.toolId), ['claude-code']);
      const all = await reader.all();
      assert.ok(all.some((p) => p.pid === claude.pid), 'the full scan sees it too');
    } finally {
      child.kill('SIGKILL');
      spawn('pkill', ['-f', binary]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
