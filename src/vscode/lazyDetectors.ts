/**
 * Entry of dist/detectors.js, the lazily loaded part of the extension: the shell parser
 * (tree-sitter and its bash grammar, WebAssembly next to this file), the MCP config
 * parser, and the matching of command lines and processes to tools. The activation bundle loads it on the first command line or MCP file it reads
 * (detectorsLoader.ts), so activation never pays for it.
 */
import { loadCommandLineReader, shellParserFilesIn } from '../machine/shellParserFiles';

export { matchInvocations } from '../core/detect/commandMatch';
export { matchMcpServers, mcpCommandLine, parseMcpConfig } from '../core/detect/mcpServers';
export { matchProcesses } from '../core/detect/processes';
export { mcpObservations, shellDialectOf, terminalObservations } from '../core/detect/terminalEvidence';
export type { CommandLineReader } from '../core/detect/commandLine';

/** The command-line reader, with the parser files found in `dir` (the extension's dist/). */
export const loadReader = (dir: string) => loadCommandLineReader(shellParserFilesIn(dir));
