import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CommandLineReader } from '../../src/core/detect/commandLine';
import { loadBashSyntax } from '../../src/core/detect/shellParser';
import { loadCommandLineReader } from '../../src/machine/shellParserFiles';

let loaded: Promise<CommandLineReader> | undefined;

const files = () => ({
  runtime: join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
  bash: join(dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'),
});

/** The command-line reader with the parser files from their npm packages. */
export function testReader(): Promise<CommandLineReader> {
  loaded ??= loadCommandLineReader(files());
  return loaded;
}

/** A reader whose parses cover at most `maxParseChars`, so that short lines are cut into pieces. */
export async function testReaderCuttingAt(maxParseChars: number): Promise<CommandLineReader> {
  const { runtime, bash } = files();
  const [runtimeWasm, bashWasm] = await Promise.all([readFile(runtime), readFile(bash)]);
  return new CommandLineReader(await loadBashSyntax(runtimeWasm, bashWasm), maxParseChars);
}
