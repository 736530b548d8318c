/**
 * What a whole-machine scan saw, as the observables every detector reads: extensions in
 * every editor's folder, every process, installed commands and MCP server definitions.
 * The reading is the machine layer's (src/machine); the matching is gatherEvidence, the
 * same as the editor's.
 */
import type { FolderExtension } from './editorExtensions';
import type { Observation } from './evidence';
import { gatherEvidence, NOTHING_OBSERVED, type Observables } from './gatherEvidence';
import { mcpCommandLine, type ArgvReader } from './mcpServers';
import type { ProcessInfo } from './processTree';
import type { ToolDefinition } from '../tools';
import { processCounts, type ProcessOwners } from '../person';

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
  /** Commands found on PATH and in the usual install folders. */
  readonly installed: readonly Observation[];
  readonly mcpServers: readonly ScannedMcpServer[];
  /** The scanning process itself is not evidence. */
  readonly ownPids?: readonly number[];
  /** Whose processes count (default: every user's). Zombies never do. */
  readonly processOwners?: ProcessOwners;
}

/** The processes that count as evidence: the owners' (see processCounts), never the scan's own. */
export function countedProcesses(snapshot: MachineSnapshot): ProcessInfo[] {
  const own = new Set(snapshot.ownPids ?? []);
  const owners: ProcessOwners = snapshot.processOwners ?? { kind: 'all-users' };
  return snapshot.processes.filter((info) => !own.has(info.pid) && processCounts(info, owners));
}

/**
 * The snapshot as observables. An extension on disk counts as installed and enabled (its
 * enablement lives in each editor's state, per profile). A server's command and arguments
 * are an argument vector its owner starts as is: `reader` reads them as the OS runs them.
 */
export function machineObservables(snapshot: MachineSnapshot, reader: ArgvReader): Observables {
  const installed = new Map<string, { command: string; path: string }>();
  for (const { evidence } of snapshot.installed) if (evidence.kind === 'installed') installed.set(`${evidence.command}\0${evidence.path}`, { command: evidence.command, path: evidence.path });
  return {
    ...NOTHING_OBSERVED,
    extensions: snapshot.editorFolders.flatMap((folder) => folder.extensions.map((extension) => ({
      id: extension.id, version: extension.version, enabled: true, editor: folder.editor, location: extension.location,
    }))),
    installedCommands: [...installed.values()],
    terminalProcesses: [{ processes: countedProcesses(snapshot) }],
    mcpServers: snapshot.mcpServers.map((server) => {
      const definition = { name: server.name, command: server.command, args: server.args, path: server.name };
      return { file: server.file, server: server.name, commandLine: mcpCommandLine(definition), invocations: reader.programsInArgv([server.command, ...server.args]) };
    }),
  };
}

export function observeMachine(tools: readonly ToolDefinition[], snapshot: MachineSnapshot, reader: ArgvReader): Observation[] {
  return gatherEvidence(tools, machineObservables(snapshot, reader));
}
