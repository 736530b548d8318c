/**
 * Reads everything a whole-machine scan looks at: every editor's extensions folder under
 * the home folder, the processes of the home's owner (or every user's), the catalog's commands on PATH and in the usual install
 * folders, and MCP server definitions in editors' and agents' config files. Nothing is
 * run but the OS's own process lister where there is no /proc.
 */
import { countedProcesses, type MachineSnapshot, type ScannedMcpServer } from '../core/detect/machineEvidence';
import type { ProcessOwners } from '../core/person';
import type { ScanProblem } from '../core/report/scanReport';
import type { ToolDefinition } from '../core/tools';
import { findInstalledCommands } from './commandsOnPath';
import { editorExtensionsFolders } from './editorFolders';
import { scanExtensionsFolder } from './extensionsFolder';
import { usualInstallFolders } from './installFolders';
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
  readonly parseMcpConfig: (file: ReadMcpConfig) => { servers: ReadonlyArray<Omit<ScannedMcpServer, 'file'>> } | { error: string };
  readonly ownPids?: readonly number[];
  /** Whose processes count (default: every user's). */
  readonly processOwners?: ProcessOwners;
}

export interface MachineScan {
  readonly snapshot: MachineSnapshot;
  readonly problems: readonly ScanProblem[];
  /** What was looked at, for the report (processes: those that counted, of the owners asked for). */
  readonly looked: { readonly editorFolders: readonly string[]; readonly mcpFiles: readonly string[]; readonly processes: number };
}

export async function scanMachine(inputs: MachineScanInputs): Promise<MachineScan> {
  const problems: ScanProblem[] = [];
  const reader = inputs.processReader ?? processReaderFor(inputs.platform);

  const editorScan = Promise.all(editorExtensionsFolders(inputs.home, inputs.platform).map(scanExtensionsFolder));
  const processScan = reader.all().catch((error: Error) => {
    problems.push({ where: 'processes', message: `cannot be listed: ${error.message}` });
    return [];
  });
  const installedScan = usualInstallFolders(inputs.home, inputs.platform, inputs.env).then((extraDirs) => findInstalledCommands(inputs.tools, {
    platform: inputs.platform,
    pathVariable: inputs.env.PATH ?? inputs.env.Path ?? '',
    ...(inputs.env.PATHEXT ? { pathExt: inputs.env.PATHEXT } : {}),
    extraDirs,
  }));
  const mcpScan = withProfiles(mcpConfigFiles(inputs.home, inputs.platform, inputs.env)).then(readMcpConfigFiles);

  const [folders, processes, installed, mcpFiles] = await Promise.all([editorScan, processScan, installedScan, mcpScan]);
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
    else for (const server of parsed.servers) mcpServers.push({ ...server, file: file.path });
  }

  const snapshot: MachineSnapshot = {
    editorFolders, processes, installed, mcpServers,
    ...(inputs.ownPids ? { ownPids: inputs.ownPids } : {}),
    ...(inputs.processOwners ? { processOwners: inputs.processOwners } : {}),
  };
  return {
    snapshot,
    problems,
    looked: { editorFolders: editorFolders.map((folder) => folder.path), mcpFiles: mcpFiles.map((file) => file.path), processes: countedProcesses(snapshot).length },
  };
}
