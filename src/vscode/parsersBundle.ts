/**
 * Entry of dist/parsers.js, the lazily loaded part of the extension: the shell parser
 * (tree-sitter and its bash grammar, WebAssembly next to this file) and the MCP config
 * parser. The activation bundle loads it on the first terminal, command line or MCP file
 * (parsersLoader.ts), so activation never pays for it.
 */
import { loadCommandLineReader, shellParserFilesIn } from '../machine/shellParserFiles';

export { readConfigCommandsSliced } from '../core/detect/configCommands';
export { mcpCommandLine, parseMcpConfig } from '../core/detect/mcpServers';

/** The command-line reader, with the parser files found in `dir` (the extension's dist/). */
export const loadReader = (dir: string) => loadCommandLineReader(shellParserFilesIn(dir));
