/**
 * What a whole-machine scan saw, matched against the tools: extensions in every editor's
 * folder, every process, installed commands and MCP server definitions. The reading is
 * the machine layer's (src/machine); this is the matching, the same as the editor's.
 */
import type { FolderExtension } from './editorExtensions';
import type { Observation } from './evidence';
import { matchExtensions } from './extensions';
import { matchMcpServers, mcpCommandLine, type ArgvReader } from './mcpServers';
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

/** `reader` reads argument vectors as the OS runs them (the shell parser, loaded by the caller). */
export function observeMachine(tools: readonly ToolDefinition[], snapshot: MachineSnapshot, reader: ArgvReader): Observation[] {
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
  // A server's command and arguments are an argument vector the config's owner starts
  // as is: read as the OS runs it, not as a shell line.
  const byFile = new Map<string, ScannedMcpServer[]>();
  for (const server of snapshot.mcpServers) byFile.set(server.file, [...(byFile.get(server.file) ?? []), server]);
  for (const [file, servers] of byFile) {
    const definitions = servers.map((server) => ({ name: server.name, command: server.command, args: server.args, path: server.name }));
    for (const match of matchMcpServers(tools, definitions, reader)) {
      observations.push({ toolId: match.toolId, evidence: { kind: 'mcpServer', file, server: match.server.name, commandLine: mcpCommandLine(match.server) } });
    }
  }
  return observations;
}
