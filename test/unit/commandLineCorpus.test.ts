import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CommandLineReader } from '../../src/core/detect/commandLine';
import type { ShellDialect } from '../../src/core/detect/invocation';
import { dialectOf, readCommandLineCorpus, type CorpusLine } from './commandLineCorpus';
import { testReader, toolsTyped } from './shellReader';

const corpus = readCommandLineCorpus(join(__dirname, '..', '..', '..'));

describe('command-line corpus (test/corpus/commandLines.tsv)', () => {
  let reader: CommandLineReader;
  before(async () => { reader = await testReader(); });
  const toolsRun = async (line: string, dialect: ShellDialect | undefined) => (await toolsTyped(reader, line, dialect)).join(',');
  const show = (line: string) => JSON.stringify(line);
  /** Each corpus line with the tools found in it, read in `dialect(line)`. */
  const read = async (lines: readonly CorpusLine[], dialect: (c: CorpusLine) => ShellDialect | undefined) => {
    const found: { c: CorpusLine; found: string }[] = [];
    for (const c of lines) found.push({ c, found: await toolsRun(c.line, dialect(c)) });
    return found;
  };

  // The corpus's size is reported by `npm run bench`; what is asserted here is behaviour.
  it('an out-of-scope line is indeed not read from its text (else it belongs under "runs")', async () => {
    const readAnyway = (await read(corpus.filter((c) => c.label === 'out'), (c) => dialectOf(c.shell))).filter(({ found }) => found !== '').map(({ c }) => `line ${c.at} ${show(c.line)}`);
    assert.deepEqual(readAnyway, []);
  });

  it('finds exactly the labelled tools in every line, read in its shell', async () => {
    const wrong = (await read(corpus.filter((c) => c.label !== 'out'), (c) => dialectOf(c.shell)))
      .filter(({ c, found }) => found !== [...c.tools].sort().join(','))
      .map(({ c, found }) => `line ${c.at} (${c.shell}) ${show(c.line)} → ${found || 'nothing'}, labelled ${c.tools.join(',') || 'nothing'}`);
    assert.deepEqual(wrong, []);
  });

  it('finds the same in bash and zsh lines when the terminal\'s shell is unknown', async () => {
    // An unknown shell is read as bash: a fish line whose backticks are text (fish has no
    // backtick substitution) is read right only when the shell is known.
    const wrong = (await read(corpus.filter((c) => c.label !== 'out' && dialectOf(c.shell) === 'posix'), () => undefined))
      .filter(({ c, found }) => found !== [...c.tools].sort().join(','))
      .map(({ c, found }) => `line ${c.at} ${show(c.line)} → ${found || 'nothing'}`);
    assert.deepEqual(wrong, []);
  });

  it('reads fish lines as bash would when the shell is unknown, except for backticks', async () => {
    const wrong = (await read(corpus.filter((c) => c.label !== 'out' && c.shell === 'fish' && !c.line.includes('`')), () => undefined))
      .filter(({ c, found }) => found !== [...c.tools].sort().join(','))
      .map(({ c, found }) => `line ${c.at} ${show(c.line)} → ${found || 'nothing'}`);
    assert.deepEqual(wrong, []);
  });

  it('adds nothing to the bash reading of a look-alike when it also tries PowerShell (shell unknown)', async () => {
    // `"claude" | Set-Content x` is a PowerShell look-alike but runs claude in bash: an
    // unknown shell is read as bash, and the Windows reading may only add Windows paths.
    const lookalikes = corpus.filter((c) => c.label === 'lookalike');
    const unknown = await read(lookalikes, () => undefined);
    const asBash = await read(lookalikes, () => 'posix');
    const wrong = unknown.filter(({ found }, k) => found !== asBash[k]?.found).map(({ c, found }) => `line ${c.at} ${show(c.line)} → ${found}`);
    assert.deepEqual(wrong, []);
  });

  it('gives every out-of-scope line a reason and what still catches it', () => {
    for (const c of corpus.filter((c) => c.label === 'out')) assert.match(c.reason ?? '', /process|scan|detector/, `line ${c.at}`);
  });
});
