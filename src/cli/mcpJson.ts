import type { ParsedMcpConfig } from '../core/detect/mcpConfigFormats';

/** JSON MCP configs: `servers`, `mcpServers`, `projects.*.mcpServers`. */
export function parseJsonMcpConfig(text: string): ParsedMcpConfig {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, '') || '{}');
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  const servers: Array<{ name: string; command: string; args: string[] }> = [];
  const collect = (container: unknown) => {
    if (typeof container !== 'object' || container === null) return;
    for (const [name, value] of Object.entries(container)) {
      const { command, args } = (value ?? {}) as { command?: unknown; args?: unknown };
      if (typeof command === 'string') servers.push({ name, command, args: Array.isArray(args) ? args.filter((a): a is string => typeof a === 'string') : [] });
    }
  };
  const top = document as { servers?: unknown; mcpServers?: unknown; projects?: unknown };
  collect(top?.servers);
  collect(top?.mcpServers);
  if (typeof top?.projects === 'object' && top.projects !== null) for (const project of Object.values(top.projects)) collect((project as { mcpServers?: unknown })?.mcpServers);
  return { servers };
}
