/**
 * MCP server definitions in the two config formats that are not JSON: Codex's
 * `config.toml` (`[mcp_servers.<name>]` with `command` and `args`) and Continue's
 * `config.yaml` (`mcpServers:` a list of `{name, command, args}`). Parsed by smol-toml
 * and js-yaml; the shape is checked field by field, and a wrong one is an error naming it.
 */
import { loadAll } from 'js-yaml';

// smol-toml ships CommonJS (dist/index.cjs), but its types describe only its ES module
// build, which TypeScript will not let a CommonJS file import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as { parse: (text: string) => unknown };

export interface ParsedMcpServer {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** `problems`: entries of the wrong shape, each skipped alone while the others are read. */
export type ParsedMcpConfig = { readonly servers: readonly ParsedMcpServer[]; readonly problems?: readonly string[] } | { readonly error: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function server(name: string, value: unknown, at: string): ParsedMcpServer | string | undefined {
  if (!isRecord(value)) return `${at}: expected a table of server settings`;
  const { command, args } = value;
  if (command === undefined) return undefined; // reached by URL: nothing runs here
  if (typeof command !== 'string') return `${at}.command: expected a string`;
  if (args !== undefined && args !== null && !(Array.isArray(args) && args.every((arg) => typeof arg === 'string'))) return `${at}.args: expected a list of strings`;
  return { name, command, args: (args as string[] | undefined | null) ?? [] };
}

function collect(entries: Array<[string, unknown, string]>): ParsedMcpConfig {
  const servers: ParsedMcpServer[] = [];
  const problems: string[] = [];
  for (const [name, value, at] of entries) {
    const parsed = server(name, value, at);
    if (typeof parsed === 'string') problems.push(parsed);
    else if (parsed) servers.push(parsed);
  }
  return { servers, problems };
}

/** Codex: `[mcp_servers.<name>]` tables. */
export function parseCodexToml(text: string): ParsedMcpConfig {
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return { error: `not valid TOML: ${(error as Error).message.split('\n')[0]}` };
  }
  const servers = document.mcp_servers;
  if (servers === undefined) return { servers: [] };
  if (!isRecord(servers)) return { error: 'mcp_servers: expected a table' };
  return collect(Object.entries(servers).map(([name, value]) => [name, value, `mcp_servers.${name}`]));
}

/** Continue: `mcpServers:` a list of servers with a `name` each. */
export function parseContinueYaml(text: string): ParsedMcpConfig {
  let document: unknown;
  try {
    // js-yaml reads in linear time and shares an alias's value instead of copying it, so
    // a hostile file can neither stall the reader nor blow up into billions of values.
    const documents = loadAll(text);
    if (documents.length > 1) return { error: 'not valid here: the file holds more than one YAML document' };
    document = documents[0];
  } catch (error) {
    return { error: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (document === null || document === undefined) return { servers: [] };
  if (!isRecord(document)) return { error: 'expected a mapping at the top level' };
  const list = document.mcpServers;
  if (list === undefined || list === null) return { servers: [] };
  if (!Array.isArray(list)) return { error: 'mcpServers: expected a list' };
  return collect(list.map((value, index) => [isRecord(value) && typeof value.name === 'string' ? value.name : `#${index + 1}`, value, `mcpServers[${index}]`]));
}
