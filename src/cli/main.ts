/** Entry point of dist/cli.js (`tool-policy`). */
import { EXIT } from '../core/report/scanReport';
import { nodeEnvironment, run } from './run';

const OUTPUT_REASONS: Readonly<Record<string, string>> = {
  EPIPE: 'the reader closed the pipe',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EIO: 'an input/output error',
  EBADF: 'standard output is not open',
};

let outputFailed = false;
/**
 * A closed pipe (`| head -c1`) or a full disk: one line on stderr and exit 74 (EX_IOERR),
 * never a stack trace, and never an exit code the scan gives its own meaning to.
 */
function outputError(error: NodeJS.ErrnoException): void {
  if (outputFailed) return;
  outputFailed = true;
  const reason = OUTPUT_REASONS[error.code ?? ''] ?? error.message;
  try {
    process.stderr.write(`tool-policy: cannot write the output (${error.code ?? 'error'}: ${reason})\n`);
  } catch {
    // stderr is gone too: the exit code still says it.
  }
  process.exit(EXIT.output);
}
process.stdout.on('error', outputError);
// An unwritable stderr must not turn into a crash either; the exit code still tells.
process.stderr.on('error', () => undefined);

run(process.argv.slice(2), nodeEnvironment()).then(
  (code) => {
    // exitCode, not exit(): output piped to a slow reader is written out first.
    if (!outputFailed) process.exitCode = code;
  },
  (error: unknown) => {
    if (outputFailed) return;
    process.stderr.write(`tool-policy: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = EXIT.software; // a bug, not an outcome of the scan
  },
);
