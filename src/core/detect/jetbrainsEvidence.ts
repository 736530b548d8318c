/**
 * JetBrains IDEs' plugins and ACP agents, matched to tools. A plugin matches by the id its
 * META-INF/plugin.xml declares (never its folder's name, which a person can change); an
 * ACP agent by its name in acp.json, or by what its command line runs (the same matching
 * as an MCP server's), since the name is the person's own choice.
 */
import type { ToolDefinition } from '../tools';
import { matchInvocations } from './commandMatch';
import type { Invocation } from './invocation';
import type { JetBrainsPlugin, Observation } from './evidence';

/** A plugin as the machine scan read it is also its evidence. */
export type JetBrainsPluginSeen = JetBrainsPlugin;

/** An agent defined in JetBrains' acp.json, with what its command runs. */
export interface AcpAgentSeen {
  readonly file: string;
  /** Its key under `agent_servers`: the name the IDE shows. */
  readonly agent: string;
  readonly commandLine: string;
  readonly invocations: readonly Invocation[];
  /** Why its command line was not read to its end, when it was not (the scan then names it). */
  readonly incomplete?: string;
}

/** Lower-cased matcher → the tools that list it, built once per call: each lookup is then one step. */
function index(tools: readonly ToolDefinition[], kind: 'jetbrainsPlugins' | 'acpAgents'): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const tool of tools) {
    for (const matcher of tool[kind]) {
      const key = matcher.toLowerCase();
      const list = owners.get(key) ?? [];
      if (!list.includes(tool.id)) list.push(tool.id);
      owners.set(key, list);
    }
  }
  return owners;
}

/** Plugin ids compare case-insensitively, as every matcher does. */
export function matchJetBrainsPlugins(tools: readonly ToolDefinition[], plugins: readonly JetBrainsPluginSeen[]): Observation[] {
  if (plugins.length === 0) return [];
  const owners = index(tools, 'jetbrainsPlugins');
  const observations: Observation[] = [];
  for (const plugin of plugins) {
    for (const toolId of owners.get(plugin.pluginId.toLowerCase()) ?? []) observations.push({ toolId, evidence: { kind: 'jetbrainsPlugin', ...plugin } });
  }
  return observations;
}

/** An agent belongs to a tool that lists its name, and to each tool its command runs; once per tool. */
export function matchAcpAgents(tools: readonly ToolDefinition[], agents: readonly AcpAgentSeen[]): Observation[] {
  if (agents.length === 0) return [];
  const owners = index(tools, 'acpAgents');
  const observations: Observation[] = [];
  for (const agent of agents) {
    const toolIds = new Set([...(owners.get(agent.agent.toLowerCase()) ?? []), ...matchInvocations(tools, agent.invocations).map((match) => match.toolId)]);
    for (const toolId of toolIds) {
      observations.push({ toolId, evidence: { kind: 'acpAgent', file: agent.file, agent: agent.agent, commandLine: agent.commandLine } });
    }
  }
  return observations;
}
