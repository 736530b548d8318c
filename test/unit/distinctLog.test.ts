import { strict as assert } from 'node:assert';
import { DistinctLog } from '../../src/vscode/distinctLog';

describe('a log for failures that repeat on every scan', () => {
  it('passes each distinct message once, however often it repeats', () => {
    const lines: string[] = [];
    const log = new DistinctLog((line) => lines.push(line));
    for (let scan = 0; scan < 5; scan++) log.report('PowerShell did not return a JSON process list');
    log.report('spawn powershell.exe ENOENT');
    log.report('PowerShell did not return a JSON process list');
    assert.deepEqual(lines, ['PowerShell did not return a JSON process list', 'spawn powershell.exe ENOENT']);
  });

  it('stops after a few different messages with one line that says so', () => {
    const lines: string[] = [];
    const log = new DistinctLog((line) => lines.push(line), 3);
    for (let scan = 0; scan < 10; scan++) log.report(`it printed: banner at ${scan}`);
    assert.deepEqual(lines, ['it printed: banner at 0', 'it printed: banner at 1', 'it printed: banner at 2', '(3 different errors of this kind were shown; further ones are not)']);
  });
});
