/**
 * Reads the shell parser's WebAssembly files and builds the command-line reader. The
 * build copies them next to the bundles (dist/); tests and benchmarks read them from
 * their npm packages.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandLineReader } from '../core/detect/commandLine';
import { loadBashSyntax } from '../core/detect/shellParser';

export interface ShellParserFiles {
  /** web-tree-sitter's runtime. */
  readonly runtime: string;
  /** tree-sitter-bash's grammar. */
  readonly bash: string;
}

/** File names in dist/, next to the bundles. */
const SHELL_PARSER_FILE_NAMES = { runtime: 'web-tree-sitter.wasm', bash: 'tree-sitter-bash.wasm' } as const;

export function shellParserFilesIn(dir: string): ShellParserFiles {
  return { runtime: join(dir, SHELL_PARSER_FILE_NAMES.runtime), bash: join(dir, SHELL_PARSER_FILE_NAMES.bash) };
}

export async function loadCommandLineReader(files: ShellParserFiles): Promise<CommandLineReader> {
  const [runtime, bash] = await Promise.all([readFile(files.runtime), readFile(files.bash)]);
  return new CommandLineReader(await loadBashSyntax(runtime, bash));
}
