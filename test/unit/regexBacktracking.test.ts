import { strict as assert } from 'node:assert';
import { ReadBudget } from '../../src/core/detect/readBudget';
import { parseExtensionsIndex } from '../../src/core/detect/editorExtensions';
import { npmrcPrefix } from '../../src/machine/installFolders';
import { parsePsRows } from '../../src/machine/processes/ps';
import { testReader } from './shellReader';

// Inputs that once took a regular expression quadratic time (minutes, or for ever at 1
// MiB): each is now read in one pass. A hang fails the test by mocha's timeout; what is
// asserted is the result, the same as for a short input of the same shape.
const RUN = 400_000;

describe('regular expressions on untrusted text: inputs that backtracked', () => {
  it('~/.npmrc: prefix=a, a long run of spaces, one more character', () => {
    const spaces = ' '.repeat(RUN);
    assert.equal(npmrcPrefix(`prefix=a${spaces}b\n`, '/home/u'), `a${spaces}b`);
    assert.equal(npmrcPrefix(`prefix = "a${spaces}b"  \r\n`, '/home/u'), `a${spaces}b`);
    assert.equal(npmrcPrefix(`prefix=${spaces}\nprefix=~/.npm-global\n`, '/home/u'), '/home/u/.npm-global', 'a prefix of spaces only names no folder');
  });

  it('ps output: a long run of spaces before a character "." does not match', () => {
    const rows = parsePsRows(`1 0 501 S comm\n2 1 501 Z ${' '.repeat(RUN)}bash\u2028\n`, `1 ${' '.repeat(RUN)}x\u2028y\n2 ${' '.repeat(RUN)}bash\r\n`);
    assert.deepEqual(rows.map((row) => [row.pid, row.ppid, row.uid, row.zombie ?? false, row.comm, row.args]), [[1, 0, 501, false, 'comm', 'x\u2028y'], [2, 1, 501, true, 'bash', 'bash']]);
  });

  it('extensions.json: a location with a long run of slashes', () => {
    const index = JSON.stringify([{ identifier: { id: 'a.b' }, version: '1.0.0', location: { path: `/x${'/'.repeat(RUN)}a.b-1.0.0${'/'.repeat(RUN)}` } }]);
    assert.deepEqual(parseExtensionsIndex(index).entries, [{ id: 'a.b', version: '1.0.0', folder: 'a.b-1.0.0' }]);
  });

  it('argument vectors: a shell flag of many c\'s, a corepack or uvx word of many @\'s', async () => {
    const reader = await testReader();
    const runs = (argv: readonly string[]) => reader.readArgv(argv, new ReadBudget()).invocations;
    const long = (head: string, fill: string, tail: string) => `${head}${fill.repeat(RUN)}${tail}`;
    assert.deepEqual(runs(['bash', long('-', 'c', '1'), 'claude']), runs(['bash', '-cc1', 'claude']));
    assert.deepEqual(runs(['bash', long('-', 'c', ''), 'claude']), runs(['bash', '-cc', 'claude']));
    assert.deepEqual(runs(['corepack', long('', '@', '\n'), 'dlx', 'claude']), runs(['corepack', '@@\n', 'dlx', 'claude']));
    assert.deepEqual(runs(['uvx', long('aider', '@', '\nx')]).map((found) => found.program), ['uvx', 'aider']);
  });
});
