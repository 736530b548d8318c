import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import fc from 'fast-check';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import type { CommandLineReader } from '../../src/core/detect/commandLine';
import { matchInvocations } from '../../src/core/detect/commandMatch';
import { bashPieces } from '../../src/core/detect/shellPieces';
import { dialectOf, readCommandLineCorpus } from './commandLineCorpus';
import { testReader, testReaderCuttingAt, toolsTyped } from './shellReader';

/**
 * Lines longer than one parse (256 KiB) are read in pieces: a cut must never turn quoted
 * text, a comment or a heredoc body into commands, nor hide a command that follows.
 */
describe('lines longer than one parse', function () {
  // Generous: 300 KiB lines read at once and in slices take about 2 s on an idle machine,
  // and the suite also runs beside a new machine's editor-host compile. Nothing here asserts a duration.
  this.timeout(120_000);
  let reader: CommandLineReader;
  before(async () => { reader = await testReader(); });
  const big = 300 * 1024;
  /** Tools the line runs, read at once and read in slices (as the editor does); both must agree. */
  const toolsRun = async (line: string) => {
    const atOnce = matchInvocations(BUILT_IN_TOOLS, reader.programsInCommandLine(line, 'posix')).map((m) => m.toolId).sort().join(',');
    const sliced = (await toolsTyped(reader, line, 'posix')).join(',');
    assert.equal(sliced, atOnce, 'at once and in slices');
    return atOnce;
  };

  it('keeps a double-quoted string that spans the cut quoted', async () => {
    assert.equal(await toolsRun(`echo "${'a'.repeat(big)} ; claude"`), '');
    assert.equal(await toolsRun(`git commit -m "${'fix '.repeat(big / 4)}; claude -p review"`), '');
    assert.equal(await toolsRun(`echo "${'a'.repeat(big)}" ; claude`), 'claude-code', 'the command after the closing quote still runs');
  });

  it('keeps single-quoted text, comments and heredoc bodies what they are', async () => {
    assert.equal(await toolsRun(`echo '${'x; claude '.repeat(big / 10)}'`), '');
    assert.equal(await toolsRun(`ls # ${'claude; '.repeat(big / 8)}`), '');
    assert.equal(await toolsRun(`cat <<'EOF'\n${'claude -p hi\n'.repeat(big / 13)}EOF\ncodex`), 'openai-codex');
    assert.equal(await toolsRun(`cat <<EOF ${'a'.repeat(big)}\nclaude\nEOF`), '', 'a heredoc declared before the cut keeps its body after it');
  });

  it('still finds what runs inside a substitution that spans the cut, and every statement after it', async () => {
    assert.equal(await toolsRun(`echo "$(printf %s ${'a'.repeat(big)}; claude -p hi)"`), 'claude-code');
    assert.equal(await toolsRun(`${'ls -la /tmp; '.repeat(big / 13)}claude --version`), 'claude-code');
  });

  it('cuts any text into a bounded number of pieces, and a short line into itself', () => {
    const shellish = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '"', "'", '$', '(', ')', '{', '}', '`', '<', '>', '#', ';', '&', '|', '\\', '\n', '\t', '=', '[', ']', '-', 'E', 'O', 'F'), maxLength: 200 });
    fc.assert(fc.property(shellish, fc.integer({ min: 1, max: 40 }), (line, max) => {
      const pieces = [...bashPieces(line, max)];
      if (line.length <= max) return pieces.length === 1 && pieces[0] === line;
      return pieces.length <= line.length;
    }), { numRuns: 5000 });
  });

  it('never finds a tool a corpus line does not run, wherever the cuts fall', async () => {
    // Pieces of a few characters put cuts inside every kind of construct the corpus has.
    const corpus = readCommandLineCorpus(join(__dirname, '..', '..', '..')).filter((c) => c.label !== 'out' && c.shell !== 'powershell' && c.shell !== 'cmd');
    const wrong: string[] = [];
    for (const max of [3, 5, 7, 9, 12, 16, 19, 21, 24, 32, 40, 64]) {
      const cutting = await testReaderCuttingAt(max);
      for (const c of corpus) {
        const extra = (await toolsTyped(cutting, c.line, dialectOf(c.shell))).filter((tool) => !c.tools.includes(tool));
        if (extra.length > 0) wrong.push(`pieces of ${max}: line ${c.at} ${JSON.stringify(c.line)} → ${extra.join(',')}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
