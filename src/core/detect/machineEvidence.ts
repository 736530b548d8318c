/**
 * What a whole-machine scan saw, as the observables every detector reads: extensions in
 * every editor's folder, every process, installed commands and MCP server definitions.
 * The reading is the machine layer's (src/machine); the matching is gatherEvidence, the
 * same as the editor's.
 */
import { readConfigCommands, type ArgvReader } from './configCommands';
import type { FolderExtension } from './editorExtensions';
import type { Observation } from './evidence';
import { NOTHING_OBSERVED, type McpServerSeen, type Observables } from './gatherEvidence';
import type { AcpAgentSeen, JetBrainsPluginSeen } from './jetbrainsEvidence';
import { mcpCommandLine } from './mcpServers';
import type { ProcessInfo } from './processTree';
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

/** An agent in JetBrains' acp.json: its name, and the command the IDE starts for it, if it names one. */
export interface ScannedAcpAgent {
  readonly file: string;
  readonly name: string;
  readonly command?: string;
  readonly args: readonly string[];
}

export interface MachineSnapshot {
  readonly editorFolders: readonly ScannedEditorFolder[];
  readonly processes: readonly ProcessInfo[];
  /** Commands found on PATH and in the usual install folders. */
  readonly installed: readonly Observation[];
  readonly mcpServers: readonly ScannedMcpServer[];
  /** Plugins in JetBrains IDEs' plugins folders. */
  readonly jetbrainsPlugins?: readonly JetBrainsPluginSeen[];
  readonly acpAgents?: readonly ScannedAcpAgent[];
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
 * are an argument vector its owner starts as is: `reader` reads them as the OS runs them,
 * each file's within its own budget (configCommands.ts). Read it once per scan.
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
    mcpServers: readServers(snapshot.mcpServers, reader),
    jetbrainsPlugins: snapshot.jetbrainsPlugins ?? [],
    acpAgents: readAgents(snapshot.acpAgents ?? [], reader),
  };
}

/** Every server with what its command runs, in the snapshot's order; one budget per file. */
function readServers(servers: readonly ScannedMcpServer[], reader: ArgvReader): McpServerSeen[] {
  const byFile = new Map<string, ScannedMcpServer[]>();
  for (const server of servers) {
    const fileServers = byFile.get(server.file);
    if (fileServers) fileServers.push(server);
    else byFile.set(server.file, [server]);
  }
  const readings = new Map<ScannedMcpServer, McpServerSeen>();
  for (const fileServers of byFile.values()) {
    readConfigCommands(reader, fileServers).forEach(({ invocations, incomplete }, index) => {
      const server = fileServers[index] as ScannedMcpServer;
      const commandLine = mcpCommandLine({ name: server.name, command: server.command, args: server.args, path: server.name });
      readings.set(server, { file: server.file, server: server.name, commandLine, invocations, ...(incomplete !== undefined ? { incomplete } : {}) });
    });
  }
  return servers.map((server) => readings.get(server) as McpServerSeen);
}

/**
 * Every ACP agent with what its command runs: an agent's command is read as an MCP
 * server's is (an argument vector the IDE starts as is), one budget per file.
 */
function readAgents(agents: readonly ScannedAcpAgent[], reader: ArgvReader): AcpAgentSeen[] {
  const byFile = new Map<string, Array<ScannedAcpAgent & { readonly command: string }>>();
  for (const agent of agents) {
    if (agent.command === undefined) continue;
    const started = { ...agent, command: agent.command };
    const fileAgents = byFile.get(agent.file);
    if (fileAgents) fileAgents.push(started);
    else byFile.set(agent.file, [started]);
  }
  const readings = new Map<string, AcpAgentSeen>();
  const key = (agent: ScannedAcpAgent) => `${agent.file}\0${agent.name}`;
  for (const fileAgents of byFile.values()) {
    readConfigCommands(reader, fileAgents).forEach(({ invocations, incomplete }, index) => {
      const agent = fileAgents[index] as ScannedAcpAgent & { readonly command: string };
      const commandLine = mcpCommandLine({ name: agent.name, command: agent.command, args: agent.args, path: agent.name });
      readings.set(key(agent), { file: agent.file, agent: agent.name, commandLine, invocations, ...(incomplete !== undefined ? { incomplete } : {}) });
    });
  }
  return agents.map((agent) => readings.get(key(agent)) ?? { file: agent.file, agent: agent.name, commandLine: '', invocations: [] });
}
