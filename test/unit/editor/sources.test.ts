import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as FakeTimers from '@sinonjs/fake-timers';
import { readConfigCommandsSliced } from '../../../src/core/detect/configCommands';
import { mcpCommandLine, parseMcpConfig } from '../../../src/core/detect/mcpServers';
import { BUILT_IN_TOOLS } from '../../../src/core/catalog';
import { Emitter } from '../../../src/vscode/emitter';
import { inventoryExtensionsFolder } from '../../../src/core/detect/editorExtensions';
import { ExtensionInventory, type ReadExtensionsFolder } from '../../../src/vscode/extensionInventory';
import { InstalledCommandsScanner } from '../../../src/vscode/installedCommandsScanner';
import { McpWatcher, mcpConfigFiles, userMcpFile } from '../../../src/vscode/mcpWatcher';
import { createParsers, type Parsers } from '../../../src/vscode/parsersLoader';
import { measuredParsers, measuredProcessReader, newProbes } from '../../../src/vscode/testApi';
import { testReader } from '../shellReader';
import { as, fakeEditor, fileUri, folder } from './fakeEditor';
import { FakeFiles } from './fakeFiles';

const settle = () => new Promise((resolve) => setImmediate(resolve));
const noWatch = () => ({ dispose() { /* nothing changes */ } });

describe('the extension inventory (editor layer, through fakes)', () => {
  const extension = (id: string, fsPath: string, packageJSON: object = { version: '1.0.0' }) => ({ id, extensionUri: fileUri(fsPath), packageJSON });

  it('lists the running extensions (not itself, built-ins marked) and the installed ones that are not running, from each extensions folder', async () => {
    const editor = fakeEditor();
    const all = [
      extension('Anthropic.claude-code', '/home/me/.vscode/extensions/anthropic.claude-code-2.0.0', { version: '2.0.0', displayName: 'Claude Code' }),
      extension('vscode.git', '/opt/editor/resources/app/extensions/git'),
      extension('tool-policy.tool-policy-notices', '/home/me/.vscode/extensions/tool-policy'),
    ];
    const changed = new Emitter<void>();
    const files = new FakeFiles();
    files.files.set('/home/me/.vscode/extensions/extensions.json', JSON.stringify([
      { identifier: { id: 'anthropic.claude-code' }, version: '2.0.0' },
      { identifier: { id: 'openai.chatgpt' }, version: '1.0.0' },
      { identifier: { id: 'github.copilot' }, version: '1.0.0', relativeLocation: 'github.copilot-1.0.0' },
      { identifier: { id: 'tool-policy.tool-policy-notices' }, version: '0.1.0' },
    ]));
    files.files.set('/home/me/.vscode/extensions/.obsolete', '{ "github.copilot-1.0.0": true }');
    const inventory = new ExtensionInventory('/home/me/.vscode/extensions/tool-policy', as({ extensions: { get all() { return all; }, onDidChange: changed.event }, env: editor.env }), { read: readFolderFrom(files), watch: noWatch });
    let changes = 0;
    inventory.onDidChange(() => changes++);
    try {
      await inventory.readInstalled();
      assert.equal(changes, 1);
      assert.deepEqual(inventory.list(), [
        { id: 'Anthropic.claude-code', version: '2.0.0', displayName: 'Claude Code', enabled: true },
        { id: 'vscode.git', version: '1.0.0', enabled: true, builtIn: true },
        { id: 'openai.chatgpt', version: '1.0.0', enabled: false, location: '/home/me/.vscode/extensions/openai.chatgpt-1.0.0' },
      ]);
      assert.deepEqual(inventory.problems(), []);
      await inventory.readInstalled();
      assert.equal(changes, 1, 'the same list: no change');
      // A block took effect: the extension stops running and is listed, disabled, at once.
      all.splice(0, 1);
      changed.fire();
      await settle();
      assert.equal(changes, 2, 'the editor\'s change is announced once the disabled list is read');
      assert.deepEqual(inventory.list().map((e) => `${e.id}:${e.enabled}`), ['vscode.git:true', 'anthropic.claude-code:false', 'openai.chatgpt:false']);
      // An index that cannot be read is named, and announced: the views must not say compliant.
      files.files.set('/home/me/.vscode/extensions/extensions.json', { unreadable: 'EACCES: permission denied' });
      await inventory.readInstalled();
      assert.equal(changes, 3);
      assert.deepEqual(inventory.problems(), [{ where: '/home/me/.vscode/extensions', message: 'extensions.json: EACCES: permission denied' }]);
    } finally {
      inventory.dispose();
    }
  });

  it('reads a folder again when its index or .obsolete changes: an uninstall announced before the editor marked the folder obsolete does not stand', async () => {
    const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    const editor = fakeEditor();
    const folder = '/home/me/.vscode/extensions';
    const all = [
      extension('Anthropic.claude-code', `${folder}/anthropic.claude-code-2.0.0`, { version: '2.0.0' }),
      extension('tool-policy.tool-policy-notices', `${folder}/tool-policy`),
    ];
    const changed = new Emitter<void>();
    const files = new FakeFiles();
    files.files.set(`${folder}/extensions.json`, JSON.stringify([{ identifier: { id: 'anthropic.claude-code' }, version: '2.0.0' }]));
    // The folder on disk: a folder the index does not list and `.obsolete` does not name counts as installed.
    const readFolder = readFolderFrom(files, ['anthropic.claude-code-2.0.0']);
    const inventory = new ExtensionInventory(`${folder}/tool-policy`, as({ extensions: { get all() { return all; }, onDidChange: changed.event }, env: editor.env }), { read: readFolder, watch: files.watch });
    try {
      assert.equal(files.watched.size, 0, 'nothing is watched before the first reading');
      await inventory.readInstalled();
      assert.deepEqual([...files.watched.keys()].sort(), [`${folder}/.obsolete`, `${folder}/extensions.json`]);
      // Uninstall, in the editor's order: out of the index, the API's change, then .obsolete.
      files.write(`${folder}/extensions.json`, '[]');
      all.splice(0, 1);
      changed.fire();
      await settle();
      assert.deepEqual(inventory.list().map((e) => `${e.id}:${e.enabled}`), ['anthropic.claude-code:false'], 'the folder still looks installed');
      files.write(`${folder}/.obsolete`, '{ "anthropic.claude-code-2.0.0": true }');
      await clock.tickAsync(100);
      await settle();
      assert.deepEqual(inventory.list(), [], 'once marked obsolete, the extension is gone');
      inventory.dispose();
      files.write(`${folder}/extensions.json`, JSON.stringify([{ identifier: { id: 'openai.chatgpt' }, version: '1.0.0' }]));
      assert.equal([...files.watched.values()].reduce((n, listeners) => n + listeners.size, 0), 0, 'disposed: no watch is left');
      assert.equal(clock.countTimers(), 0);
    } finally {
      inventory.dispose();
      clock.uninstall();
    }
  });

  it('applies only the latest of overlapping readings, and announces what an older one was asked to', async () => {
    const editor = fakeEditor();
    const all = [extension('tool-policy.tool-policy-notices', '/home/me/.vscode/extensions/tool-policy')];
    const pending: Array<(contents: { extensions: Array<{ id: string; version: string }>; problems: string[] }) => void> = [];
    const readFolder: ReadExtensionsFolder = () => new Promise((resolve) => pending.push(resolve));
    const changed = new Emitter<void>();
    const inventory = new ExtensionInventory('/home/me/.vscode/extensions/tool-policy', as({ extensions: { get all() { return all; }, onDidChange: changed.event }, env: editor.env }), { read: readFolder, watch: noWatch });
    let changes = 0;
    inventory.onDidChange(() => changes++);
    try {
      const older = inventory.readInstalled(true);
      const newer = inventory.readInstalled();
      assert.equal(pending.length, 2);
      pending[1]?.({ extensions: [], problems: [] });
      await newer;
      assert.equal(changes, 1, 'the older reading asked for an announcement: the newer one makes it');
      pending[0]?.({ extensions: [{ id: 'anthropic.claude-code', version: '2.0.0' }], problems: [] });
      await older;
      assert.equal(changes, 1);
      assert.deepEqual(inventory.list(), [], 'what the older reading saw does not come back');
    } finally {
      inventory.dispose();
    }
  });

  it('reads no folder around itself when it runs from a development folder: that folder is not an extensions folder', async () => {
    const editor = fakeEditor();
    const all = [
      extension('tool-policy.tool-policy-notices', '/work/checkout'),
      extension('Anthropic.claude-code', '/home/me/.vscode/extensions/anthropic.claude-code-2.0.0', { version: '2.0.0' }),
    ];
    const read: string[] = [];
    const readFolder: ReadExtensionsFolder = (folder) => { read.push(folder); return Promise.resolve({ extensions: [], problems: [] }); };
    const changed = new Emitter<void>();
    const development = new ExtensionInventory('/work/checkout', as({ extensions: { get all() { return all; }, onDidChange: changed.event }, env: editor.env }), { read: readFolder, watch: noWatch }, false);
    const installed = new ExtensionInventory('/work/checkout', as({ extensions: { get all() { return all; }, onDidChange: changed.event }, env: editor.env }), { read: readFolder, watch: noWatch });
    try {
      await development.readInstalled();
      assert.deepEqual(read, ['/home/me/.vscode/extensions']);
      read.length = 0;
      await installed.readInstalled();
      assert.deepEqual(read.sort(), ['/home/me/.vscode/extensions', '/work']);
    } finally {
      development.dispose();
      installed.dispose();
    }
  });
});

/**
 * The folder reader extension.ts gives the inventory (src/machine/extensionsFolder.ts), over
 * in-memory files: the index, `.obsolete` and the sub-folders' names through the same core
 * inventory.
 */
function readFolderFrom(files: FakeFiles, folderNames: readonly string[] = []): ReadExtensionsFolder {
  return async (folder) => {
    const [index, obsolete] = await Promise.all([files.readText(path.join(folder, 'extensions.json')), files.readText(path.join(folder, '.obsolete'))]);
    const problems = [index, obsolete].flatMap((read, i) => (read.error !== undefined ? [`${i === 0 ? 'extensions.json' : '.obsolete'}: ${read.error}`] : []));
    const inventory = inventoryExtensionsFolder({ folderNames, ...(index.text !== undefined ? { indexText: index.text } : {}), ...(obsolete.text !== undefined ? { obsoleteText: obsolete.text } : {}) });
    return { extensions: inventory.extensions.map((e) => ({ ...e, location: path.join(folder, e.folder) })), problems: [...problems, ...inventory.problems] };
  };
}

describe('the installed commands scanner (editor layer, through fakes)', () => {
  it('keeps each program once, and only the latest scan\'s result when scans overlap', async () => {
    type Found = { observations: Array<{ toolId: string; evidence: { kind: 'installed'; command: string; path: string } }>; problems: Array<{ where: string; message: string }> };
    const answers: Array<(value: Found) => void> = [];
    const scanner = new InstalledCommandsScanner(() => new Promise((resolve) => answers.push(resolve)));
    let changes = 0;
    scanner.onDidChange(() => changes++);
    const older = scanner.scan(BUILT_IN_TOOLS);
    const newer = scanner.scan(BUILT_IN_TOOLS);
    answers[1]?.({ observations: [
      { toolId: 'claude-code', evidence: { kind: 'installed', command: 'claude', path: '/usr/bin/claude' } },
      { toolId: 'other', evidence: { kind: 'installed', command: 'claude', path: '/usr/bin/claude' } },
    ], problems: [{ where: '/home/me/.local/bin', message: 'cannot be listed: EACCES' }] });
    await newer;
    answers[0]?.({ observations: [{ toolId: 'claude-code', evidence: { kind: 'installed', command: 'claude', path: '/old/claude' } }], problems: [] });
    await older;
    assert.deepEqual(scanner.found(), [{ command: 'claude', path: '/usr/bin/claude' }]);
    assert.deepEqual(scanner.problems(), [{ where: '/home/me/.local/bin', message: 'cannot be listed: EACCES' }], 'the folders it could not list, of the latest scan');
    assert.equal(changes, 1);
    scanner.dispose();
  });
});

describe('the MCP watcher (editor layer, through fakes)', () => {
  let clock: FakeTimers.Clock;
  beforeEach(() => { clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] }); });
  afterEach(() => clock.uninstall());

  const parsers: Parsers = { bundle: async () => as({ parseMcpConfig, mcpCommandLine, readConfigCommandsSliced }), reader: testReader };

  it('reads nothing before start; then the user\'s file and each workspace folder\'s, each server with what it runs', async () => {
    const editor = fakeEditor();
    editor.workspace.workspaceFolders = [folder('/ws'), folder('/remote', 'vscode-remote')];
    const user = userMcpFile(fileUri('/profile/User/globalStorage/tool-policy.tool-policy-notices'));
    assert.equal(user, '/profile/User/mcp.json');
    const files = new FakeFiles();
    files.files.set(user, '{ "servers": { "helper": { "command": "npx", "args": ["-y", "@anthropic-ai/claude-code", "mcp", "serve"] } } }');
    files.files.set('/ws/.vscode/mcp.json', '{\n  // a comment\n  "servers": { "broken": { "command": 3 } }\n}');
    const log: string[] = [];
    const watcher = new McpWatcher({ list: () => mcpConfigFiles(editor.workspace, user), read: files.readText, watch: files.watch }, parsers, (line) => log.push(line), editor.workspace);
    let changes = 0;
    watcher.onDidChange(() => changes++);
    try {
      assert.equal(files.watched.size, 0);
      await watcher.start();
      assert.deepEqual([...files.watched.keys()], [user, '/ws/.vscode/mcp.json']);
      assert.deepEqual(watcher.seen().map((s) => [s.file, s.server, s.commandLine, s.invocations.map((i) => i.package ?? i.program)]),
        [[user, 'helper', 'npx -y @anthropic-ai/claude-code mcp serve', ['npx', '@anthropic-ai/claude-code']]]);
      assert.equal(changes, 1);
      assert.equal(log.length, 1);
      assert.match(log[0] as string, /^\/ws\/\.vscode\/mcp\.json:3:/);

      files.files.set('/ws/.vscode/mcp.json', '{ "servers": { "claude": { "command": "claude", "args": ["mcp", "serve"] } } }');
      files.fire('/ws/.vscode/mcp.json');
      files.fire('/ws/.vscode/mcp.json');
      await clock.tickAsync(100);
      await watcher.whenLoaded();
      assert.deepEqual(watcher.seen().map((s) => s.server), ['helper', 'claude']);
      assert.equal(changes, 2);

      files.files.set(user, { unreadable: 'is not a regular file' });
      editor.workspace.workspaceFolders = [];
      editor.emit.foldersChanged.fire({ added: [], removed: [] });
      await watcher.whenLoaded();
      assert.deepEqual(watcher.seen(), []);
      assert.ok(log.includes(`${user}: error: is not a regular file; its MCP servers are not read`), log.join('\n'));
    } finally {
      watcher.dispose();
    }
  });

  it('a parser that cannot load is logged per file; no file, no parser', async () => {
    const editor = fakeEditor();
    const files = new FakeFiles();
    let loads = 0;
    const log: string[] = [];
    const watcher = new McpWatcher({ list: () => ['/u/mcp.json'], read: files.readText, watch: files.watch }, {
      bundle: async () => { loads++; throw new Error('no bundle'); }, reader: testReader,
    }, (line) => log.push(line), editor.workspace);
    try {
      await watcher.start();
      assert.equal(loads, 0);
      files.files.set('/u/mcp.json', '{}');
      files.fire('/u/mcp.json');
      await clock.tickAsync(100);
      await watcher.whenLoaded();
      assert.deepEqual(log, ['Reading MCP servers from /u/mcp.json failed: Error: no bundle']);
    } finally {
      watcher.dispose();
    }
  });
});

describe('the parsers loader', () => {
  it('loads the bundle and the shell parser once, on first use, from the folder given; a failure is remembered', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tool-policy-parsers-'));
    try {
      fs.writeFileSync(path.join(dir, 'parsers.js'), 'globalThis.__parsersLoaded = (globalThis.__parsersLoaded ?? 0) + 1;\nexports.loadReader = async (dir) => ({ dir });\n');
      const parsers = createParsers(dir);
      const probes = newProbes();
      const measured = measuredParsers(parsers, probes);
      const [a, b] = await Promise.all([measured.reader(), measured.reader()]);
      assert.equal(a, b);
      assert.deepEqual(a, { dir });
      assert.equal(await measured.bundle(), await parsers.bundle());
      assert.equal((globalThis as { __parsersLoaded?: number }).__parsersLoaded, 1);
      assert.ok((probes.parserLoads.bundleMs ?? -1) >= 0 && (probes.parserLoads.readerMs ?? -1) >= 0);
      const missing = createParsers(path.join(dir, 'nothing-here'));
      const first = await missing.reader().catch((error: unknown) => error);
      assert.ok(first instanceof Error);
      assert.equal(await missing.bundle().catch((error: unknown) => error), first, 'the same error, not a second try');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the measured process reader counts and times each read, also a failed one', async () => {
    const probes = newProbes();
    let fail = false;
    const reader = measuredProcessReader({ descendants: async () => { if (fail) throw new Error('ps failed'); return []; } }, probes);
    await reader.descendants([1]);
    fail = true;
    await assert.rejects(reader.descendants([1]), /ps failed/);
    assert.equal(probes.processReads.count, 2);
    assert.ok(probes.processReads.totalMs >= probes.processReads.lastMs);
  });
});

