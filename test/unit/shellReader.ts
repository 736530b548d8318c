import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BUILT_IN_TOOLS } from '../../src/core/catalog';
import { CommandLineReader, type ReaderLimits } from '../../src/core/detect/commandLine';
import { readConfigCommands } from '../../src/core/detect/configCommands';
import { gatherEvidence, NOTHING_OBSERVED, type McpServerSeen } from '../../src/core/detect/gatherEvidence';
import type { ShellDialect } from '../../src/core/detect/invocation';
import { mcpCommandLine, parseMcpConfig } from '../../src/core/detect/mcpServers';
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

/** A reader with smaller limits: parses of at most `maxParseChars` (short lines are cut into pieces), a shorter parse time per line. */
export async function testReaderWith(limits: ReaderLimits): Promise<CommandLineReader> {
  const { runtime, bash } = files();
  const [runtimeWasm, bashWasm] = await Promise.all([readFile(runtime), readFile(bash)]);
  return new CommandLineReader(await loadBashSyntax(runtimeWasm, bashWasm), limits);
}

export const testReaderCuttingAt = (maxParseChars: number): Promise<CommandLineReader> => testReaderWith({ maxParseChars });

const noPause = async (): Promise<void> => undefined;

/**
 * The catalog tools a typed line runs, found the way the editor finds them: read by the
 * terminal watcher's reader (`readCommandLine`), matched by gatherEvidence. Sorted ids.
 */
export async function toolsTyped(reader: CommandLineReader, line: string, dialect?: ShellDialect): Promise<string[]> {
  const invocations = await reader.readCommandLine(line, dialect, noPause);
  const typedCommands = [{ terminalName: 'test', commandLine: line, at: '2026-01-01T00:00:00.000Z', invocations }];
  return [...new Set(gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, typedCommands }).map((found) => found.toolId))].sort();
}

/** An MCP config's servers as the scan reads them: parsed, their command lines read within the file's budget. */
export function serversSeen(reader: CommandLineReader, text: string, file = 'mcp.json'): McpServerSeen[] {
  const result = parseMcpConfig(text);
  if (!result.ok) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  const readings = readConfigCommands(reader, result.servers);
  return result.servers.map((server, index) => {
    const { invocations, incomplete } = readings[index] ?? { invocations: [] };
    return { file, server: server.name, commandLine: mcpCommandLine(server), invocations, ...(incomplete !== undefined ? { incomplete } : {}) };
  });
}

/** `server:toolId` for each server of an MCP config that runs a catalog tool, as gatherEvidence reports them. */
export function toolsOfServers(reader: CommandLineReader, text: string): string[] {
  const mcpServers = serversSeen(reader, text);
  return gatherEvidence(BUILT_IN_TOOLS, { ...NOTHING_OBSERVED, mcpServers }).map((found) => `${found.evidence.kind === 'mcpServer' ? found.evidence.server : '?'}:${found.toolId}`);
}
