/** Entry point of dist/cli.js (`tool-policy`). */
import { nodeEnvironment, run } from './run';

run(process.argv.slice(2), nodeEnvironment()).then(
  (code) => {
    // exitCode, not exit(): output piped to a slow reader is written out first.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`tool-policy: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 70; // EX_SOFTWARE: a bug, not an outcome of the scan
  },
);
