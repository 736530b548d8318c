/**
 * What a whole-machine scan saw, matched against the tools: extensions in every editor's
 * folder, every process, installed commands and MCP server definitions. The reading is
 * the machine layer's (src/machine); this is the matching, the same as the editor's.
 */
import { matchCommandLine } from './commandMatch';
import type { FolderExtension } from './editorExtensions';
import type { Observation } from './evidence';
import { matchExtensions } from './extensions';
import { matchProcesses } from './processes';
import type { ProcessInfo } from './processTree';
import type { ToolDefinition } from '../tools';

export interface ScannedEditorFolder {
  readonly editor: string;
  readonly path: string;
  readonly extensions: ReadonlyArray<FolderExtension & { readonly location: string }>;
}

export interface ScannedMcpServer {
  readonly file: string;
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface MachineSnapshot {
  readonly editorFolders: readonly ScannedEditorFolder[];
  readonly processes: readonly ProcessInfo[];
  /** Commands found on PATH and in the usual install folders (already observations). */
  readonly installed: readonly Observation[];
  readonly mcpServers: readonly ScannedMcpServer[];
  /** The scanning process itself and its parents are not evidence. */
  readonly ownPids?: readonly number[];
}

/** A command line as a POSIX shell reads it back, for evidence and matching. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function observeMachine(tools: readonly ToolDefinition[], snapshot: MachineSnapshot): Observation[] {
  const observations: Observation[] = [];
  for (const folder of snapshot.editorFolders) {
    observations.push(...matchExtensions(tools, folder.extensions.map((extension) => ({
      id: extension.id, version: extension.version, enabled: true, editor: folder.editor, location: extension.location,
    }))));
  }
  const own = new Set(snapshot.ownPids ?? []);
  for (const match of matchProcesses(tools, snapshot.processes.filter((info) => !own.has(info.pid)))) {
    observations.push({ toolId: match.toolId, evidence: { kind: 'process', pid: match.process.pid, name: match.process.name, argv: match.process.argv.join(' ') } });
  }
  observations.push(...snapshot.installed);
  for (const server of snapshot.mcpServers) {
    const commandLine = quoteArgv([server.command, ...server.args]);
    for (const match of matchCommandLine(tools, commandLine)) {
      observations.push({ toolId: match.toolId, evidence: { kind: 'mcp', file: server.file, server: server.name, commandLine } });
    }
  }
  return observations;
}
