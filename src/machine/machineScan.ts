/**
 * Reads everything a whole-machine scan looks at: every editor's extensions folder under
 * the home folder, JetBrains IDEs' plugins and ACP agents, the processes of the home's
 * owner (or every user's), the catalog's commands on PATH and in the usual install
 * folders, and MCP server definitions in editors' and agents' config files. Nothing is
 * run but the OS's own process lister where there is no /proc.
 */
import { countedProcesses, type MachineSnapshot, type ScannedMcpServer } from '../core/detect/machineEvidence';
import type { ProcessOwners } from '../core/person';
import type { ScanProblem } from '../core/report/scanReport';
import type { ToolDefinition } from '../core/tools';
import { findCommandsInstalledFor } from './commandsOnPath';
import { editorExtensionsFolders } from './editorFolders';
import { scanExtensionsFolder } from './extensionsFolder';
import { readAcpConfig } from './acpConfigFile';
import { findJetBrainsIdes } from './jetbrainsFolders';
import type { JetBrainsScan } from './jetbrainsPlugins';
import { mcpConfigFiles, readMcpConfigFiles, withProfiles, type ReadMcpConfig } from './mcpConfigFiles';
import { processReaderFor, type MachineProcessReader } from './processes';

export type { ScanProblem } from '../core/report/scanReport';

export interface MachineScanInputs {
  readonly home: string;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly tools: readonly ToolDefinition[];
  readonly processReader?: MachineProcessReader;
  /** Turns one config file's text into its servers (JSON, TOML or YAML). */
  readonly parseMcpConfig: (file: ReadMcpConfig) => { servers: ReadonlyArray<Omit<ScannedMcpServer, 'file'>>; problems?: readonly string[] } | { error: string };
  readonly ownPids?: readonly number[];
  /** Whose processes count (default: every user's). */
  readonly processOwners?: ProcessOwners;
}

export interface MachineScan {
  readonly snapshot: MachineSnapshot;
  readonly problems: readonly ScanProblem[];
  /** What was looked at, for the report (processes: those that counted, of the owners asked for). */
  readonly looked: {
    readonly editorFolders: readonly string[];
    readonly mcpFiles: readonly string[];
    readonly jetbrainsFolders: readonly string[];
    readonly acpFiles: readonly string[];
    readonly processes: number;
  };
}

export async function scanMachine(inputs: MachineScanInputs): Promise<MachineScan> {
  const problems: ScanProblem[] = [];
  const reader = inputs.processReader ?? processReaderFor(inputs.platform);

  // Nothing a link leads out of the home to is read: a scan run as root reads no more than the home's owner could.
  const within = { within: inputs.home };
  const editorScan = Promise.all(editorExtensionsFolders(inputs.home, inputs.platform).map((folder) => scanExtensionsFolder(folder, within)));
  const processScan = reader.all().catch((error: Error) => {
    problems.push({ where: 'processes', message: `cannot be listed: ${error.message}` });
    return [];
  });
  const installedScan = findCommandsInstalledFor(inputs.tools, { home: inputs.home, platform: inputs.platform, env: inputs.env, confined: true });
  const mcpScan = withProfiles(mcpConfigFiles(inputs.home, inputs.platform, inputs.env), within).then(async (listed) => ({ problems: listed.problems, files: await readMcpConfigFiles(listed.files, within) }));
  const jetbrainsScan = scanJetBrains(inputs.home, inputs.platform);
  const acpScan = readAcpConfig(inputs.home, within);

  const [folders, processes, installedFound, mcpListed, jetbrains, acp] = await Promise.all([editorScan, processScan, installedScan, mcpScan, jetbrainsScan, acpScan]);
  const installed = [...installedFound.observations];
  const mcpFiles = mcpListed.files;
  problems.push(...installedFound.problems, ...mcpListed.problems, ...jetbrains.problems, ...acp.problems);
  const editorFolders = folders.filter((folder): folder is NonNullable<typeof folder> => folder !== undefined);
  for (const folder of editorFolders) for (const message of folder.problems) problems.push({ where: folder.path, message });

  const mcpServers: ScannedMcpServer[] = [];
  for (const file of mcpFiles) {
    if (file.error !== undefined || file.text === undefined) {
      problems.push({ where: file.path, message: file.error ?? 'cannot be read' });
      continue;
    }
    const parsed = inputs.parseMcpConfig(file);
    if ('error' in parsed) problems.push({ where: file.path, message: parsed.error });
    else {
      // A malformed entry hides only itself: the file's other servers are still read.
      for (const message of parsed.problems ?? []) problems.push({ where: file.path, message });
      for (const server of parsed.servers) mcpServers.push({ ...server, file: file.path });
    }
  }

  const snapshot: MachineSnapshot = {
    editorFolders, processes, installed, mcpServers, jetbrainsPlugins: jetbrains.plugins, acpAgents: acp.agents,
    ...(inputs.ownPids ? { ownPids: inputs.ownPids } : {}),
    ...(inputs.processOwners ? { processOwners: inputs.processOwners } : {}),
  };
  return {
    snapshot,
    problems,
    looked: {
      editorFolders: editorFolders.map((folder) => folder.path),
      mcpFiles: mcpFiles.map((file) => file.path),
      jetbrainsFolders: [...jetbrains.folders],
      acpFiles: [...acp.files],
      processes: countedProcesses(snapshot).length,
    },
  };
}

/**
 * The JetBrains part: which IDEs have folders, then their plugins. The jar and XML readers
 * load only when there is an IDE to read (most homes have none), so they cost such a scan
 * nothing but their share of dist/cli.js.
 */
async function scanJetBrains(home: string, platform: NodeJS.Platform): Promise<JetBrainsScan> {
  const found = await findJetBrainsIdes(home, platform);
  if (found.ides.length === 0) return { plugins: [], problems: found.problems, folders: [], read: { jars: 0, bytes: 0 } };
  const { scanJetBrainsPlugins } = await import('./jetbrainsPlugins.js');
  const scan = await scanJetBrainsPlugins(found.ides, undefined, { within: home });
  return { ...scan, problems: [...found.problems, ...scan.problems] };
}
