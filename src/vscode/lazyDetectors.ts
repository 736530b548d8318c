/**
 * Entry of dist/detectors.js, the lazily loaded part of the extension: the shell parser
 * (tree-sitter and its bash grammar, WebAssembly next to this file), the MCP config
 * parser, and the matching of command lines and processes to tools. The activation bundle loads it on the first command line or MCP file it reads
 * (detectorsLoader.ts), so activation never pays for it.
 */
import { open } from 'node:fs/promises';
import { MAX_MCP_CONFIG_CHARS, parseMcpConfig, type McpServerDefinition } from '../core/detect/mcpServers';
import { loadCommandLineReader, shellParserFilesIn } from '../machine/shellParserFiles';

export { matchInvocations } from '../core/detect/commandMatch';
export { matchMcpServers, mcpCommandLine, parseMcpConfig } from '../core/detect/mcpServers';
export { matchProcesses } from '../core/detect/processes';
export { mcpObservations, shellDialectOf, terminalObservations } from '../core/detect/terminalEvidence';
export type { CommandLineReader } from '../core/detect/commandLine';

/** The command-line reader, with the parser files found in `dir` (the extension's dist/). */
export const loadReader = (dir: string) => loadCommandLineReader(shellParserFilesIn(dir));

/**
 * The MCP servers a config file defines, or the error to show (`file:line:col: error: …`).
 * A file larger than the parser accepts is refused before it is read whole.
 */
export async function readMcpFile(file: string): Promise<readonly McpServerDefinition[] | string> {
  const handle = await open(file, 'r');
  let text: string;
  try {
    // UTF-8 takes at most 4 bytes a character: a larger file cannot be within the limit.
    if ((await handle.stat()).size > MAX_MCP_CONFIG_CHARS * 4) return `${file}: error: the file is larger than ${MAX_MCP_CONFIG_CHARS / 1024 / 1024} MiB; its MCP servers are not read`;
    text = await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
  const result = parseMcpConfig(text);
  if (result.ok) return result.servers;
  const { line, column, path, message } = result.error;
  return `${file}:${line}:${column}: error: ${path ? `${path}: ` : ''}${message}`;
}
