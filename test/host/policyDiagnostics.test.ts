import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, tempDir, waitFor } from './util';

describe('policy diagnostics in the Problems panel', function () {
  this.timeout(30_000);

  it('marks an opened tool-policy.yaml at the exact range of each problem', async () => {
    await getApi();
    const file = path.join(tempDir(), 'tool-policy.yaml');
    fs.writeFileSync(file, 'version: 1\norganization: ACME\nrules:\n  - id: r\n    tool: claude-code\n    deadline: 2026-13-01\n    alternative: { name: Qoder }\n');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor(() => vscode.languages.getDiagnostics(document.uri), (list) => list.length > 0, 5000, 'diagnostics');
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic?.source, 'Tool Policy');
    assert.equal(diagnostic?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic?.message ?? '', /^rules\[0\]\.deadline: "2026-13-01" is not a date/);
    assert.equal(diagnostic?.range.start.line, 5);
    assert.equal(diagnostic?.range.start.character, 14);
    assert.equal(diagnostic?.range.end.character, 24);

    // Fixing the text clears the problem while typing, before any save.
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(diagnostic?.range as vscode.Range, '2026-12-01'));
    await waitFor(() => vscode.languages.getDiagnostics(document.uri), (list) => list.length === 0, 5000, 'diagnostics to clear');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
