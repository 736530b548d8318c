import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { home, policy, runCli, tempDir } from './helpers';

interface Report {
  findings: Array<{ toolId: string; evidence: Array<Record<string, unknown>> }>;
}

/** A process's command line as /proc shows it, arguments joined by spaces; empty when unreadable. */
function readCmdline(pid: number | undefined): string {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '); } catch { return ''; }
}

// Runs an assistant's name as a process, which every whole-machine scan running at the same
// time would find: the unit layer runs this file alone, after the parallel part
// (test/unit/.mocharc.processes.json).
describe('tool-policy scan (dist/cli.js as a process) of running processes', function () {
  this.timeout(60_000);

  it('finds a running process by name, with its pid and command line', async () => {
    const dir = tempDir('live-cline-');
    const binary = path.join(dir, 'cline');
    fs.copyFileSync('/bin/sleep', binary);
    fs.chmodSync(binary, 0o755);
    const child = spawn(binary, ['30'], { stdio: 'ignore' });
    try {
      // Scanned once the child runs the copied binary (spawn returns before its exec).
      while (!readCmdline(child.pid).startsWith(binary)) await new Promise((resolve) => setTimeout(resolve, 10));
      const run = await runCli(['scan', '--policy', policy('assistants.yaml'), '--home', home('clean'), '--format', 'json']);
      assert.equal(run.code, 2, run.stderr);
      const processes = (JSON.parse(run.stdout) as Report).findings.filter((f) => f.toolId === 'cline').flatMap((f) => f.evidence).filter((e) => e.pid === child.pid);
      assert.deepEqual(processes, [{ kind: 'process', pid: child.pid, name: 'cline', commandLine: `${binary} 30`, owner: { uid: os.userInfo().uid, user: os.userInfo().username } }]);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
