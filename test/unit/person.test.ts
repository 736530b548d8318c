import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { processCounts, sameAccountName } from '../../src/core/person';
import { computePhase } from '../../src/core/phase';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { formatMessage } from '../../src/core/present/localize';
import { buildEditorReport } from '../../src/core/report/editorReport';
import { buildSnapshot } from '../../src/core/snapshot';
import { posixPerson, readFolderOwner } from '../../src/machine/person';
import type { Exec } from '../../src/machine/processes/exec';
import { loadOk, REPO_ROOT, SEED } from './helpers';

/** A fake `id`, `getent` and `whoami`: each call answered from a table, keyed by program name and arguments. */
function fakeExec(answers: Record<string, string | Error>): Exec & { calls: string[] } {
  const calls: string[] = [];
  const exec = async (file: string, args: readonly string[]) => {
    const key = `${path.basename(file)} ${args.join(' ')}`;
    calls.push(key);
    const answer = answers[key];
    if (answer === undefined) throw new Error(`unexpected call: ${key}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return Object.assign(exec, { calls });
}

describe('the person: user name, uid and groups', () => {
  describe('Linux and macOS through id', () => {
    it('reads the name of a uid and its groups, the primary one included', async () => {
      const exec = fakeExec({ 'id -nu -- 1000': 'alice\n', 'id -u -- alice': '1000\n', 'id -Gn -- alice': 'alice ai-pilot\n', 'id -G -- alice': '1000 2001\n' });
      assert.deepEqual(await posixPerson(1000, 'linux', exec), { person: { uid: 1000, user: 'alice', groups: ['alice', 'ai-pilot'] }, problems: [] });
    });

    it('never takes a user named like a number for that uid', async () => {
      // `id` reads "1000" as a name first: a user called "1000" (uid 4242) must not pass for uid 1000.
      const exec = fakeExec({ 'id -nu -- 1000': '1000\n', 'id -u -- 1000': '4242\n' });
      const reading = await posixPerson(1000, 'linux', exec);
      assert.deepEqual(reading.person, { uid: 1000, groups: [] });
      assert.match(reading.problems[0] ?? '', /user id 1000 has no name in the OS's user database/);
    });

    it('tells group names with spaces apart by their ids (a directory\'s "domain users")', async () => {
      const exec = fakeExec({
        'id -nu -- 1000': 'alice\n', 'id -u -- alice': '1000\n',
        'id -Gn -- alice': 'domain users ai-pilot\n', 'id -G -- alice': '513 2001\n',
        'getent group 513 2001': 'domain users:*:513:\nai-pilot:x:2001:alice\n',
      });
      assert.deepEqual((await posixPerson(1000, 'linux', exec)).person.groups, ['domain users', 'ai-pilot']);
      const mac = fakeExec({
        'id -nu -- 501': 'alice\n', 'id -u -- alice': '501\n',
        'id -Gn -- alice': 'staff CORP\\domain users\n', 'id -G -- alice': '20 1234\n',
        'dscacheutil -q group -a gid 20': 'name: staff\npassword: *\ngid: 20\n', 'dscacheutil -q group -a gid 1234': 'name: CORP\\domain users\ngid: 1234\n',
      });
      assert.deepEqual((await posixPerson(501, 'darwin', mac)).person.groups, ['staff', 'CORP\\domain users']);
    });

    it('names what it could not read, and never guesses groups', async () => {
      const exec = fakeExec({ 'id -nu -- 1000': 'alice\n', 'id -u -- alice': '1000\n', 'id -Gn -- alice': new Error('id: cannot find name for group ID 5'), 'id -G -- alice': '1000 5\n' });
      const reading = await posixPerson(1000, 'linux', exec);
      assert.deepEqual(reading.person, { uid: 1000, user: 'alice', groups: [] });
      assert.match(reading.problems[0] ?? '', /^the groups of alice could not be read: id: cannot find name for group ID 5; group exceptions do not apply$/);
      const unknown = await posixPerson(12345, 'linux', fakeExec({ 'id -nu -- 12345': new Error("id: '12345': no such user") }));
      assert.deepEqual(unknown.person, { uid: 12345, groups: [] });
    });
  });

  describe('Windows through whoami and the folder\'s security descriptor', () => {
    const whoami = {
      'whoami /user /fo csv /nh': '"corp\\alice","S-1-5-21-1-2-3-1104"\r\n',
      'whoami /groups /fo csv /nh': '"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"\r\n"CORP\\AI-Pilot","Group","S-1-5-21-1-2-3-2001","Mandatory group, Enabled by default, Enabled group"\r\n',
    };
    const encoded = (text: string) => Buffer.from(text, 'utf16le').toString('base64');
    const ownerCall = (folder: string) => `powershell.exe -NoProfile -NonInteractive -EncodedCommand ${encoded(`[Console]::OutputEncoding = [Text.Encoding]::UTF8; (Get-Acl -LiteralPath '${folder.replace(/'/g, "''")}').Owner`)}`;

    it('reads the current user\'s groups for a home folder they own', async () => {
      const exec = fakeExec({ ...whoami, [ownerCall('C:\\Users\\alice')]: 'CORP\\alice\r\n' });
      assert.deepEqual(await readFolderOwner('C:\\Users\\alice', 'win32', exec), { person: { user: 'corp\\alice', groups: ['Everyone', 'CORP\\AI-Pilot'] }, problems: [] });
    });

    it('says so when another user\'s groups cannot be read, and passes a hostile path as a literal', async () => {
      const folder = "C:\\Users\\bob'; Remove-Item C:\\ -Recurse; '";
      const exec = fakeExec({ ...whoami, [ownerCall(folder)]: 'CORP\\bob\r\n' });
      const reading = await readFolderOwner(folder, 'win32', exec);
      assert.deepEqual(reading.person, { user: 'CORP\\bob', groups: [] });
      assert.match(reading.problems[0] ?? '', /groups of CORP\\bob cannot be read on Windows without their sign-in/);
    });
  });

  describe('names compared as the OS does', () => {
    it('with case on Linux and macOS; without on Windows, where a bare name matches a domain one', () => {
      assert.equal(sameAccountName('alice', 'Alice', false), false);
      assert.equal(sameAccountName('alice', 'alice', false), true);
      assert.equal(sameAccountName('alice', 'Alice', true), true);
      assert.equal(sameAccountName('ai-pilot', 'CORP\\AI-Pilot', true), true);
      assert.equal(sameAccountName('OTHER\\ai-pilot', 'CORP\\AI-Pilot', true), false);
      assert.equal(sameAccountName('ai-pilot', 'CORP\\ai-pilot', false), false);
    });

    it('decides user and group exceptions for the person, either naming them', () => {
      const rule = loadOk(`version: 1\norganization: A\ntimezone: UTC\nrules:\n  - id: r\n    tool: claude-code\n    exceptions:\n      - until: 2099-01-01\n        users: [alice]\n        groups: [ai-pilot]\n`).rules[0];
      assert.ok(rule);
      const now = new Date('2026-12-02T00:00:00Z');
      const phase = (subject: Parameters<typeof computePhase>[3]) => computePhase(rule, now, 'UTC', subject).phase;
      assert.equal(phase({ user: 'alice', workspaceFolders: [] }), 'excepted');
      assert.equal(phase({ user: 'Alice', workspaceFolders: [] }), 'violation', 'Linux compares with case');
      assert.equal(phase({ user: 'Alice', workspaceFolders: [], windowsNames: true }), 'excepted');
      assert.equal(phase({ user: 'bob', groups: ['bob', 'ai-pilot'], workspaceFolders: [] }), 'excepted');
      assert.equal(phase({ user: 'bob', groups: ['bob', 'AI-Pilot'], workspaceFolders: [] }), 'violation');
      assert.equal(phase({ user: 'CORP\\bob', groups: ['CORP\\AI-Pilot'], workspaceFolders: [], windowsNames: true }), 'excepted');
      assert.equal(phase({ user: 'bob', workspaceFolders: [] }), 'violation', 'groups unknown: no group exception applies');
    });
  });

  it("counts a process for its owner only; a zombie for no one", () => {
    const person = { kind: 'person', uid: 1000, user: 'alice', windows: false } as const;
    assert.equal(processCounts({ uid: 1000 }, person), true);
    assert.equal(processCounts({ uid: 1001, user: 'alice' }, person), false, 'the id decides where both have one');
    assert.equal(processCounts({}, person), false, 'an owner that could not be read is no one\'s');
    assert.equal(processCounts({ uid: 1000, zombie: true }, person), false);
    assert.equal(processCounts({ user: 'CORP\\Alice' }, { kind: 'person', user: 'corp\\alice', windows: true }), true);
    assert.equal(processCounts({ uid: 1001 }, { kind: 'all-users' }), true);
    assert.equal(processCounts({ uid: 1001, zombie: true }, { kind: 'all-users' }), false);
  });
});

describe("the editor's JSON report is the scan report", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'scan-report.v1.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('follows schemas/scan-report.v1.json with what only the editor sees: terminals, typed commands, the host editor', () => {
    const policy = mergeLayers([{ layer: 'user', path: '/home/alice/policy.yaml', status: 'ok', policy: loadOk(SEED, 'user', '/home/alice/policy.yaml'), problems: [] }]);
    const now = new Date('2026-11-21T10:00:00Z');
    const snapshot = buildSnapshot({
      generation: 1, loaded: true, policy, now, t: formatMessage, showWhenCompliant: false, locale: 'en', enforced: [],
      subject: { user: 'alice', uid: 1000, groups: ['alice', 'ai-pilot'], workspaceFolders: ['/src/app'] },
      seen: {
        extensions: [{ id: 'anthropic.claude-code', version: '2.0.1', enabled: false }],
        hostEditor: { appName: 'Visual Studio Code', uriScheme: 'vscode' },
        installedCommands: [],
        typedCommands: [{ terminalName: 'bash', commandLine: 'claude --resume', at: '2026-11-21T09:59:00Z', invocations: [{ program: 'claude' }] }],
        terminalProcesses: [{ terminalName: 'bash', processes: [{ pid: 42, ppid: 1, name: 'claude', argv: ['claude', '--resume'], uid: 1000 }] }],
        terminalNames: ['bash', 'Claude Code'],
        mcpServers: [],
      },
    });
    const report = buildEditorReport(snapshot, { generatedAt: now, host: 'laptop', home: '/home/alice', version: '0.1.0', language: 'en' });
    assert.ok(validate(report), ajv.errorsText(validate.errors));
    assert.deepEqual([report.schemaVersion, report.host, report.home, report.owner], [1, 'laptop', '/home/alice', { uid: 1000, user: 'alice', groups: ['alice', 'ai-pilot'] }]);
    assert.deepEqual(report.editor, { appName: 'Visual Studio Code', uriScheme: 'vscode', workspaceFolders: ['/src/app'], extensions: 1, terminals: 2 });
    const evidence = report.findings.flatMap((finding) => finding.evidence);
    assert.deepEqual(evidence.map((e) => e.kind).sort(), ['command', 'extension', 'process', 'terminal']);
    assert.deepEqual(evidence.find((e) => e.kind === 'process'), { kind: 'process', pid: 42, name: 'claude', commandLine: 'claude --resume', owner: { uid: 1000, user: 'alice' }, terminal: 'bash' });
    assert.deepEqual(evidence.find((e) => e.kind === 'extension'), { kind: 'extension', id: 'anthropic.claude-code', version: '2.0.1', enabled: false });
    assert.equal(report.status, 'violation');
    assert.equal(report.exitCode, 2);
  });
});
