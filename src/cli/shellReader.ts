/**
 * The command-line reader for the `tool-policy` command. Both WebAssembly files of the
 * shell parser are embedded in dist/cli.js by the build (esbuild's binary loader), so the
 * command line stays one file that runs without node_modules or files beside it.
 */
import bashWasm from '../../node_modules/tree-sitter-bash/tree-sitter-bash.wasm';
import runtimeWasm from '../../node_modules/web-tree-sitter/web-tree-sitter.wasm';
import { CommandLineReader } from '../core/detect/commandLine';
import { loadBashSyntax } from '../core/detect/shellParser';

export async function loadShellReader(): Promise<CommandLineReader> {
  return new CommandLineReader(await loadBashSyntax(runtimeWasm, bashWasm));
}
