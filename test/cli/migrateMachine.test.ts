/**
 * The machine side of moving a setup: what the reader refuses to follow or open, and what
 * the writer refuses to do (write through a link, replace a file that appeared or changed
 * after the plan was made), in temporary folders.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_USER_PLACE, TREE_ENTRY_LIMIT } from '../../src/core/migrate/layout';
import { draftMigration, settleMigration } from '../../src/core/migrate/plan';
import type { MigrationPlan, MigrationTarget, Setup } from '../../src/core/migrate/types';
import { asOwnerOf } from '../../src/machine/migrate/asOwner';
import { readSetup } from '../../src/machine/migrate/readSetup';
import { readTargetFiles } from '../../src/machine/migrate/targetFiles';
import { writePlan } from '../../src/machine/migrate/writePlan';
import { tempDir } from './helpers';

interface Place {
  readonly root: string;
  readonly home: string;
  readonly project: string;
  readonly outside: string;
}

function place(): Place {
  const root = fs.realpathSync(tempDir('tp-migrate-machine-'));
  const home = path.join(root, 'home');
  const project = path.join(home, 'shop');
  const outside = path.join(root, 'outside');
  for (const dir of [home, project, outside]) fs.mkdirSync(dir, { recursive: true });
  return { root, home, project, outside };
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const read = (p: Place): Promise<Setup> => readSetup({ home: p.home, projects: [p.project], platform: 'linux', userPlace: DEFAULT_USER_PLACE });

async function plan(p: Place, to: MigrationTarget): Promise<MigrationPlan> {
  const draft = draftMigration(await read(p), 'claude-code', to);
  return settleMigration(draft, await readTargetFiles({ home: p.home, projects: [p.project] }, draft.targetFiles));
}

const fileOf = (setup: Setup, root: 'home' | 'project', relative: string) =>
  (root === 'home' ? setup.home : setup.projects[0])?.files.find((file) => file.path === relative);

function leftovers(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.includes('.tool-policy-')) found.push(path.join(dir, entry.name));
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
    }
  };
  walk(folder);
  return found;
}

const places: Place[] = [];
/** A new temporary place, removed after the tests. */
function fresh(): Place {
  const p = place();
  places.push(p);
  return p;
}
after(() => {
  for (const p of places) fs.rmSync(p.root, { recursive: true, force: true });
});

describe('migrate: reading the setup', () => {

  it('follows a link inside the project (CLAUDE.md → AGENTS.md), not one out of the home folder', async () => {
    const p = fresh();
    write(path.join(p.project, 'AGENTS.md'), '# Shop\n');
    fs.symlinkSync('AGENTS.md', path.join(p.project, 'CLAUDE.md'));
    write(path.join(p.outside, 'secret.txt'), 'not for the plan\n');
    fs.mkdirSync(path.join(p.home, '.claude'));
    fs.symlinkSync(path.join(p.outside, 'secret.txt'), path.join(p.home, '.claude', 'CLAUDE.md'));
    const setup = await read(p);
    assert.equal(new TextDecoder().decode(fileOf(setup, 'project', 'CLAUDE.md')?.bytes), '# Shop\n');
    const outside = fileOf(setup, 'home', '.claude/CLAUDE.md');
    assert.equal(outside?.bytes, undefined);
    assert.match(outside?.error ?? '', /outside the home folder: not followed/);
    // The plan: the project's instructions are already in AGENTS.md; the home's are named, not read.
    const planned = await plan(p, 'qoder');
    assert.deepEqual(planned.items.map((item) => [item.source.path, item.state]), [['.claude/CLAUDE.md', 'unreadable'], ['CLAUDE.md', 'done']]);
  });

  it('ends on a folder that links back into itself, and never opens a FIFO', async function () {
    if (process.platform === 'win32') this.skip();
    const p = fresh();
    const skill = path.join(p.project, '.claude', 'skills', 'looping');
    write(path.join(skill, 'SKILL.md'), '---\nname: looping\ndescription: x\n---\n');
    fs.symlinkSync('..', path.join(skill, 'again'));
    execFileSync('mkfifo', [path.join(skill, 'pipe')]);
    const setup = await read(p);
    const files = setup.projects[0]?.files.map((file) => file.path) ?? [];
    assert.ok(files.includes('.claude/skills/looping/SKILL.md'));
    const pipe = fileOf(setup, 'project', '.claude/skills/looping/pipe');
    assert.match(pipe?.error ?? '', /not a regular file/);
    const planned = await plan(p, 'qoder');
    assert.equal(planned.items.find((item) => item.kind === 'skill')?.state, 'unreadable');
  });

  it('names a file over its size limit, and a folder with more entries than it reads', async () => {
    const p = fresh();
    write(path.join(p.project, '.claude', 'rules', 'huge.md'), 'x'.repeat(1024 * 1024 + 1));
    const commands = path.join(p.project, '.claude', 'commands');
    fs.mkdirSync(commands, { recursive: true });
    // Entries are counted whether or not they are read (only *.md files are).
    for (let i = 0; i <= TREE_ENTRY_LIMIT; i++) fs.writeFileSync(path.join(commands, `c${i}.txt`), '');
    const setup = await read(p);
    assert.match(fileOf(setup, 'project', '.claude/rules/huge.md')?.error ?? '', /1048577 bytes; files over 1 MiB are not read/);
    assert.deepEqual(setup.projects[0]?.problems, [{ path: '.claude/commands', error: `holds more than ${TREE_ENTRY_LIMIT} entries: only the first were read` }]);
  });

  it('copies no skill read only in part', async () => {
    const p = fresh();
    const skill = path.join(p.project, '.claude', 'skills', 'big');
    write(path.join(skill, 'SKILL.md'), '---\nname: big\ndescription: b\n---\n');
    fs.mkdirSync(path.join(skill, 'node_modules'));
    // Empty folders count as entries and cost no file reads.
    for (let i = 0; i <= TREE_ENTRY_LIMIT; i++) fs.mkdirSync(path.join(skill, 'node_modules', `m${i}`));
    const planned = await plan(p, 'qoder');
    const item = planned.items.find((i) => i.kind === 'skill');
    assert.equal(item?.state, 'unreadable');
    assert.match(item?.stateReason ?? '', /holds more than 2000 entries/);
    assert.deepEqual(planned.writes, []);
  });
});

describe('migrate: writing the plan', () => {

  it('never writes through a link: a target folder that is a link is a conflict, and where it points stays empty', async () => {
    const p = fresh();
    write(path.join(p.project, '.claude', 'commands', 'a.md'), 'A\n');
    fs.symlinkSync(p.outside, path.join(p.project, '.qoder'));
    const planned = await plan(p, 'qoder');
    const item = planned.items.find((i) => i.kind === 'command');
    assert.equal(item?.state, 'conflict');
    assert.match(item?.stateReason ?? '', /\.qoder is a symbolic link: nothing is written through a link/);
    assert.deepEqual(planned.writes, []);
    await writePlan(planned);
    assert.deepEqual(fs.readdirSync(p.outside), []);
  });

  it('never replaces a target file that is a link, even to a file inside the project', async () => {
    const p = fresh();
    write(path.join(p.project, 'CLAUDE.md'), '# Shop\n');
    write(path.join(p.project, 'docs', 'agents.md'), '# Other\n');
    fs.symlinkSync('docs/agents.md', path.join(p.project, 'AGENTS.md'));
    const planned = await plan(p, 'cursor');
    assert.equal(planned.items[0]?.state, 'conflict');
    assert.equal(fs.readFileSync(path.join(p.project, 'docs', 'agents.md'), 'utf8'), '# Other\n');
  });

  it('leaves a file that appeared after the plan was made, and a JSON file that changed, as they are', async () => {
    const p = fresh();
    write(path.join(p.project, 'CLAUDE.md'), '# Shop\n');
    write(path.join(p.project, '.mcp.json'), '{"mcpServers":{"db":{"command":"pg"}}}');
    write(path.join(p.project, '.cursor', 'mcp.json'), '{ "mcpServers": {} }\n');
    const planned = await plan(p, 'cursor');
    assert.deepEqual(planned.writes.map((w) => w.target.path).sort(), ['.cursor/mcp.json', 'AGENTS.md']);
    // Meanwhile, the person (or another tool) writes both.
    write(path.join(p.project, 'AGENTS.md'), '# Written meanwhile\n');
    write(path.join(p.project, '.cursor', 'mcp.json'), '{ "mcpServers": { "mine": {} } }\n');
    const results = await writePlan(planned);
    assert.deepEqual(results.map((r) => [r.write.target.path, r.outcome]).sort(), [['.cursor/mcp.json', 'conflict'], ['AGENTS.md', 'conflict']]);
    assert.equal(fs.readFileSync(path.join(p.project, 'AGENTS.md'), 'utf8'), '# Written meanwhile\n');
    assert.equal(fs.readFileSync(path.join(p.project, '.cursor', 'mcp.json'), 'utf8'), '{ "mcpServers": { "mine": {} } }\n');
    assert.deepEqual(leftovers(p.project), []);
  });

  it('reads and writes as the owner of the folder (root moving someone else\'s setup)', async () => {
    const p = fresh();
    write(path.join(p.project, '.claude', 'commands', 'a.md'), 'A\n');
    // As root, the project belongs to another user; otherwise to this one: either way, new
    // folders and files must belong to the project's owner.
    if (process.getuid?.() === 0) {
      for (const folder of [p.root, p.home]) fs.chmodSync(folder, 0o755);
      execFileSync('chown', ['-R', '54321:54322', p.project]);
    }
    const owner = fs.statSync(p.project);
    const results = await writePlan(await plan(p, 'qoder'));
    assert.deepEqual(results.map((r) => r.outcome), ['written']);
    for (const created of [path.join(p.project, '.qoder'), path.join(p.project, '.qoder', 'commands', 'a.md')]) {
      const stat = fs.statSync(created);
      assert.deepEqual([stat.uid, stat.gid], [owner.uid, owner.gid], created);
    }
  });

  it("as root, works with the folder owner's rights: a root-only file cannot be read meanwhile", async () => {
    const p = fresh();
    const rootOnly = path.join(p.outside, 'root-only');
    fs.writeFileSync(rootOnly, 'x', { mode: 0o600 });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      for (const folder of [p.root, p.home]) fs.chmodSync(folder, 0o755);
      fs.chownSync(p.project, 54321, 54322);
    }
    const outcome = await asOwnerOf(p.project, () => fs.promises.readFile(rootOnly, 'utf8').then(() => 'read', (error: NodeJS.ErrnoException) => error.code));
    // Not root: the work runs as this user, who owns the file.
    assert.equal(outcome, asRoot ? 'EACCES' : 'read');
    assert.equal(process.geteuid?.(), asRoot ? 0 : process.getuid?.(), 'the identity is restored after the work');
  });

  it('creates the folders it needs and writes every file whole, leaving no temporary file', async () => {
    const p = fresh();
    write(path.join(p.project, '.claude', 'skills', 'notes', 'SKILL.md'), '---\nname: notes\ndescription: n\n---\nWrite notes.\n');
    write(path.join(p.project, '.claude', 'skills', 'notes', 'deep', 'er', 'template.md'), 'T\n');
    const planned = await plan(p, 'cursor');
    const results = await writePlan(planned);
    assert.ok(results.length === 2 && results.every((r) => r.outcome === 'written'), JSON.stringify(results.map((r) => r.reason)));
    assert.equal(fs.readFileSync(path.join(p.project, '.cursor', 'skills', 'notes', 'deep', 'er', 'template.md'), 'utf8'), 'T\n');
    assert.deepEqual(leftovers(p.project), []);
  });
});
