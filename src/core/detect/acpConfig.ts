/**
 * JetBrains' ACP agent file, `~/.jetbrains/acp.json`: `agent_servers.<name>` with
 * `command`, `args` and `env`, the name being what the IDE shows. Read with the MCP
 * config reader's JSON tree (comments and trailing commas allowed, size and depth
 * bounded), so a key such as `__proto__` is a plain name. `env` is never read: its values
 * are often secrets.
 */
import type { Node } from 'jsonc-parser';
import { commandOf, properties, readJsonConfigTree, type McpConfigError } from './mcpServers';

export interface AcpAgentDefinition {
  /** Its key under `agent_servers`. */
  readonly name: string;
  /** Absent for an agent that names no command (it is still listed by its name). */
  readonly command?: string;
  readonly args: readonly string[];
}

export type AcpConfigResult =
  | { readonly ok: true; readonly agents: readonly AcpAgentDefinition[] }
  | { readonly ok: false; readonly error: McpConfigError };

export function parseAcpConfig(text: string): AcpConfigResult {
  const tree = readJsonConfigTree(text);
  if (!tree.ok) return tree;
  const { root, at } = tree;
  if (!root) return { ok: true, agents: [] };
  const problem = (node: Node, path: string, message: string): AcpConfigResult => ({ ok: false, error: { message, path, ...at(node.offset) } });

  const servers = properties(root).find(([key]) => key === 'agent_servers')?.[1];
  if (!servers || servers.type === 'null') return { ok: true, agents: [] };
  if (servers.type !== 'object') return problem(servers, 'agent_servers', 'expected an object of agents');
  const agents: AcpAgentDefinition[] = [];
  for (const [name, agent] of properties(servers)) {
    const path = `agent_servers.${name}`;
    if (agent.type !== 'object') return problem(agent, path, 'expected an object');
    const read = commandOf(agent, path, at);
    if ('error' in read) return { ok: false, error: read.error };
    agents.push({ name, ...read });
  }
  return { ok: true, agents };
}
