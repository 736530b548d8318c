import { parseMcpConfig } from '../core/detect/mcpServers';
import type { ParsedMcpConfig } from '../core/detect/mcpConfigFormats';

/** JSON (with comments) MCP configs: `servers`, `mcpServers`, `projects.*.mcpServers`, `mcp.servers`. */
export function parseJsonMcpConfig(text: string): ParsedMcpConfig {
  const result = parseMcpConfig(text);
  if (result.ok) return { servers: result.servers.map(({ name, command, args }) => ({ name, command, args })) };
  const { error } = result;
  return { error: `${error.line}:${error.column}: ${error.path ? `${error.path}: ` : ''}${error.message}` };
}
