import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as semver from 'semver';
import { REPO_ROOT } from './helpers';

interface Manifest { engines?: { node?: string }; dependencies?: Record<string, string> }
const manifest = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;

describe('the Node.js version the command line promises', () => {
  const ours = manifest(path.join(REPO_ROOT, 'package.json'));
  const promised = semver.minVersion(ours.engines?.node ?? '') as semver.SemVer;

  it('is Node 20', () => {
    assert.equal(promised.major, 20);
  });

  it('is admitted by every runtime dependency (what `npm install -g` pulls in)', () => {
    const refusing = Object.keys(ours.dependencies ?? {}).flatMap((name) => {
      const range = manifest(path.join(REPO_ROOT, 'node_modules', name, 'package.json')).engines?.node;
      return range !== undefined && !semver.satisfies(promised, range) ? [`${name} wants node ${range}`] : [];
    });
    assert.deepEqual(refusing, []);
  });

  it(`runs dist/cli.js on this machine's Node (${process.version}), with no node_modules beside it`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-node-'));
    try {
      fs.copyFileSync(path.join(REPO_ROOT, 'dist', 'cli.js'), path.join(dir, 'cli.js'));
      const out = execFileSync(process.execPath, [path.join(dir, 'cli.js'), 'catalog', '--format', 'json'], { encoding: 'utf8', cwd: dir });
      assert.ok((JSON.parse(out) as { tools: unknown[] }).tools.length > 10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the npm package', () => {
  it('carries dist/cli.js as its bin, with the report schemas and the documents', function () {
    this.timeout(60_000);
    const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ files: Array<{ path: string }> }>;
    const files = (listing[0]?.files ?? []).map((file) => file.path).sort();
    assert.deepEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'package.json', 'schemas/migrate-report.v1.json', 'schemas/scan-report.v1.json']);
    assert.equal((manifest(path.join(REPO_ROOT, 'package.json')) as { bin?: Record<string, string> }).bin?.['tool-policy'], 'dist/cli.js');
  });
});
