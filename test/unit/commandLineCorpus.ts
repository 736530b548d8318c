import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShellDialect } from '../../src/core/detect/invocation';

export type CorpusShell = 'bash' | 'zsh' | 'fish' | 'powershell' | 'cmd';

export interface CorpusLine {
  readonly label: 'runs' | 'lookalike' | 'out';
  readonly shell: CorpusShell;
  /** Tool ids the line runs (empty for a look-alike). */
  readonly tools: readonly string[];
  readonly line: string;
  /** Why an out-of-scope line is, and what still catches it. */
  readonly reason?: string;
  /** 1-based line in the corpus file. */
  readonly at: number;
}

const SHELLS = new Set(['bash', 'zsh', 'fish', 'powershell', 'cmd']);

/** test/corpus/commandLines.tsv, from the repository root (or any folder above `from`). */
export function readCommandLineCorpus(root: string): CorpusLine[] {
  const text = readFileSync(join(root, 'test', 'corpus', 'commandLines.tsv'), 'utf8');
  const lines: CorpusLine[] = [];
  text.split('\n').forEach((row, index) => {
    if (row.trim() === '' || row.startsWith('#')) return;
    const [label, shell, tools, ...rest] = row.split('\t');
    let line = rest.join('\t');
    let reason: string | undefined;
    if (label === 'out') {
      const cut = line.lastIndexOf('\t');
      reason = line.slice(cut + 1);
      line = line.slice(0, cut);
      if (cut === -1 || !reason) throw new Error(`corpus line ${index + 1}: an out-of-scope line needs a reason`);
    }
    if (label !== 'runs' && label !== 'lookalike' && label !== 'out') throw new Error(`corpus line ${index + 1}: unknown label ${label}`);
    if (!shell || !SHELLS.has(shell)) throw new Error(`corpus line ${index + 1}: unknown shell ${shell}`);
    const toolIds = tools === '-' || tools === undefined ? [] : tools.split(',');
    if ((label === 'lookalike') !== (toolIds.length === 0)) throw new Error(`corpus line ${index + 1}: a look-alike names no tool, any other line names one`);
    lines.push({ label, shell: shell as CorpusShell, tools: toolIds, line: line.replace(/␤/g, '\n'), ...(reason ? { reason } : {}), at: index + 1 });
  });
  return lines;
}

/** The dialect the editor reads a line in when it knows the terminal's shell. */
export function dialectOf(shell: CorpusShell): ShellDialect {
  return shell === 'powershell' ? 'powershell' : shell === 'cmd' ? 'cmd' : shell === 'fish' ? 'fish' : 'posix';
}
