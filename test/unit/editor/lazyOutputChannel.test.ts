import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { LazyOutputChannel } from '../../../src/vscode/lazyOutputChannel';

/** A channel factory that records what each created channel was asked. */
function channels() {
  const created: Array<{ lines: string[]; shown: unknown[][]; disposed: boolean }> = [];
  const create = (): vscode.OutputChannel => {
    const record = { lines: [] as string[], shown: [] as unknown[][], disposed: false };
    created.push(record);
    return {
      appendLine: (line: string) => void record.lines.push(line),
      show: (...args: unknown[]) => void record.shown.push(args),
      dispose: () => { record.disposed = true; },
    } as unknown as vscode.OutputChannel;
  };
  return { created, create };
}

describe('the output channel created after activation (editor layer)', () => {
  it('creates nothing until first used, then one channel for every later use', () => {
    const { created, create } = channels();
    const output = new LazyOutputChannel(create);
    assert.equal(created.length, 0, 'nothing on the activation path');
    output.appendLine('first');
    output.show(true);
    assert.equal(output.open(), output.open());
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]?.lines, ['first']);
    assert.deepEqual(created[0]?.shown, [[true]]);
  });

  it('is created by open() (the turn after activation) before anything is written', () => {
    const { created, create } = channels();
    const output = new LazyOutputChannel(create);
    assert.ok(output.open());
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]?.lines, []);
  });

  it('disposes the channel it created, and creates none once disposed', () => {
    const { created, create } = channels();
    const used = new LazyOutputChannel(create);
    used.appendLine('line');
    used.dispose();
    assert.equal(created[0]?.disposed, true);
    const unused = new LazyOutputChannel(create);
    unused.dispose();
    unused.appendLine('too late');
    unused.show();
    assert.equal(unused.open(), undefined);
    assert.equal(created.length, 1, 'no channel created after disposal');
  });
});
