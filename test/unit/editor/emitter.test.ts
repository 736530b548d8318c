import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { Emitter } from '../../../src/vscode/emitter';
import { exportedApi } from '../../../src/vscode/testApi';

describe('the event emitter of the editor classes', () => {
  it('calls every listener in order, also after one throws, and stops after its subscription or the emitter is disposed', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>((error) => errors.push(error));
    const heard: string[] = [];
    const disposables: vscode.Disposable[] = [];
    const context = { name: 'ctx' };
    emitter.event(function (this: typeof context, value) { heard.push(`${this.name}:${value}`); }, context, disposables);
    const second = emitter.event(() => { throw new Error('listener failed'); });
    emitter.event((value) => heard.push(`third:${value}`));
    emitter.fire(1);
    assert.deepEqual(heard, ['ctx:1', 'third:1']);
    assert.equal((errors[0] as Error).message, 'listener failed');
    second.dispose();
    disposables.forEach((d) => d.dispose());
    emitter.fire(2);
    assert.deepEqual(heard, ['ctx:1', 'third:1', 'third:2']);
    emitter.dispose();
    emitter.fire(3);
    emitter.event(() => heard.push('late')).dispose();
    emitter.fire(4);
    assert.equal(heard.length, 3);
  });
});

describe('what the extension exports', () => {
  it('its test API in Test mode only, so no other extension can reach its parts', () => {
    const parts = { snapshots: {} };
    let built = 0;
    const build = () => { built++; return parts; };
    assert.equal(exportedApi(1, 3, build), undefined);
    assert.equal(exportedApi(2, 3, build), undefined);
    assert.equal(built, 0, 'not even built outside Test mode');
    assert.equal(exportedApi(3, 3, build), parts);
  });
});
