/**
 * `tool-policy migrate` as a process, on a copy of a real-looking setup
 * (test/fixtures/migrate: home and project level, every artefact kind, secrets in `env`
 * and `headers`, JSON with comments, target files that exist). Each target's plan is
 * compared with a committed golden file; set UPDATE_MIGRATE_GOLDEN=1 to write them anew
 * (never done otherwise), then read the diff before committing.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import { projectMemoryKey } from '../../src/core/migrate/layout';
import { cleanEnv, policy, REPO_ROOT, runCli, tempDir, type CliRun } from './helpers';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'migrate');
const GOLDEN = path.join(FIXTURE, 'golden');
const TARGETS = ['qoder', 'github-copilot', 'cursor'] as const;
/** Every secret value in the fixture holds this; no output may. */
const SECRET = /FIXTURE-SECRET/;

interface Copy {
  readonly root: string;
  readonly home: string;
  readonly project: string;
}

/** The fixture in a temporary folder: the project inside the home folder, as people keep them. */
function copyFixture(): Copy {
  const root = fs.realpathSync(tempDir('tp-migrate-'));
  const home = path.join(root, 'home');
  const project = path.join(home, 'src', 'shop');
  fs.cpSync(path.join(FIXTURE, 'home'), home, { recursive: true });
  fs.cpSync(path.join(FIXTURE, 'project'), project, { recursive: true });
  const claudeJson = path.join(home, '.claude.json');
  fs.writeFileSync(claudeJson, fs.readFileSync(claudeJson, 'utf8').replace('__PROJECT__', project));
  const memory = path.join(home, '.claude', 'projects', projectMemoryKey(project), 'memory');
  fs.mkdirSync(memory, { recursive: true });
  fs.writeFileSync(path.join(memory, 'MEMORY.md'), '- the staging database is slow on Mondays\n');
  return { root, home, project };
}

const env = (copy: Copy) => cleanEnv({ HOME: copy.home, NO_COLOR: '1' });
const migrate = (copy: Copy, ...args: string[]) => runCli(['migrate', '--home', copy.home, '--project', copy.project, ...args], env(copy));

/** Paths made the same on every machine and run. */
function normalise(text: string, copy: Copy): string {
  return text.split(copy.project).join('<PROJECT>').split(projectMemoryKey(copy.project)).join('<PROJECT-KEY>').split(copy.home).join('<HOME>');
}

/** Every file under a folder with its content hash and mode, for "nothing else changed". */
function snapshot(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(folder, full), `${createHash('sha256').update(fs.readFileSync(full)).digest('hex')} ${(fs.lstatSync(full).mode & 0o777).toString(8)}`);
    }
  };
  walk(folder);
  return files;
}

function compareGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_MIGRATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `${file} is missing: run with UPDATE_MIGRATE_GOLDEN=1 to write it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_MIGRATE_GOLDEN=1 writes it anew)`);
}

interface Report {
  applied: boolean;
  exitCode: number;
  migrations: Array<{ to: string; items: Array<{ id: string; kind: string; state: string; fidelity: string; target?: string; entries?: string[][]; losses: string[] }>; summary: Record<string, number | boolean> }>;
}
const validateReport = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'migrate-report.v1.json'), 'utf8')) as object);

/** The JSON report, checked against its schema. */
function report(run: CliRun): Report {
  const parsed = JSON.parse(run.stdout) as unknown;
  assert.ok(validateReport(parsed), `the report does not follow schemas/migrate-report.v1.json: ${JSON.stringify(validateReport.errors)}`);
  return parsed as Report;
}

/** The value at a JSON path of a JSON-with-comments file. */
function entryValue(text: string, entry: readonly string[]): unknown {
  let value: unknown = parseJsonc(text);
  for (const key of entry) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

describe('tool-policy migrate (dist/cli.js as a process)', function () {
  this.timeout(60_000);
  const copies: Copy[] = [];
  const outputs: Array<{ what: string; run: CliRun }> = [];
  const fresh = () => {
    const copy = copyFixture();
    copies.push(copy);
    return copy;
  };
  const keep = (what: string, run: CliRun) => {
    outputs.push({ what, run });
    return run;
  };
  after(() => {
    for (const copy of copies) fs.rmSync(copy.root, { recursive: true, force: true });
  });

  for (const target of TARGETS) {
    describe(`to ${target}`, () => {
      it('plans exactly the golden plan (text and JSON), and writes nothing without --apply', async () => {
        const copy = fresh();
        const before = snapshot(copy.root);
        const text = keep(`${target} text`, await migrate(copy, '--from', 'claude-code', '--to', target));
        const json = keep(`${target} json`, await migrate(copy, '--from', 'claude-code', '--to', target, '--format', 'json'));
        report(json);
        assert.equal(text.code, 1, text.stderr);
        assert.equal(json.code, 1, json.stderr);
        assert.equal(text.stderr, '');
        compareGolden(`${target}.txt`, normalise(text.stdout, copy));
        compareGolden(`${target}.json`, normalise(json.stdout, copy));
        assert.deepEqual(snapshot(copy.root), before, 'a plan without --apply wrote something');
      });

      it('--apply writes the plan and leaves every conflict byte for byte; a second run has nothing to do', async () => {
        const copy = fresh();
        const plan = report(await migrate(copy, '--from', 'claude-code', '--to', target, '--format', 'json'));
        const before = snapshot(copy.root);
        const conflicts = (plan.migrations[0]?.items ?? []).filter((i) => i.state === 'conflict' && i.target);
        const conflicting = () => conflicts.map((item) => {
          const text = fs.readFileSync(item.target as string, 'utf8');
          // JSON entries left as they are: their values; a file: its every byte.
          return item.entries ? JSON.stringify(item.entries.map((entry) => entryValue(text, entry))) : text;
        });
        const conflictsBefore = conflicting();
        const applied = keep(`${target} apply`, await migrate(copy, '--from', 'claude-code', '--to', target, '--apply', '--format', 'json'));
        const result = report(applied);
        assert.equal(result.applied, true);
        const items = result.migrations[0]?.items ?? [];
        const planned = plan.migrations[0]?.items ?? [];
        // Every item planned for writing was written; every conflict stayed one.
        for (const item of planned) {
          const after = items.find((i) => i.id === item.id);
          if (item.state === 'write') assert.equal(after?.state, 'written', item.id);
          else assert.equal(after?.state, item.state, item.id);
        }
        assert.ok(planned.some((i) => i.state === 'conflict'), 'the fixture has a conflict for every target');
        const after = snapshot(copy.root);
        for (const [file, hash] of before) {
          // Only JSON files gain entries; no other file that existed is changed.
          if (after.get(file) !== hash) assert.match(file, /\.json$/, `${file} was changed`);
        }
        assert.deepEqual(conflicting(), conflictsBefore, 'a conflicting file or entry was touched');

        const second = keep(`${target} second`, await migrate(copy, '--from', 'claude-code', '--to', target, '--format', 'json'));
        const again = report(second).migrations[0];
        assert.ok(again);
        assert.deepEqual(again.items.filter((i) => i.state === 'write').map((i) => i.id), [], 'a second run found something to write');
        assert.equal(again.summary.write, 0);
        const secondApply = keep(`${target} second apply`, await migrate(copy, '--from', 'claude-code', '--to', target, '--apply'));
        assert.match(secondApply.stdout, /Summary: 0 written, /);
        assert.deepEqual(snapshot(copy.root), after, 'a second --apply changed a file');
      });
    });
  }

  it('writes new files that hold a secret readable by their owner only, and keeps a script executable', async () => {
    const copy = fresh();
    await migrate(copy, '--from', 'claude-code', '--to', 'qoder', '--apply');
    const mode = (file: string) => fs.statSync(file).mode & 0o777;
    assert.equal(mode(path.join(copy.project, '.qoder', 'settings.local.json')), 0o600);
    assert.equal(mode(path.join(copy.home, '.qoder', 'skills', 'commit-message', 'scripts', 'lint.sh')) & 0o111, 0o111);
    // An existing file that gains entries keeps its mode.
    assert.equal(mode(path.join(copy.project, '.qoder', 'settings.json')), mode(path.join(FIXTURE, 'project', '.qoder', 'settings.json')));
    assert.deepEqual(fs.readdirSync(path.join(copy.project, '.qoder')).filter((name) => name.includes('.tmp')), []);
  });

  it('exits 0 when everything carries over, and when there is nothing to move', async () => {
    const copy = fresh();
    const clean = path.join(copy.root, 'clean');
    fs.mkdirSync(path.join(clean, '.claude', 'commands'), { recursive: true });
    fs.writeFileSync(path.join(clean, 'CLAUDE.md'), '# Clean\n');
    fs.writeFileSync(path.join(clean, '.claude', 'commands', 'hello.md'), 'Say hello to $ARGUMENTS.\n');
    const empty = path.join(copy.root, 'empty-home');
    fs.mkdirSync(empty);
    const run = await runCli(['migrate', '--from', 'claude-code', '--to', 'qoder', '--home', empty, '--project', clean, '--apply'], env(copy));
    assert.equal(run.code, 0, run.stdout);
    assert.equal(fs.readFileSync(path.join(clean, 'AGENTS.md'), 'utf8'), '# Clean\n');
    const nothing = await runCli(['migrate', '--from', 'claude-code', '--to', 'cursor', '--home', empty, '--project', empty], env(copy));
    assert.equal(nothing.code, 0, nothing.stdout);
    assert.match(nothing.stdout, /Summary: 0 to write, 0 already done, 0 conflicts, 0 lost/);
  });

  it('reads the current folder as the project when no --project is given', async () => {
    const copy = fresh();
    const run = await new Promise<CliRun>((resolve, reject) => {
      execFile(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'migrate', '--from', 'claude-code', '--to', 'cursor', '--home', copy.home, '--format', 'json'],
        { cwd: copy.project, env: env(copy) }, (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') reject(error);
          else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
        });
    });
    assert.equal(JSON.parse(run.stdout).projects[0], copy.project);
  });

  describe('a policy, and what is not a migration', () => {
    it('moves to the rule\'s alternative.tool by default; --to overrides it', async () => {
      const copy = fresh();
      const parsed = (run: CliRun) => (JSON.parse(run.stdout) as { migrations: Array<{ rules: string[]; to: string }> }).migrations.map((m) => [m.to, m.rules]);
      const byPolicy = keep('policy alternative.tool', await migrate(copy, '--policy', policy('migrate-claude.yaml'), '--format', 'json'));
      assert.equal(byPolicy.code, 1, byPolicy.stderr);
      assert.deepEqual(parsed(byPolicy), [['qoder', ['claude-code-ban']]]);
      const withTo = keep('policy --to', await migrate(copy, '--policy', policy('migrate-claude.yaml'), '--to', 'cursor', '--format', 'json'));
      assert.equal(withTo.code, 1);
      assert.deepEqual(parsed(withTo), [['cursor', ['claude-code-ban']]]);
    });

    it('asks for --to when the rule names no alternative.tool, and follows the policy with it', async () => {
      const copy = fresh();
      const without = await migrate(copy, '--policy', policy('migrate-claude-untargeted.yaml'));
      assert.equal(without.code, 4);
      assert.match(without.stderr, /rule claude-code-ban names no alternative\.tool; name the target with --to qoder\|github-copilot\|cursor/);
      const withTo = keep('untargeted policy --to', await migrate(copy, '--policy', policy('migrate-claude-untargeted.yaml'), '--to', 'cursor', '--format', 'json'));
      assert.equal(withTo.code, 1);
      const parsed = JSON.parse(withTo.stdout) as { migrations: Array<{ rules: string[]; to: string }> };
      assert.deepEqual(parsed.migrations.map((m) => [m.to, m.rules]), [['cursor', ['claude-code-ban']]]);
    });

    it('exits 3 on a policy error and writes nothing', async () => {
      const copy = fresh();
      const before = snapshot(copy.root);
      const run = await migrate(copy, '--policy', policy('broken.yaml'), '--to', 'qoder', '--apply');
      assert.equal(run.code, 3);
      assert.deepEqual(snapshot(copy.root), before);
    });

    it('exits 4 on a usage error, naming it', async () => {
      const copy = fresh();
      const cases: Array<[string[], RegExp]> = [
        [['--from', 'claude-code', '--to', 'lingma'], /--to "lingma": migrate moves a setup to qoder, github-copilot, cursor/],
        [['--from', 'cline', '--to', 'qoder'], /--from "cline": migrate reads the setup of claude-code only/],
        [['--from', 'claude-code', '--to', 'qoder', '--format', 'sarif'], /unknown format "sarif"/],
        [['--from', 'claude-code', '--to', 'qoder', '--project', path.join(copy.root, 'nope')], /--project ".*nope": no such folder/],
      ];
      for (const [args, message] of cases) {
        const run = await migrate(copy, ...args);
        assert.equal(run.code, 4, args.join(' '));
        assert.match(run.stderr, message);
      }
    });
  });

  // Last: mocha runs a suite's own tests before its child suites, and this reads their outputs.
  describe('every output above', () => {
    it('never prints a secret: no value of env or headers in any output, text or JSON, planned or applied', () => {
      assert.ok(outputs.length >= 10, 'the other tests ran first and kept their outputs');
      for (const { what, run } of outputs) {
        assert.doesNotMatch(run.stdout, SECRET, `${what}: stdout`);
        assert.doesNotMatch(run.stderr, SECRET, `${what}: stderr`);
      }
      // The masked names are shown, so the person knows what moved.
      assert.ok(outputs.some(({ run }) => /PGPASSWORD=\*{8}/.test(run.stdout)));
    });
  });
});
