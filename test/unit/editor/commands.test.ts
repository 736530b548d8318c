import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { mergeLayers } from '../../../src/core/policy/mergeLayers';
import { registerCommands, type CommandsEditor } from '../../../src/vscode/commands';
import { loadOk, REPO_ROOT } from '../helpers';
import { as, fakeEditor, fileUri, folder, type FakeEditor } from './fakeEditor';
import { FakeFiles } from './fakeFiles';
import { CLAUDE_RUNNING, claudePolicy, snapshotOf } from './snapshots';

interface Harness {
  editor: FakeEditor;
  files: FakeFiles;
  output: string[];
  outputShown: number;
  panelShown: number;
  rescans: number;
  loads: number;
  migrations: number;
  written: Map<string, string>;
  shownDocuments: string[];
  picks: unknown[][];
  pickAnswer: (items: readonly unknown[]) => unknown;
  saveAnswer: vscode.Uri | undefined;
  activeEditor: { document: { languageId: string; uri: vscode.Uri; getText(): string } } | undefined;
  run(id: string, ...args: unknown[]): Promise<unknown>;
}

function harness(sources: Array<{ layer: 'managed' | 'user'; path: string; text?: string }> = []): Harness {
  const editor = fakeEditor();
  const files = new FakeFiles();
  const h = {
    editor, files, output: [] as string[], outputShown: 0, panelShown: 0, rescans: 0, loads: 0, migrations: 0,
    written: new Map<string, string>(), shownDocuments: [] as string[], picks: [] as unknown[][],
    pickAnswer: (items: readonly unknown[]) => items[1],
    saveAnswer: undefined as vscode.Uri | undefined,
    activeEditor: undefined as Harness['activeEditor'],
  } as Harness;
  const policy = mergeLayers(sources.map((source) => source.text === undefined
    ? { layer: source.layer, path: source.path, status: 'missing' as const, problems: [] }
    : { layer: source.layer, path: source.path, status: 'ok' as const, policy: loadOk(source.text, source.layer, source.path), problems: [] }));
  const commandsEditor = as<CommandsEditor>({
    ...editor,
    window: {
      ...editor.window,
      get activeTextEditor() { return h.activeEditor; },
      showQuickPick: async (items: unknown[]) => { h.picks.push(items); return h.pickAnswer(items); },
      showTextDocument: async (uri: vscode.Uri) => { h.shownDocuments.push(uri.fsPath); },
      showSaveDialog: async () => h.saveAnswer,
    },
    workspace: {
      ...editor.workspace,
      openTextDocument: async (uri: vscode.Uri) => ({ uri, getText: () => `opened ${uri.toString()}` }),
      fs: { writeFile: async (uri: vscode.Uri, bytes: Uint8Array) => { h.written.set(uri.fsPath, new TextDecoder().decode(bytes)); } },
    },
  });
  registerCommands(commandsEditor, {
    publisher: { rescan: async () => { h.rescans++; }, get current() { return snapshotOf(claudePolicy(), { extensions: CLAUDE_RUNNING }); } },
    panel: { show: () => { h.panelShown++; } },
    migration: { planFromCommand: async () => { h.migrations++; return undefined; } },
    store: { policy, locations: () => sources.map(({ layer, path }) => ({ layer, path })), load: async () => { h.loads++; return policy; } },
    output: { appendLine: (line: string) => { h.output.push(line); }, show: () => { h.outputShown++; } },
    files,
    defaultFolder: () => '/home/me',
    reportContext: () => ({ host: 'workstation', home: '/home/me', version: '9.9.9' }),
  });
  h.run = async (id: string, ...args: unknown[]) => {
    const command = editor.registered.get(id);
    assert.ok(command, `${id} is registered`);
    return command(...args);
  };
  return h;
}

const GOOD = claudePolicy();
const BAD = 'version: 1\norganization: A\nrules:\n  - id: r\n    tool: claude-code\n    deadline: 2026-13-01\n';

describe('the commands (editor layer, through fakes)', () => {
  it('registers the commands of the manifest; Show Panel, Rescan Now and Move My Setup reach the panel, the publisher and the move', async () => {
    const h = harness();
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    // Acknowledge Policy Notices is registered by the acknowledgements (src/vscode/acknowledgements.ts), next to the memory it writes.
    const elsewhere = new Set(['toolPolicy.acknowledge']);
    assert.deepEqual([...h.editor.registered.keys()].sort(), manifest.contributes.commands.map((c) => c.command).filter((c) => !elsewhere.has(c)).sort());
    assert.ok(h.editor.registered.has('toolPolicy.migrate'));
    await h.run('toolPolicy.showPanel');
    await h.run('toolPolicy.rescan');
    await h.run('toolPolicy.migrate');
    assert.deepEqual([h.panelShown, h.rescans, h.migrations], [1, 1, 1]);
  });

  it('Open Policy File: says where it looked when there is none, opens the one there is, asks which of several', async () => {
    const none = harness([{ layer: 'managed', path: '/etc/tool-policy/policy.yaml' }]);
    await none.run('toolPolicy.openPolicyFile');
    assert.deepEqual(none.editor.shown.map((m) => m.message), ['No policy file was found. Looked in: managed: /etc/tool-policy/policy.yaml']);
    const one = harness([{ layer: 'user', path: '/home/me/policy.yaml', text: GOOD }]);
    await one.run('toolPolicy.openPolicyFile');
    assert.deepEqual(one.shownDocuments, ['/home/me/policy.yaml']);
    const two = harness([{ layer: 'managed', path: '/etc/tool-policy/policy.yaml', text: GOOD }, { layer: 'user', path: '/home/me/policy.yaml', text: GOOD }]);
    await two.run('toolPolicy.openPolicyFile');
    assert.deepEqual((two.picks[0] as Array<{ detail: string }>).map((item) => item.detail), ['/etc/tool-policy/policy.yaml', '/home/me/policy.yaml']);
    assert.deepEqual(two.shownDocuments, ['/home/me/policy.yaml']);
    two.pickAnswer = () => undefined;
    await two.run('toolPolicy.openPolicyFile');
    assert.equal(two.shownDocuments.length, 1, 'cancelled: nothing opened');
  });

  it('Validate Policy: a file given is read from disk, and each outcome is said', async () => {
    const h = harness();
    h.files.files.set('/tmp/good.yaml', GOOD);
    h.files.files.set('/tmp/bad.yaml', BAD);
    h.files.files.set('/tmp/fifo.yaml', { unreadable: 'is not a regular file' });
    assert.deepEqual(await h.run('toolPolicy.validatePolicy', fileUri('/tmp/good.yaml')), []);
    const problems = await h.run('toolPolicy.validatePolicy', fileUri('/tmp/bad.yaml')) as Array<{ message: string }>;
    assert.match(problems[0]?.message ?? '', /is not a date/);
    assert.equal(h.outputShown, 1, 'the output channel lists the problems');
    assert.deepEqual((await h.run('toolPolicy.validatePolicy', fileUri('/tmp/missing.yaml')) as Array<{ message: string }>).map((p) => p.message), ['no such file']);
    assert.deepEqual((await h.run('toolPolicy.validatePolicy', fileUri('/tmp/fifo.yaml')) as Array<{ message: string }>).map((p) => p.message), ['is not a regular file']);
    assert.deepEqual(h.editor.shown.map((m) => [m.severity, m.message.slice(0, 41)]), [
      ['information', 'The policy is valid: /tmp/good.yaml'],
      ['error', '1 problem(s) in the policy. First: /tmp/b'],
      ['error', '1 problem(s) in the policy. First: /tmp/m'],
      ['error', '1 problem(s) in the policy. First: /tmp/f'],
    ]);
  });

  it('Validate Policy: unsaved edits and files not on disk are read from the editor; without a file, the active policy editor, else the policies in force', async () => {
    const h = harness([{ layer: 'user', path: '/home/me/policy.yaml', text: GOOD }]);
    h.editor.workspace.textDocuments = [as<vscode.TextDocument>({ uri: fileUri('/tmp/dirty.yaml'), isDirty: true, getText: () => BAD })];
    assert.equal((await h.run('toolPolicy.validatePolicy', fileUri('/tmp/dirty.yaml')) as unknown[]).length, 1);
    const remote = as<vscode.Uri>({ scheme: 'vscode-remote', fsPath: '', path: '/x.yaml', toString: () => 'vscode-remote://host/x.yaml' });
    assert.equal((await h.run('toolPolicy.validatePolicy', remote) as unknown[]).length, 1, 'the opened text is not a policy');
    h.activeEditor = { document: { languageId: 'yaml', uri: fileUri('/tmp/active.yaml'), getText: () => GOOD } };
    assert.deepEqual(await h.run('toolPolicy.validatePolicy'), []);
    h.activeEditor = { document: { languageId: 'markdown', uri: fileUri('/tmp/notes.md'), getText: () => '' } };
    assert.deepEqual(await h.run('toolPolicy.validatePolicy'), []);
    assert.equal(h.loads, 1, 'the policies in force were read again');
    assert.match(h.editor.shown.at(-1)?.message ?? '', /^The policy is valid: \/home\/me\/policy\.yaml$/);
    const empty = harness();
    await empty.run('toolPolicy.validatePolicy');
    assert.deepEqual(empty.editor.shown.map((m) => m.message), ['No policy file was found to validate.']);
  });

  it('Export Compliance Report: Markdown or JSON by the name chosen, next to the workspace by default; cancelled, nothing is written', async () => {
    const h = harness();
    assert.equal(await h.run('toolPolicy.exportReport'), undefined);
    assert.equal(h.written.size, 0);
    h.editor.workspace.workspaceFolders = [folder('/ws')];
    h.saveAnswer = fileUri('/ws/report.md');
    await h.run('toolPolicy.exportReport');
    assert.match(h.written.get('/ws/report.md') ?? '', /Claude Code/);
    await h.run('toolPolicy.exportReport', fileUri('/ws/report.json'));
    const report = JSON.parse(h.written.get('/ws/report.json') ?? '{}') as Record<string, unknown>;
    assert.deepEqual([report.host, report.home], ['workstation', '/home/me'], 'the scan report, with where it was made');
    assert.match(h.editor.shown.at(-1)?.message ?? '', /^Compliance report saved to \/ws\/report\.json$/);
  });
});
