import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { isActiveEvidence } from '../../src/core/detect/evidence';
import { inventoryExtensionsFolder } from '../../src/core/detect/editorExtensions';
import { extensionsNotRunning } from '../../src/core/detect/extensionManifest';
import { matchHostEditor } from '../../src/core/detect/hostEditor';
import { findInstalledCommands } from '../../src/machine/commandsOnPath';

describe('host editor and installed commands', () => {
  it('recognises VS Code forks by app name or URI scheme, and never VS Code itself', () => {
    assert.deepEqual(matchHostEditor(BUILT_IN_TOOLS, 'Cursor', 'cursor').map((o) => o.toolId), ['cursor']);
    assert.deepEqual(matchHostEditor(BUILT_IN_TOOLS, 'Qoder Insiders', 'qoder-insiders').map((o) => o.toolId), ['qoder']);
    assert.deepEqual(matchHostEditor(BUILT_IN_TOOLS, 'Trae CN', 'trae-cn').map((o) => o.toolId), ['trae']);
    for (const [app, scheme] of [['Visual Studio Code', 'vscode'], ['code-server', 'code-oss'], ['VSCodium', 'vscodium'], ['Visual Studio Code - Insiders', 'vscode-insiders'], ['Qoderish', 'qoderish']]) {
      assert.deepEqual(matchHostEditor(BUILT_IN_TOOLS, app as string, scheme as string), [], `${app} / ${scheme}`);
    }
  });

  it('finds catalog commands installed on PATH without running them, as lower-weight evidence', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'path-scan-'));
    const bin = path.join(root, 'bin');
    const local = path.join(root, 'local');
    fs.mkdirSync(bin);
    fs.mkdirSync(local);
    fs.writeFileSync(path.join(bin, 'claude'), '#!/bin/sh\nexit 99\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'claude-notes'), '');
    fs.writeFileSync(path.join(local, 'codex'), '', { mode: 0o755 });
    try {
      const { observations: found, problems } = await findInstalledCommands(BUILT_IN_TOOLS, { platform: 'linux', pathVariable: `${bin}:/does/not/exist:relative/dir`, extraDirs: [local] });
      assert.deepEqual(problems, [], 'a PATH entry that does not exist is no problem');
      assert.deepEqual(found.map((o) => `${o.toolId}:${o.evidence.kind === 'installed' ? path.relative(root, o.evidence.path) : ''}`).sort(), ['claude-code:bin/claude', 'openai-codex:local/codex']);
      assert.ok(found.every((o) => !isActiveEvidence(o.evidence)));
      const windows = await findInstalledCommands(BUILT_IN_TOOLS, { platform: 'win32', pathVariable: bin, pathExt: '.EXE;.CMD' });
      assert.deepEqual(windows.observations.map((o) => o.toolId), ['claude-code']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('extensions installed but not running', () => {
  it('reads the profile manifest and leaves out running and obsolete ones', () => {
    const manifest = JSON.stringify([
      { identifier: { id: 'anthropic.claude-code' }, version: '2.0.1', relativeLocation: 'anthropic.claude-code-2.0.1' },
      { identifier: { id: 'ms-python.python' }, version: '1.0.0', relativeLocation: 'ms-python.python-1.0.0' },
      { identifier: { id: 'openai.chatgpt' }, version: '0.4.0', relativeLocation: 'openai.chatgpt-0.4.0' },
      { nonsense: true },
    ]);
    const running = new Set(['ms-python.python']);
    // The one index reader, the one `tool-policy scan` uses: a broken index is named, never an empty list.
    const read = (indexText: string, obsoleteText?: string) => inventoryExtensionsFolder({ folderNames: [], indexText, ...(obsoleteText !== undefined ? { obsoleteText } : {}) });
    const installed = read(manifest, JSON.stringify({ 'openai.chatgpt-0.4.0': true })).extensions.map(({ id, version }) => ({ id, version, enabled: false }));
    assert.deepEqual(extensionsNotRunning(installed, running), [{ id: 'anthropic.claude-code', version: '2.0.1', enabled: false }]);
    assert.deepEqual(read('not json').problems.length, 1);
    assert.deepEqual(read('{}').problems, ['extensions.json is not a list of extensions']);
  });
});
