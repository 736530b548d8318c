import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { exportedApi } from '../../src/vscode/testApi';
import { EXTENSION_ID, getApi } from './util';

describe('what the extension exports', () => {
  it('hands its parts out in Test mode only, so no other extension can reach them', () => {
    const parts = { enforcer: {} };
    const { Production, Development, Test } = vscode.ExtensionMode;
    assert.equal(exportedApi(Production, Test, () => parts), undefined);
    assert.equal(exportedApi(Development, Test, () => parts), undefined);
    assert.equal(exportedApi(Test, Test, () => parts), parts);
  });

  it('is active in this editor, started by onStartupFinished, and exports its parts to this test run', async () => {
    const api = await getApi();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(extension?.isActive, true);
    assert.equal(extension?.exports, api);
    assert.equal(api.snapshots.current.loaded, true, 'the policy has been read');
  });
});
