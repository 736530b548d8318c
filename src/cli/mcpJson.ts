import { parseMcpConfig } from '../core/detect/mcpServers';
import type { ParsedMcpConfig } from '../core/detect/mcpConfigFormats';

/** JSON (with comments) MCP configs: `servers`, `mcpServers`, `projects.*.mcpServers`, `mcp.servers`. */
export function parseJsonMcpConfig(text: string): ParsedMcpConfig {
  const result = parseMcpConfig(text);
  const words = (error: { line: number; column: number; path?: string; message: string }) => `${error.line}:${error.column}: ${error.path ? `${error.path}: ` : ''}${error.message}`;
  if (result.ok) return { servers: result.servers.map(({ name, command, args }) => ({ name, command, args })), problems: result.problems.map(words) };
  return { error: words(result.error) };
}
