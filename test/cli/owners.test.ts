/**
 * Owners for real: two OS users and a group, created here as root (unique random names)
 * and removed after, also when a test fails. Each user runs a copy of a program named
 * `claude`; a scan of one user's home never counts the other's process, and user and
 * group exceptions are decided for the home folder's owner.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFolderOwner } from '../../src/machine/person';
import { CLI, cleanEnv, runCli } from './helpers';

interface OsUser { name: string; uid: number; gid: number; home: string }
interface Evidence { kind: string; pid?: number; owner?: { uid?: number; user?: string } }
interface Report {
  status: string;
  owner: { uid?: number; user?: string; groups: string[] };
  processOwners: string;
  findings: Array<{ ruleId: string; phase: string; evidence: Evidence[] }>;
  scanProblems: Array<{ where: string; message: string }>;
}

const suffix = randomBytes(4).toString('hex');
const names = { a: `tpn-a-${suffix}`, b: `tpn-b-${suffix}`, group: `tpn-g-${suffix}` };
const sbin = (program: string) => ['/usr/sbin', '/sbin', '/usr/bin'].map((dir) => path.join(dir, program)).find((file) => fs.existsSync(file)) ?? program;
const admin = (program: string, args: string[]) => execFileSync(sbin(program), args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

function processesOf(report: Report): Evidence[] {
  return report.findings.flatMap((finding) => finding.evidence).filter((evidence) => evidence.kind === 'process');
}

/** Resolves once /proc shows the process running the named program (exec has happened). */
async function running(child: ChildProcess, program: string): Promise<void> {
  for (;;) {
    try {
      if (fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').startsWith(program)) return;
    } catch { /* not there yet */ }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('owners for real: two OS users and a group (needs root)', function () {
  this.timeout(120_000);
  const users: Partial<Record<'a' | 'b', OsUser>> = {};
  let groupMade = false;
  const children: ChildProcess[] = [];
  let work: string;
  let policyDir: string;
  let claude: string;

  before(async function () {
    // These tests change the machine's user database; they cannot run without root, and
    // they must not pass by skipping (the CI machine runs as root).
    assert.ok(process.platform === 'linux', 'the owner tests create Linux users: run them on Linux');
    assert.equal(process.getuid?.(), 0, 'the owner tests need root (they create two OS users and a group): run the unit layer as root');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'owners-'));
    fs.chmodSync(work, 0o755);
    policyDir = path.join(work, 'policies');
    fs.mkdirSync(policyDir);
    // A program named claude that only waits, run by each user; and the command line, readable by both.
    fs.mkdirSync(path.join(work, 'bin'));
    claude = path.join(work, 'bin', 'claude');
    fs.copyFileSync('/bin/sleep', claude);
    fs.chmodSync(claude, 0o755);
    fs.copyFileSync(CLI, path.join(work, 'cli.js'));
    fs.chmodSync(path.join(work, 'cli.js'), 0o644);

    admin('groupadd', [names.group]);
    groupMade = true;
    for (const key of ['a', 'b'] as const) {
      const home = path.join(work, key);
      admin('useradd', ['--no-create-home', '--home-dir', home, '--shell', '/bin/sh', ...(key === 'b' ? ['--groups', names.group] : []), names[key]]);
      const uid = Number(admin('id', ['-u', names[key]]).trim());
      const gid = Number(admin('id', ['-g', names[key]]).trim());
      users[key] = { name: names[key], uid, gid, home };
      fs.mkdirSync(path.join(home, '.vscode', 'extensions'), { recursive: true });
      execFileSync('chown', ['-R', `${uid}:${gid}`, home]);
      fs.chmodSync(home, 0o700);
    }
    for (const key of ['a', 'b'] as const) {
      const user = users[key] as OsUser;
      const child = spawn(claude, ['600'], { uid: user.uid, gid: user.gid, stdio: 'ignore', cwd: '/' });
      children.push(child);
      await running(child, claude);
    }
  });

  after(() => {
    for (const child of children) child.kill('SIGKILL');
    for (const key of ['a', 'b'] as const) {
      if (users[key]) {
        try { admin('userdel', ['--force', names[key]]); } catch { /* already gone */ }
      }
    }
    if (groupMade) {
      try { admin('groupdel', [names.group]); } catch { /* already gone */ }
    }
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const writePolicy = (name: string, exception: string) => {
    const file = path.join(policyDir, `${name}.yaml`);
    fs.writeFileSync(file, `version: 1\norganization: Owners\ntimezone: UTC\nrules:\n  - id: no-claude\n    tool: claude-code\n${exception ? `    exceptions:\n      - until: 2099-01-01\n        reason: pilot\n${exception}` : ''}`);
    return file;
  };
  const scan = async (args: string[]) => {
    const run = await runCli(['scan', '--now', '2026-12-02', '--format', 'json', ...args]);
    return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
  };
  const a = () => users.a as OsUser;
  const b = () => users.b as OsUser;
  const pidOf = (user: OsUser) => children[user === users.a ? 0 : 1]?.pid as number;

  it('names the home folder\'s owner, by uid, with the groups from the OS\'s group database', async () => {
    const { report } = await scan(['--policy', writePolicy('plain', ''), '--home', b().home]);
    assert.deepEqual(report.owner, { uid: b().uid, user: names.b, groups: [names.b, names.group] });
    assert.equal(report.processOwners, 'owner');
    const reading = await readFolderOwner(a().home, 'linux');
    assert.deepEqual(reading, { person: { uid: a().uid, user: names.a, groups: [names.a] }, problems: [] });
  });

  it("counts only the owner's processes: one user's claude never appears in the other's scan", async () => {
    const policy = writePolicy('plain', '');
    const ofA = await scan(['--policy', policy, '--home', a().home]);
    const ofB = await scan(['--policy', policy, '--home', b().home]);
    assert.equal(ofA.code, 2, ofA.stderr);
    assert.deepEqual(processesOf(ofA.report).map((e) => [e.pid, e.owner]), [[pidOf(a()), { uid: a().uid, user: names.a }]]);
    assert.deepEqual(processesOf(ofB.report).map((e) => [e.pid, e.owner]), [[pidOf(b()), { uid: b().uid, user: names.b }]]);
  });

  it("counts every user's with --all-users, each process with its owner", async () => {
    const { report } = await scan(['--policy', writePolicy('plain', ''), '--home', a().home, '--all-users']);
    assert.equal(report.processOwners, 'all-users');
    const mine = processesOf(report).filter((e) => e.pid === pidOf(a()) || e.pid === pidOf(b()));
    assert.deepEqual(mine.map((e) => [e.pid, e.owner]).sort(), [[pidOf(a()), { uid: a().uid, user: names.a }], [pidOf(b()), { uid: b().uid, user: names.b }]].sort());
  });

  it("decides a user exception for the home folder's owner only", async () => {
    const policy = writePolicy('user-a', `        users: [${names.a}]\n`);
    const ofA = await scan(['--policy', policy, '--home', a().home]);
    const ofB = await scan(['--policy', policy, '--home', b().home]);
    assert.deepEqual([ofA.code, ofA.report.findings.map((f) => f.phase)], [0, ['excepted']]);
    assert.deepEqual([ofB.code, ofB.report.findings.map((f) => f.phase)], [2, ['violation']]);
    // Case matters on Linux: A in capitals is someone else.
    const upper = await scan(['--policy', writePolicy('upper-a', `        users: [${names.a.toUpperCase()}]\n`), '--home', a().home]);
    assert.equal(upper.code, 2);
  });

  it('decides a group exception for members of the group only', async () => {
    const policy = writePolicy('group', `        groups: [${names.group}]\n`);
    const ofA = await scan(['--policy', policy, '--home', a().home]);
    const ofB = await scan(['--policy', policy, '--home', b().home]);
    assert.deepEqual([ofA.code, ofA.report.findings.map((f) => f.phase)], [2, ['violation']]);
    assert.deepEqual([ofB.code, ofB.report.findings.map((f) => f.phase)], [0, ['excepted']]);
    const text = await runCli(['scan', '--now', '2026-12-02', '--policy', policy, '--home', b().home]);
    assert.match(text.stdout, new RegExp(`^Owner: ${names.b} \\(uid ${b().uid}\\); groups: ${names.b}, ${names.group}$`, 'm'));
    assert.match(text.stdout, /^ {2}Exception until 2099-01-01: pilot$/m);
  });

  it('exits 4 naming a --home its runner cannot read', async () => {
    // User A runs the scan on B's home (mode 0700): unreadable to A.
    const run = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(work, 'cli.js'), 'scan', '--policy', writePolicy('plain', ''), '--home', b().home], {
        uid: a().uid, gid: a().gid, cwd: '/', env: cleanEnv({ HOME: a().home }),
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(run.code, 4, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.split('\n')[0], `tool-policy: --home "${b().home}" cannot be read: permission denied`);
  });

  it('never counts a zombie: a claude that has exited and waits for its parent', async () => {
    const exited = path.join(work, 'zombie', 'claude');
    fs.mkdirSync(path.dirname(exited));
    fs.copyFileSync('/bin/true', exited);
    fs.chmodSync(exited, 0o755);
    // The shell starts claude in the background, then becomes sleep, which never reaps it.
    const parent = spawn('/bin/sh', ['-c', `${exited} & exec /bin/sleep 600`], { uid: a().uid, gid: a().gid, stdio: 'ignore', cwd: '/' });
    children.push(parent);
    let zombie: number | undefined;
    while (zombie === undefined) {
      const kids = (() => {
        try {
          return fs.readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
        } catch {
          return [];
        }
      })();
      zombie = kids.find((pid) => {
        try {
          return / Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').slice(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')')));
        } catch {
          return false;
        }
      });
      if (zombie === undefined) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.match(fs.readFileSync(`/proc/${zombie}/stat`, 'utf8'), /\(claude\) Z /);
    const { report } = await scan(['--policy', writePolicy('plain', ''), '--home', a().home]);
    assert.deepEqual(processesOf(report).map((e) => e.pid), [pidOf(a())], 'the zombie is not evidence');
  });
});
