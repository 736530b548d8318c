import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { watchFromNearestFolder } from '../../../src/machine/folderWatch';
import { Emitter } from '../../../src/vscode/emitter';
import { fileWatcher, type FileWatchEditor } from '../../../src/vscode/fileWatch';
import { as, fakeEditor, folder } from './fakeEditor';

describe('watching a policy file (editor layer, through fakes)', () => {
  it('in a workspace folder, the editor\'s watcher on the file and each folder on the way; outside it, the OS watcher', () => {
    const editor = fakeEditor();
    editor.workspace.workspaceFolders = [folder('/remote', 'vscode-remote'), folder('/ws')];
    const patterns: string[] = [];
    const watchers: Array<{ create: Emitter<vscode.Uri>; change: Emitter<vscode.Uri>; remove: Emitter<vscode.Uri>; disposed: boolean }> = [];
    const outside: string[] = [];
    const watch = fileWatcher(as<FileWatchEditor>({
      workspace: {
        get workspaceFolders() { return editor.workspace.workspaceFolders; },
        createFileSystemWatcher: (pattern: { pattern: string }) => {
          patterns.push(pattern.pattern);
          const entry = { create: new Emitter<vscode.Uri>(), change: new Emitter<vscode.Uri>(), remove: new Emitter<vscode.Uri>(), disposed: false };
          watchers.push(entry);
          return { onDidCreate: entry.create.event, onDidChange: entry.change.event, onDidDelete: entry.remove.event, dispose: () => { entry.disposed = true; } };
        },
      },
      RelativePattern: class { constructor(readonly base: unknown, readonly pattern: string) {} },
    }), (file) => { outside.push(file); return { dispose: () => undefined }; });
    let events = 0;
    const inside = watch('/ws/.vscode/tool-policy.yaml', () => events++);
    assert.deepEqual(patterns, ['.vscode', '.vscode/tool-policy.yaml']);
    watchers[0]?.remove.fire(as({}));
    watchers[1]?.create.fire(as({}));
    watchers[1]?.change.fire(as({}));
    assert.equal(events, 3);
    inside.dispose();
    assert.ok(watchers.every((w) => w.disposed));
    watchers[1]?.change.fire(as({}));
    assert.equal(events, 3, 'nothing after dispose');
    watch('/etc/tool-policy/policy.yaml', () => undefined);
    watch('/wsx/tool-policy.yaml', () => undefined);
    assert.deepEqual(outside, ['/etc/tool-policy/policy.yaml', '/wsx/tool-policy.yaml']);
  });
});

describe('watching a file from its nearest existing folder (the OS watcher)', () => {
  /**
   * Does `act` (which must be safe to repeat) until the watch reports an event after it:
   * the watch moves between folders asynchronously, and an event sent while it moves goes
   * to nobody (the caller reads the file anyway then).
   */
  async function untilSeen(events: () => number, act: () => void): Promise<void> {
    const before = events();
    for (let attempt = 0; attempt < 100; attempt++) {
      act();
      for (let turn = 0; turn < 20 && events() === before; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
      if (events() > before) return;
    }
    assert.fail('the watch never reported the change');
  }

  it('sees the file appear in folders created after the watch began, and again after its folder is deleted and created anew', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-watch-'));
    const file = path.join(root, 'a', 'b', 'policy.yaml');
    let count = 0;
    const watch = watchFromNearestFolder(file, () => { count++; });
    const events = () => count;
    const write = () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'version: 1\n');
    };
    try {
      await untilSeen(events, write);
      await untilSeen(events, () => fs.rmSync(path.join(root, 'a'), { recursive: true, force: true }));
      await untilSeen(events, write);
      await untilSeen(events, () => fs.appendFileSync(file, '# edited\n'));
    } finally {
      watch.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
