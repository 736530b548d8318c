import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StateFolder, stateFolderPath } from '../../src/machine/stateFolder';

const isCount = (json: unknown) => (typeof json === 'object' && json !== null && typeof (json as { count?: unknown }).count === 'number' ? json as { count: number } : undefined);

describe('the state folder', () => {
  let root: string;
  let folder: StateFolder;
  beforeEach(() => {
    root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'state-folder-')), 'tool-policy');
    folder = new StateFolder(root);
  });
  afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('lives where SPEC §4 says on each OS, and ignores a relative XDG_STATE_HOME as the XDG specification does', () => {
    assert.equal(stateFolderPath('linux', {}, '/home/alice'), '/home/alice/.local/state/tool-policy');
    assert.equal(stateFolderPath('linux', { XDG_STATE_HOME: '/var/xdg' }, '/home/alice'), '/var/xdg/tool-policy');
    assert.equal(stateFolderPath('linux', { XDG_STATE_HOME: 'relative/state' }, '/home/alice'), '/home/alice/.local/state/tool-policy');
    assert.equal(stateFolderPath('darwin', { XDG_STATE_HOME: '/ignored' }, '/Users/alice'), '/Users/alice/Library/Application Support/ToolPolicy/state');
    assert.equal(stateFolderPath('win32', { LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local' }, 'C:\\Users\\alice'), 'C:\\Users\\alice\\AppData\\Local\\ToolPolicy\\state');
    assert.equal(stateFolderPath('win32', {}, 'C:\\Users\\alice'), 'C:\\Users\\alice\\AppData\\Local\\ToolPolicy\\state');
  });

  it('writes whole files its owner alone can read, in a folder its owner alone can enter', async () => {
    await folder.writeJson('clock.json', { count: 1 });
    assert.deepEqual(await folder.readJson('clock.json', isCount), { kind: 'ok', value: { count: 1 } });
    assert.equal(fs.statSync(path.join(root, 'clock.json')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(root).mode & 0o777, 0o700);
    assert.deepEqual(fs.readdirSync(root), ['clock.json'], 'no temporary file is left behind');
  });

  it('makes an existing folder that others could read owner-only before it writes there', async () => {
    fs.mkdirSync(root, { recursive: true, mode: 0o755 });
    fs.chmodSync(root, 0o755);
    await folder.writeJson('clock.json', { count: 1 });
    assert.equal(fs.statSync(root).mode & 0o777, 0o700);
  });

  it('reads a file that is not there as missing', async () => {
    assert.deepEqual(await folder.readJson('clock.json', isCount), { kind: 'missing' });
    assert.deepEqual(await folder.list('ack'), []);
  });

  for (const [what, content] of [['not JSON', '{"count": 1'], ['the wrong shape', '{"count": "one"}']] as const) {
    it(`sets a file that is ${what} aside, reports it without quoting it, and reads it as absent from then on`, async () => {
      fs.mkdirSync(root, { recursive: true });
      fs.writeFileSync(path.join(root, 'clock.json'), content);
      const read = await folder.readJson('clock.json', isCount);
      assert.equal(read.kind, 'damaged');
      assert.ok(read.kind === 'damaged' && read.problem.includes('clock.json') && !read.problem.includes(content));
      assert.equal(fs.readFileSync(path.join(root, 'clock.json.damaged'), 'utf8'), content, 'kept for a person to look at');
      assert.deepEqual(await folder.readJson('clock.json', isCount), { kind: 'missing' });
    });
  }

  it('never follows a link planted in its place, and never quotes what it points at', async () => {
    const secret = path.join(path.dirname(root), 'secret.txt');
    fs.writeFileSync(secret, '{"count": 42}');
    fs.mkdirSync(root, { recursive: true });
    fs.symlinkSync(secret, path.join(root, 'clock.json'));
    const read = await folder.readJson('clock.json', isCount);
    assert.equal(read.kind, 'damaged');
    assert.ok(read.kind === 'damaged' && /symbolic link/.test(read.problem) && !read.problem.includes('42'));
    await folder.writeJson('clock.json', { count: 2 });
    assert.equal(fs.readFileSync(secret, 'utf8'), '{"count": 42}', 'the file the link pointed at is untouched');
    assert.deepEqual(await folder.readJson('clock.json', isCount), { kind: 'ok', value: { count: 2 } });
  });

  it('refuses to write through a state folder that is a link', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'state-elsewhere-'));
    try {
      fs.symlinkSync(elsewhere, root);
      await assert.rejects(folder.writeJson('clock.json', { count: 1 }), /not a folder of its own/);
      assert.deepEqual(fs.readdirSync(elsewhere), []);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('treats a file over the size limit as damaged, and will not write one', async () => {
    const small = new StateFolder(root, { maxFileBytes: 64 });
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'clock.json'), JSON.stringify({ count: 1, padding: 'x'.repeat(100) }));
    const read = await small.readJson('clock.json', isCount);
    assert.ok(read.kind === 'damaged' && /over the 64-byte limit/.test(read.problem));
    await assert.rejects(small.writeJson('clock.json', { count: 1, padding: 'x'.repeat(100) }), /over the 64-byte limit/);
  });

  it('runs updates of one file one after another, so none is lost in this process', async () => {
    await Promise.all(Array.from({ length: 50 }, () => folder.updateJson('clock.json', isCount, (current) => ({ count: (current?.count ?? 0) + 1 }))));
    assert.deepEqual(await folder.readJson('clock.json', isCount), { kind: 'ok', value: { count: 50 } });
  });

  it('read-only, it reports damage without moving anything and refuses to write', async () => {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'clock.json'), 'nonsense');
    const readOnly = new StateFolder(root, { readOnly: true });
    assert.equal((await readOnly.readJson('clock.json', isCount)).kind, 'damaged');
    assert.ok(fs.existsSync(path.join(root, 'clock.json')));
    await assert.rejects(readOnly.writeJson('other.json', {}), /read-only/);
  });

  it('keeps every name inside the folder', () => {
    for (const name of ['../escape.json', '/etc/passwd', 'a/../../b', 'ack/..', '', 'a\\b', 'a b']) {
      assert.throws(() => folder.pathOf(name), /not a state file name/, name);
    }
    assert.equal(folder.pathOf('ack/rule.0123456789ab'), path.join(root, 'ack', 'rule.0123456789ab'));
  });

  it('stores bytes as they are, and lists the files of a sub-folder', async () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0x00, 0xff]);
    await folder.writeBytes('last-good/a.policy', bytes);
    await folder.writeBytes('last-good/b.policy', Uint8Array.from([1]));
    const read = await folder.readBytes('last-good/a.policy');
    assert.ok(read.kind === 'ok' && Buffer.from(read.value).equals(Buffer.from(bytes)));
    assert.deepEqual(await folder.list('last-good'), ['a.policy', 'b.policy']);
    await folder.remove('last-good/a.policy');
    assert.deepEqual(await folder.list('last-good'), ['b.policy']);
  });
});
