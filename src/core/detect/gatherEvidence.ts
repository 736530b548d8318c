import type { ToolDefinition } from '../tools';
import { matchInvocations } from './commandMatch';
import type { Invocation } from './invocation';
import { programName } from './programNames';
import type { Observation } from './evidence';
import { matchExtensions, type InstalledExtension } from './extensions';
import { matchHostEditor } from './hostEditor';
import { matchAcpAgents, matchJetBrainsPlugins, type AcpAgentSeen, type JetBrainsPluginSeen } from './jetbrainsEvidence';
import { matcherIndex } from './matcherIndex';
import { matchProcesses } from './processes';
import type { ProcessInfo } from './processTree';

/** A command line typed in a terminal (already filtered to those that may run a tool). */
export interface TypedCommandLine {
  readonly terminalName: string;
  readonly commandLine: string;
  /** ISO 8601 time it was typed. */
  readonly at: string;
  /** What the line runs, read once by the shell parser in the terminal's syntax. */
  readonly invocations: readonly Invocation[];
}

/** An MCP server definition, with what its command runs (read by the shell parser as an argument vector). */
export interface McpServerSeen {
  readonly file: string;
  readonly server: string;
  readonly commandLine: string;
  readonly invocations: readonly Invocation[];
  /** Why its command line was not read to its end (configCommands.ts); absent when it was. */
  readonly incomplete?: string;
}

/** A program file found on PATH or in an install folder. */
export interface InstalledCommand {
  /** The command name it provides (`claude`). */
  readonly command: string;
  /** Where it lives. */
  readonly path: string;
}

/**
 * Something looked at but not read whole (a file too large, a folder that could not be
 * listed, a malformed entry): what it would have shown is unknown, so neither face may
 * call the result compliant. The report's `scanProblems` are these.
 */
export interface UnreadItem {
  /** The file or folder concerned, or what was being read ("processes"). */
  readonly where: string;
  readonly message: string;
}

/**
 * Everything the machine or the editor shows, as plain data with no editor types: the
 * editor face fills it from the VS Code API, the command-line face from the file system
 * and the process table.
 */
export interface Observables {
  readonly extensions: readonly InstalledExtension[];
  /** The host editor (`vscode.env.appName`, `uriScheme`), when there is one. */
  readonly hostEditor?: { readonly appName: string; readonly uriScheme: string };
  readonly installedCommands: readonly InstalledCommand[];
  readonly typedCommands: readonly TypedCommandLine[];
  readonly terminalProcesses: readonly { readonly terminalName?: string; readonly processes: readonly ProcessInfo[] }[];
  readonly terminalNames: readonly string[];
  readonly mcpServers: readonly McpServerSeen[];
  /** JetBrains IDEs' plugins and ACP agents: only the machine scan reads them (the editor does not look at JetBrains IDEs). */
  readonly jetbrainsPlugins?: readonly JetBrainsPluginSeen[];
  readonly acpAgents?: readonly AcpAgentSeen[];
  /** What could not be read (the editor's sources; the scan keeps its own list beside these). */
  readonly unread?: readonly UnreadItem[];
}

/** Which of `tools` each observable belongs to: every detector, in one place. */
export function gatherEvidence(tools: readonly ToolDefinition[], seen: Observables): Observation[] {
  const index = matcherIndex(tools);
  const observations: Observation[] = [...matchExtensions(tools, seen.extensions)];
  if (seen.hostEditor) observations.push(...matchHostEditor(tools, seen.hostEditor.appName, seen.hostEditor.uriScheme));
  for (const installed of seen.installedCommands) {
    for (const tool of index.commandTools(programName(installed.command))) {
      observations.push({ toolId: tool.id, evidence: { kind: 'installed', command: installed.command, path: installed.path } });
    }
  }
  for (const typed of seen.typedCommands) {
    for (const match of matchInvocations(tools, typed.invocations)) {
      observations.push({ toolId: match.toolId, evidence: { kind: 'command', terminalName: typed.terminalName, commandLine: typed.commandLine, program: match.matched, at: typed.at } });
    }
  }
  for (const { terminalName, processes } of seen.terminalProcesses) {
    for (const match of matchProcesses(tools, processes)) {
      const { pid, name, argv, uid, user } = match.process;
      const owner = { ...(uid !== undefined ? { uid } : {}), ...(user !== undefined ? { user } : {}) };
      observations.push({ toolId: match.toolId, evidence: { kind: 'process', pid, name, argv: argv.join(' '), ...(terminalName !== undefined ? { terminalName } : {}), ...(uid !== undefined || user !== undefined ? { owner } : {}) } });
    }
  }
  for (const terminalName of seen.terminalNames) {
    for (const tool of index.terminalTools(terminalName)) observations.push({ toolId: tool.id, evidence: { kind: 'terminal', terminalName } });
  }
  for (const server of seen.mcpServers) {
    for (const match of matchInvocations(tools, server.invocations)) {
      observations.push({ toolId: match.toolId, evidence: { kind: 'mcpServer', file: server.file, server: server.server, commandLine: server.commandLine } });
    }
  }
  observations.push(...matchJetBrainsPlugins(tools, seen.jetbrainsPlugins ?? []), ...matchAcpAgents(tools, seen.acpAgents ?? []));
  return observations;
}

/**
 * The command lines that were not read to their end, as problems to name: a scan that
 * could not read them cannot call the machine compliant.
 */
export function incompleteReadings(seen: Observables): { readonly where: string; readonly message: string }[] {
  return [
    ...seen.mcpServers
      .filter((server) => server.incomplete !== undefined)
      .map((server) => ({ where: server.file, message: `MCP server "${server.server}": its command line was not fully read: ${server.incomplete as string}` })),
    ...(seen.acpAgents ?? [])
      .filter((agent) => agent.incomplete !== undefined)
      .map((agent) => ({ where: agent.file, message: `ACP agent "${agent.agent}": its command line was not fully read: ${agent.incomplete as string}` })),
  ];
}

/** Everything the observables say could not be read: the sources' own list, then command lines cut short. */
export function unreadItems(seen: Observables): UnreadItem[] {
  return [...(seen.unread ?? []), ...incompleteReadings(seen)];
}

/** Nothing observed: the starting point for callers that fill in only some kinds. */
export const NOTHING_OBSERVED: Observables = { extensions: [], installedCommands: [], typedCommands: [], terminalProcesses: [], terminalNames: [], mcpServers: [] };

/**
 * True when a typed command line runs a tool some rule names: the terminal watcher keeps
 * only such lines, so nothing else a person types is recorded.
 */
export function runsRuledTool(rules: readonly { readonly tools: readonly string[] }[], tools: readonly ToolDefinition[], invocations: readonly Invocation[]): boolean {
  const ruled = ruledToolIds(rules);
  return matchInvocations(tools, invocations).some((match) => ruled.has(match.toolId));
}

/** The ids some rule names, once per list of rules (the watcher asks for every line typed). */
const ruledByRules = new WeakMap<readonly { readonly tools: readonly string[] }[], ReadonlySet<string>>();

function ruledToolIds(rules: readonly { readonly tools: readonly string[] }[]): ReadonlySet<string> {
  let ruled = ruledByRules.get(rules);
  if (!ruled) {
    const ids = new Set<string>();
    // `tool: "*"` rules of one file share one list of ids: each list is read once.
    const lists = new Set(rules.map((rule) => rule.tools));
    for (const list of lists) for (const id of list) ids.add(id);
    ruled = ids;
    ruledByRules.set(rules, ruled);
  }
  return ruled;
}
