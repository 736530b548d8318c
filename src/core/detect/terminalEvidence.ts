/**
 * Evidence from the terminals and the editor's MCP files, built by the lazily loaded
 * detectors (so the activation bundle carries none of it).
 */
import type { ToolDefinition } from '../tools';
import type { CommandLineReader, Invocation, ShellDialect } from './commandLine';
import { matchInvocations } from './commandMatch';
import type { Observation } from './evidence';
import { matchMcpServers, mcpCommandLine, type McpServerDefinition } from './mcpServers';
import { matchProcesses } from './processes';
import type { ProcessInfo } from './processTree';

export interface TypedLine {
  readonly terminalName: string;
  readonly commandLine: string;
  readonly at: Date;
  readonly invocations: readonly Invocation[];
}

export function terminalObservations(
  tools: readonly ToolDefinition[],
  typed: readonly TypedLine[],
  processes: readonly { readonly terminalName: string; readonly processes: readonly ProcessInfo[] }[],
): Observation[] {
  const observations: Observation[] = [];
  for (const line of typed) {
    for (const match of matchInvocations(tools, line.invocations)) {
      observations.push({ toolId: match.toolId, evidence: { kind: 'command', terminalName: line.terminalName, commandLine: line.commandLine, program: match.matched, at: line.at.toISOString() } });
    }
  }
  for (const { terminalName, processes: list } of processes) {
    for (const match of matchProcesses(tools, list)) {
      observations.push({ toolId: match.toolId, evidence: { kind: 'process', pid: match.process.pid, name: match.process.name, argv: match.process.argv.join(' '), terminalName } });
    }
  }
  return observations;
}

export function mcpObservations(tools: readonly ToolDefinition[], serversByFile: ReadonlyMap<string, readonly McpServerDefinition[]>, reader: CommandLineReader): Observation[] {
  const observations: Observation[] = [];
  for (const [file, servers] of serversByFile) {
    for (const match of matchMcpServers(tools, servers, reader)) {
      observations.push({ toolId: match.toolId, evidence: { kind: 'mcpServer', file, server: match.server.name, commandLine: mcpCommandLine(match.server) } });
    }
  }
  return observations;
}

/**
 * The syntax a terminal's shell reads, from the shell the editor reports for it
 * (`Terminal.state.shell`) or the path it was started with; undefined when unknown.
 */
export function shellDialectOf(reportedShell: unknown, shellPath: unknown): ShellDialect | undefined {
  const name = typeof reportedShell === 'string' ? reportedShell : typeof shellPath === 'string' ? shellPath.split(/[\\/]/).pop() ?? '' : '';
  const shell = name.toLowerCase().replace(/\.exe$/, '');
  if (shell === 'pwsh' || shell === 'powershell') return 'powershell';
  if (shell === 'cmd') return 'cmd';
  if (/^(bash|zsh|fish|sh|dash|ksh|mksh|csh|tcsh|gitbash|wsl)$/.test(shell)) return 'posix';
  return undefined;
}
