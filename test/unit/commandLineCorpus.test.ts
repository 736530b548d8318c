import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import type { CommandLineReader, ShellDialect } from '../../src/core/detect/commandLine';
import { matchCommandLine } from '../../src/core/detect/commandMatch';
import { dialectOf, readCommandLineCorpus } from './commandLineCorpus';
import { testReader } from './shellReader';

const corpus = readCommandLineCorpus(join(__dirname, '..', '..', '..'));

describe('command-line corpus (test/corpus/commandLines.tsv)', () => {
  let reader: CommandLineReader;
  before(async () => { reader = await testReader(); });
  const toolsRun = (line: string, dialect: ShellDialect | undefined) => matchCommandLine(BUILT_IN_TOOLS, reader, line, dialect).map((m) => m.toolId).sort().join(',');
  const show = (line: string) => JSON.stringify(line);

  // The corpus's size is reported by `npm run bench`; what is asserted here is behaviour.
  it('an out-of-scope line is indeed not read from its text (else it belongs under "runs")', () => {
    const readAnyway = corpus.filter((c) => c.label === 'out' && toolsRun(c.line, dialectOf(c.shell)) !== '').map((c) => `line ${c.at} ${show(c.line)}`);
    assert.deepEqual(readAnyway, []);
  });

  it('finds exactly the labelled tools in every line, read in its shell', () => {
    const wrong = corpus.filter((c) => c.label !== 'out')
      .map((c) => ({ c, found: toolsRun(c.line, dialectOf(c.shell)) }))
      .filter(({ c, found }) => found !== [...c.tools].sort().join(','))
      .map(({ c, found }) => `line ${c.at} (${c.shell}) ${show(c.line)} → ${found || 'nothing'}, labelled ${c.tools.join(',') || 'nothing'}`);
    assert.deepEqual(wrong, []);
  });

  it('finds the same in bash, zsh and fish lines when the terminal\'s shell is unknown', () => {
    const wrong = corpus.filter((c) => c.label !== 'out' && dialectOf(c.shell) === 'posix')
      .map((c) => ({ c, found: toolsRun(c.line, undefined) }))
      .filter(({ c, found }) => found !== [...c.tools].sort().join(','))
      .map(({ c, found }) => `line ${c.at} ${show(c.line)} → ${found || 'nothing'}`);
    assert.deepEqual(wrong, []);
  });

  it('adds nothing to the bash reading of a look-alike when it also tries PowerShell (shell unknown)', () => {
    // `"claude" | Set-Content x` is a PowerShell look-alike but runs claude in bash: an
    // unknown shell is read as bash, and the Windows reading may only add Windows paths.
    const wrong = corpus.filter((c) => c.label === 'lookalike')
      .filter((c) => toolsRun(c.line, undefined) !== toolsRun(c.line, 'posix'))
      .map((c) => `line ${c.at} ${show(c.line)} → ${toolsRun(c.line, undefined)}`);
    assert.deepEqual(wrong, []);
  });

  it('gives every out-of-scope line a reason and what still catches it', () => {
    for (const c of corpus.filter((c) => c.label === 'out')) assert.match(c.reason ?? '', /process|scan|detector/, `line ${c.at}`);
  });
});
