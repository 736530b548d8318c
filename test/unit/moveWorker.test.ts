import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_USER_PLACE } from '../../src/core/migrate/layout';
import { planMove } from '../../src/machine/migrate/migration';
import { MoveOffThread } from '../../src/machine/migrate/moveWorker';
import { REPO_ROOT } from './helpers';

/** The compiled thread entry (the extension loads the bundled dist/moveWorker.js instead). */
const WORKER_FILE = path.resolve(__dirname, '..', '..', 'src', 'machine', 'migrate', 'moveWorkerMain.js');
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'migrate');

const plain = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  return value;
};

describe('"Move my setup" on a thread of its own', function () {
  this.timeout(120_000);
  let root: string;
  let locations: Parameters<typeof planMove>[0];

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-move-'));
    fs.cpSync(path.join(FIXTURE, 'home'), path.join(root, 'home'), { recursive: true });
    fs.cpSync(path.join(FIXTURE, 'project'), path.join(root, 'project'), { recursive: true });
    locations = { home: path.join(root, 'home'), projects: [path.join(root, 'project')], platform: 'linux', userPlace: DEFAULT_USER_PLACE };
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes the plan the engine makes in place, and applies it', async () => {
    const thread = new MoveOffThread({ workerFile: WORKER_FILE });
    const pairs = [{ from: 'claude-code' as const, to: 'cursor' as const }];
    const [offThread] = await thread.plan(locations, pairs);
    const [inPlace] = await planMove(locations, pairs);
    assert.ok(offThread && inPlace);
    // Bytes cross the thread as Uint8Array (a Buffer in place): compared as numbers.
    assert.deepEqual(plain(offThread), plain(inPlace));
    const applied = await thread.apply(offThread);
    const written = applied.results.filter((result) => result.outcome === 'written');
    assert.ok(written.length > 0);
    for (const result of written) {
      const base = result.write.target.root.kind === 'home' ? locations.home : locations.projects[0] as string;
      assert.ok(fs.existsSync(path.join(base, result.write.target.path)), result.write.target.path);
    }
    assert.ok(applied.plan.items.some((item) => item.state === 'written'));
  });

  it('rejects, never hangs: a thread that cannot start, and one past its deadline', async () => {
    await assert.rejects(new MoveOffThread({ workerFile: path.join(__dirname, 'no-such-thread.js') }).plan(locations, [{ from: 'claude-code', to: 'qoder' }]));
    await assert.rejects(new MoveOffThread({ workerFile: WORKER_FILE, deadlineMs: 1 }).plan(locations, [{ from: 'claude-code', to: 'qoder' }]), /took longer than 0.001 s and was stopped/);
  });
});
