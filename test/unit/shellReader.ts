import { dirname, join } from 'node:path';
import type { CommandLineReader } from '../../src/core/detect/commandLine';
import { loadCommandLineReader } from '../../src/machine/shellParserFiles';

let loaded: Promise<CommandLineReader> | undefined;

/** The command-line reader with the parser files from their npm packages. */
export function testReader(): Promise<CommandLineReader> {
  loaded ??= loadCommandLineReader({
    runtime: join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
    bash: join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'),
  });
  return loaded;
}
