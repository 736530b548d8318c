import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_USER_PLACE } from '../../src/core/migrate/layout';
import { mergeLayers } from '../../src/core/policy/mergeLayers';
import { parsePolicy } from '../../src/core/policy/parsePolicy';
import type { MigrationView } from '../../src/core/present/migrationView';
import type { Snapshot } from '../../src/core/snapshot';
import { MoveOffThread } from '../../src/machine/migrate/moveWorker';
import { MigrationFlow } from '../../src/vscode/migrationFlow';
import { PolicyPanel } from '../../src/vscode/policyPanel';
import type { Snapshots } from '../../src/vscode/snapshotPublisher';
import { EXTENSION_ID, getApi, tempDir } from './util';

const REPO = path.resolve(__dirname, '..', '..', '..');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'migrate');
const POLICY = [
  'version: 1', 'organization: Move Corp', 'timezone: UTC', 'rules:',
  '  - id: claude-move', '    tool: claude-code', '    deadline: 2026-01-01',
  '    alternative: { name: Qoder, url: "https://qoder.com/", tool: qoder }', '',
].join('\n');

/** Every file under `root`, with its bytes: compared byte for byte before and after. */
function filesUnder(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.set(path.relative(root, full), fs.readFileSync(full).toString('base64'));
      else files.set(path.relative(root, full), `(${entry.isSymbolicLink() ? `link to ${fs.readlinkSync(full)}` : 'other'})`);
    }
  };
  walk(root);
  return files;
}

// The move in the real editor: the extension's panel, the engine on its bundled thread
// (dist/moveWorker.js), the editor's l10n, on a home folder and a workspace folder the
// test makes. Only the modal dialog is answered by the test (a real one waits for a person).
describe('"Move my setup" in the real editor', function () {
  this.timeout(120_000);
  let root: string;
  let home: string;
  let project: string;
  let answer: string | undefined;
  let asked: string[];
  const views: Array<MigrationView | undefined> = [];
  let panel: PolicyPanel;
  let flow: MigrationFlow;

  before(async () => {
    const api = await getApi();
    root = tempDir();
    home = path.join(root, 'home');
    project = path.join(root, 'project');
    fs.cpSync(path.join(FIXTURE, 'home'), home, { recursive: true });
    fs.cpSync(path.join(FIXTURE, 'project'), project, { recursive: true });
    const parsed = parsePolicy(POLICY, { layer: 'user', path: path.join(root, 'policy.yaml') });
    assert.ok(parsed.ok);
    const policy = mergeLayers([{ layer: 'user', path: path.join(root, 'policy.yaml'), status: 'ok', policy: parsed.policy, problems: [] }]);
    const extension = vscode.extensions.getExtension(EXTENSION_ID) as vscode.Extension<unknown>;
    const fixed: Snapshots = { current: api.snapshots.current, onDidPublish: new vscode.EventEmitter<Snapshot>().event };
    panel = new PolicyPanel(extension.extensionUri, { uninstall: async () => undefined, focusTerminal: () => undefined }, fixed, vscode);
    flow = new MigrationFlow({
      window: {
        showWarningMessage: (async (message: string, _options: vscode.MessageOptions, ...items: string[]) => {
          asked.push(`${message} [${items.join(', ')}]`);
          return answer;
        }) as typeof vscode.window.showWarningMessage,
        showInformationMessage: vscode.window.showInformationMessage,
        showQuickPick: vscode.window.showQuickPick,
      },
      workspace: { workspaceFolders: [{ uri: vscode.Uri.file(project), name: 'project', index: 0 }] },
      l10n: vscode.l10n,
    }, {
      engine: new MoveOffThread({ workerFile: path.join(extension.extensionPath, 'dist', 'moveWorker.js') }),
      policy: () => policy,
      panel: { show: () => panel.show(), showMigration: (view) => { views.push(view); panel.showMigration(view); } },
      home: () => ({ path: home, place: DEFAULT_USER_PLACE }),
      platform: 'linux',
      log: () => undefined,
    });
  });

  beforeEach(() => {
    asked = [];
    answer = undefined;
  });

  after(() => {
    panel.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows the plan in the panel: what is written, converted, lost or still run, and where', async () => {
    const view = await flow.planForRule('claude-move');
    assert.equal(view?.stage, 'plan', view?.error);
    assert.equal(views.at(-1), view, 'the panel was given the plan');
    assert.equal(views.at(-2)?.stage, 'planning');
    assert.equal(view.title, 'Move my setup from Claude Code to Qoder');
    assert.deepEqual(view.groups.map((group) => group.title), [`Your user settings (home folder ${home})`, `Project ${project}`]);
    const items = view.groups.flatMap((group) => group.items);
    assert.ok(items.some((item) => item.state === 'write' && item.target !== undefined));
    assert.ok(items.some((item) => item.fidelity === 'still-run'), 'Qoder still runs the project\'s MCP servers');
    assert.ok(items.some((item) => item.secrets?.includes('=********')), 'secrets are named, masked');
    assert.equal(view.canApply, true);
  });

  it('Cancel writes nothing: the home and workspace folders are byte for byte as they were', async () => {
    const before = filesUnder(root);
    const view = views.at(-1) as MigrationView;
    answer = undefined;
    const after = await flow.apply(view.id);
    assert.deepEqual(asked, ['Move your Claude Code setup to Qoder? [Move my setup]']);
    assert.equal(after?.stage, 'plan');
    assert.deepEqual(filesUnder(root), before);
  });

  it('Confirm writes the new files and lists what was written and what is left', async () => {
    const before = filesUnder(root);
    const view = views.at(-1) as MigrationView;
    answer = 'Move my setup';
    const after = await flow.apply(view.id);
    assert.equal(after?.stage, 'applied', after?.error);
    assert.equal(views.at(-1), after);
    assert.ok(after.written.length > 0);
    const now = filesUnder(root);
    const written = after.groups.flatMap((group) => group.items).filter((item) => item.state === 'written');
    assert.ok(written.length > 0);
    for (const item of written) {
      const target = (item.target ?? '').replace(/ \[.*\]$/, '');
      const file = target.startsWith('~/') ? path.join('home', target.slice(2)) : path.join('project', target);
      // A skill's target is its folder, written whole.
      const files = [...now.keys()].filter((name) => name === file || name.startsWith(`${file}${path.sep}`));
      assert.ok(files.length > 0, `${file} was written`);
      // A JSON file may gain entries; any other target is a new file.
      if (!file.endsWith('.json')) for (const name of files) assert.ok(!before.has(name), `${name} is a new file`);
    }
    for (const [file, bytes] of before) {
      // Only JSON files gain entries; nothing else that existed changed.
      if (now.get(file) !== bytes) assert.match(file, /\.json$/, `${file} was changed`);
    }
    assert.ok(after.left.length > 0, 'the fixture has conflicts and losses to list');
  });

  it('a second plan has nothing to write', async () => {
    const again = await flow.planForRule('claude-move');
    assert.equal(again?.stage, 'plan');
    assert.equal(again.canApply, false);
    assert.deepEqual(again.groups.flatMap((group) => group.items).filter((item) => item.state === 'write'), []);
    assert.equal(again.intro, 'Nothing to write: everything that carries over to Qoder is already there.');
  });
});
