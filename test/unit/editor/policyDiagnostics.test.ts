import { strict as assert } from 'node:assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import type * as vscode from 'vscode';
import { mergeLayers, type EffectivePolicy } from '../../../src/core/policy/mergeLayers';
import { Emitter } from '../../../src/vscode/emitter';
import { PolicyDiagnostics, type DiagnosticsEditor } from '../../../src/vscode/policyDiagnostics';
import { as, fakeEditor, fileUri, type FakeEditor } from './fakeEditor';
import { FakeFiles } from './fakeFiles';

class FakeRange {
  constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
}
class FakeDiagnostic {
  source: string | undefined;
  constructor(readonly range: FakeRange, readonly message: string, readonly severity: number) {}
}

class FakeDocument {
  version = 1;
  isClosed = false;
  readonly uri: vscode.Uri;
  constructor(path: string, public text: string, scheme = 'file') {
    this.uri = { ...fileUri(path), scheme } as vscode.Uri;
  }
  getText(): string { return this.text; }
}

const BAD = 'version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n    deadline: 2026-13-01\n';
const GOOD = 'version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n    deadline: 2026-12-01\n    alternative: { name: Qoder }\n';

describe('policy diagnostics (editor layer, through fakes)', () => {
  let clock: FakeTimers.Clock;
  let editor: FakeEditor;
  let files: FakeFiles;
  let sets: Array<[string, FakeDiagnostic[]]>;
  let deleted: string[];
  let storeChanged: Emitter<EffectivePolicy>;
  let policy: EffectivePolicy;
  let diagnostics: PolicyDiagnostics;
  const current = new Map<string, FakeDiagnostic[]>();

  const build = (parse = files.parse) => new PolicyDiagnostics({ get policy() { return policy; }, onDidChange: storeChanged.event }, parse, as<DiagnosticsEditor>({
    ...editor,
    languages: {
      createDiagnosticCollection: () => ({
        set: (uri: vscode.Uri, list: FakeDiagnostic[]) => { sets.push([uri.fsPath, list]); current.set(uri.fsPath, list); },
        delete: (uri: vscode.Uri) => { deleted.push(uri.fsPath); current.delete(uri.fsPath); },
        dispose: () => undefined,
      }),
    },
    Diagnostic: FakeDiagnostic,
    Range: FakeRange,
    DiagnosticSeverity: { Error: 0, Warning: 1 },
  }));
  const settle = async () => { await clock.tickAsync(0); await new Promise((resolve) => setImmediate(resolve)); };

  beforeEach(() => {
    clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout'] });
    editor = fakeEditor();
    files = new FakeFiles();
    sets = [];
    deleted = [];
    current.clear();
    storeChanged = new Emitter<EffectivePolicy>();
    policy = mergeLayers([]);
  });
  afterEach(() => {
    diagnostics.dispose();
    clock.uninstall();
  });

  it('marks a tool-policy.yaml open at start at the exact range of each problem', async () => {
    editor.workspace.textDocuments = [as<vscode.TextDocument>(new FakeDocument('/x/tool-policy.yaml', BAD)), as<vscode.TextDocument>(new FakeDocument('/x/notes.yaml', BAD))];
    diagnostics = build();
    await settle();
    assert.deepEqual([...current.keys()], ['/x/tool-policy.yaml'], 'a file that is no policy is not checked');
    const [diagnostic] = current.get('/x/tool-policy.yaml') ?? [];
    assert.equal(diagnostic?.source, 'Tool Policy');
    assert.equal(diagnostic?.severity, 0);
    assert.match(diagnostic?.message ?? '', /^rules\[0\]\.deadline: "2026-13-01" is not a date/);
    assert.deepEqual(diagnostic?.range, new FakeRange(5, 14, 5, 24));
  });

  it('checks as the person types, once a burst of edits is quiet, and only the newest text counts', async () => {
    diagnostics = build();
    const document = new FakeDocument('/x/tool-policy.yml', BAD);
    editor.emit.openedDocument.fire(as<vscode.TextDocument>(document));
    await settle();
    assert.equal(current.get('/x/tool-policy.yml')?.length, 1);
    const before = files.parses;
    for (let i = 0; i < 5; i++) {
      document.text = GOOD;
      document.version++;
      editor.emit.changedDocument.fire(as<vscode.TextDocumentChangeEvent>({ document }));
    }
    await clock.tickAsync(149);
    assert.equal(files.parses, before, 'nothing while typing');
    await clock.tickAsync(1);
    await settle();
    assert.equal(files.parses, before + 1);
    assert.deepEqual(current.get('/x/tool-policy.yml'), []);
  });

  it('the policy files in force are checked whatever their name; closing a file clears it and cancels its pending check', async () => {
    diagnostics = build();
    const document = new FakeDocument('/etc/org/rules.yaml', BAD);
    editor.workspace.textDocuments = [as<vscode.TextDocument>(document)];
    editor.emit.changedDocument.fire(as<vscode.TextDocumentChangeEvent>({ document }));
    await clock.tickAsync(200);
    assert.equal(current.size, 0, 'not a policy file yet');
    policy = mergeLayers([{ layer: 'managed', path: '/etc/org/rules.yaml', status: 'missing', problems: [] }]);
    storeChanged.fire(policy);
    await settle();
    assert.equal(current.get('/etc/org/rules.yaml')?.length, 1);
    editor.emit.changedDocument.fire(as<vscode.TextDocumentChangeEvent>({ document }));
    document.isClosed = true;
    editor.emit.closedDocument.fire(as<vscode.TextDocument>(document));
    const parses = files.parses;
    await clock.tickAsync(200);
    assert.equal(files.parses, parses, 'the pending check was cancelled');
    assert.deepEqual(deleted, ['/etc/org/rules.yaml']);
  });

  it('a reply for text that changed meanwhile is dropped; a reader that fails is reported on the file; other schemes are not checked', async () => {
    let fail = false;
    diagnostics = build(async (input, location) => {
      if (fail) throw new Error('worker gone');
      return files.parse(input, location);
    });
    const document = new FakeDocument('/x/tool-policy.json', '{');
    editor.emit.openedDocument.fire(as<vscode.TextDocument>(document));
    document.version++;
    await settle();
    assert.equal(current.size, 0, 'the reply was for an older version');
    fail = true;
    editor.emit.openedDocument.fire(as<vscode.TextDocument>(document));
    await settle();
    assert.equal(current.get('/x/tool-policy.json')?.[0]?.message, 'The policy reader failed: Error: worker gone');
    editor.emit.openedDocument.fire(as<vscode.TextDocument>(new FakeDocument('/x/tool-policy.yaml', BAD, 'git')));
    await settle();
    assert.equal(current.size, 1);
  });
});
