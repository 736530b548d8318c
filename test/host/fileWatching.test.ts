import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { watchFile } from '../../src/vscode/fileWatch';
import { tempDir, waitFor } from './util';

type Kind = 'create' | 'change' | 'delete';

/**
 * What the editor's own watcher reports for one file named by
 * `RelativePattern(Uri.file(folder), name)`, for each place a policy file can live.
 * src/vscode/fileWatch.ts chooses its mechanism from these results: the tests fail when
 * the editor's behaviour changes, so the choice is revisited rather than silently wrong.
 */
async function observe(folder: string, name: string, steps: (file: string) => Promise<void>): Promise<Kind[]> {
  const seen: Kind[] = [];
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), name));
  watcher.onDidCreate(() => seen.push('create'));
  watcher.onDidChange(() => seen.push('change'));
  watcher.onDidDelete(() => seen.push('delete'));
  try {
    // The watcher is set up asynchronously in the file service.
    await settle(800);
    await steps(path.join(folder, name));
    await settle(1500);
  } finally {
    watcher.dispose();
  }
  return seen;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createChangeDelete(file: string): Promise<void> {
  fs.writeFileSync(file, 'version: 1\n');
  await settle(700);
  fs.writeFileSync(file, 'version: 1\norganization: B\n');
  await settle(700);
  fs.rmSync(file);
}

describe('the editor file watcher on policy locations', function () {
  this.timeout(30_000);

  it('reports create, change and delete of a file in an existing folder outside the workspace (managed and user files)', async () => {
    const folder = tempDir();
    const seen = await observe(folder, 'policy.yaml', createChangeDelete);
    assert.ok(seen.includes('create'), JSON.stringify(seen));
    assert.ok(seen.includes('change'), JSON.stringify(seen));
    assert.ok(seen.includes('delete'), JSON.stringify(seen));
  });

  it('reports a file in a folder outside the workspace that is created after the watcher', async () => {
    const folder = path.join(tempDir(), 'not-yet', 'tool-policy');
    const seen = await observe(folder, 'policy.yaml', async (file) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await settle(700);
      await createChangeDelete(file);
    });
    // Recorded, not assumed: see fileWatch.ts for what is done with the answer.
    console.log(`      editor watcher, folder created later: ${JSON.stringify(seen)}`);
    assert.deepEqual(seen.includes('create'), EDITOR_WATCHES_FOLDERS_CREATED_LATER, JSON.stringify(seen));
  });

  it('reports .vscode/tool-policy.yaml in the workspace when .vscode does not exist yet', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the test workspace is open');
    const folder = path.join(root, '.vscode-probe');
    try {
      const seen = await observe(folder, 'tool-policy.yaml', async (file) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await settle(700);
        await createChangeDelete(file);
      });
      console.log(`      editor watcher, workspace folder created later: ${JSON.stringify(seen)}`);
      assert.ok(seen.includes('create'), JSON.stringify(seen));
      assert.ok(seen.includes('delete'), JSON.stringify(seen));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** What the first run found; fileWatch.ts is built around it. */
const EDITOR_WATCHES_FOLDERS_CREATED_LATER = false;

describe('watching a policy file (fileWatch.ts, on the editor watcher)', function () {
  this.timeout(30_000);

  it('follows a file whose folders do not exist yet, and a folder deleted and created again', async () => {
    const root = tempDir();
    const file = path.join(root, 'etc', 'tool-policy', 'policy.yaml');
    let events = 0;
    const watch = watchFile(file, () => { events++; });
    try {
      await settle(800);
      const step = async (what: string, change: () => void) => {
        const before = events;
        change();
        await waitFor(() => events, (n) => n > before, 5000, `an event after: ${what}`);
        await settle(600); // let the watch move to the new folder
      };
      await step('the folders are created', () => fs.mkdirSync(path.dirname(file), { recursive: true }));
      await step('the file is created', () => fs.writeFileSync(file, 'version: 1\n'));
      await step('the file changes', () => fs.writeFileSync(file, 'version: 1\norganization: B\n'));
      await step('the folder is deleted', () => fs.rmSync(path.dirname(file), { recursive: true }));
      await step('the folder is created again', () => fs.mkdirSync(path.dirname(file)));
      await step('the file is created again', () => fs.writeFileSync(file, 'version: 1\n'));
    } finally {
      watch.dispose();
    }
  });
});
