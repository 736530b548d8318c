/**
 * Claude Code's MCP servers (`.mcp.json`, and `~/.claude.json`'s `mcpServers` at the top
 * and under `projects["<abs path>"]`) and their shapes in the targets' files. Values of
 * `env` and `headers` are secrets: they are carried as they are and only their names
 * ever reach a plan's text.
 */
import { isObject, own, plainObject, type JsonObject } from './jsonValue';
import type { SecretNames } from './types';

export interface McpServer {
  readonly name: string;
  /** As written. */
  readonly config: JsonObject;
}

export type McpServers = { readonly servers: readonly McpServer[] } | { readonly error: string };

/** The servers of a `{ "mcpServers": { … } }` container; absent = none. */
export function serversIn(container: unknown, where: string): McpServers {
  if (container === undefined || container === null) return { servers: [] };
  if (!isObject(container)) return { error: `${where} is not an object of servers` };
  const servers: McpServer[] = [];
  for (const [name, config] of Object.entries(container)) {
    if (!isObject(config)) return { error: `${where}.${name} is not an object` };
    servers.push({ name, config });
  }
  return { servers };
}

/** `projects["<abs path>"]` of `~/.claude.json`: the key as Claude Code writes it (forward slashes on Windows too). */
export function projectEntry(projects: unknown, projectPath: string, caseInsensitive: boolean): unknown {
  if (!isObject(projects)) return undefined;
  const normalise = (p: string) => {
    const forward = p.replace(/\\/g, '/');
    // Trailing slashes counted from the end (/\/+$/ rescans a long run of them from each one).
    let end = forward.length;
    while (end > 0 && forward[end - 1] === '/') end--;
    const slashes = forward.slice(0, end);
    return caseInsensitive ? slashes.toLowerCase() : slashes;
  };
  const wanted = normalise(projectPath);
  const key = Object.keys(projects).find((candidate) => normalise(candidate) === wanted);
  return key === undefined ? undefined : own(projects, key);
}

export function secretNames(config: JsonObject): SecretNames {
  const names = (value: unknown) => (isObject(value) ? Object.keys(value) : []);
  return { env: names(own(config, 'env')), headers: names(own(config, 'headers')) };
}

export type Transport = 'stdio' | 'http' | 'sse';

function transportOf(config: JsonObject): Transport | undefined {
  const type = own(config, 'type');
  if (type === 'stdio' || type === 'http' || type === 'sse') return type;
  if (type !== undefined) return undefined;
  if (typeof own(config, 'command') === 'string') return 'stdio';
  if (typeof own(config, 'url') === 'string') return 'http';
  return undefined;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}/g;

/** True when a value of the server uses Claude Code's `${VAR}` expansion. */
export function usesVariables(config: JsonObject): boolean {
  return JSON.stringify(config).match(VARIABLE) !== null;
}

/**
 * Claude Code's `${VAR}` and `${VAR:-default}` in every string value, in the `${env:VAR}`
 * form VS Code (and Cursor) expand. A default has no counterpart there: it is dropped,
 * and named (by field, never by value) as lost.
 */
function toEnvVariables(config: JsonObject): { readonly config: JsonObject; readonly losses: string[] } {
  const losses: string[] = [];
  const convert = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') {
      return value.replace(VARIABLE, (_match, name: string, fallback: string | undefined) => {
        if (fallback !== undefined) losses.push(`${field}: the default after ":-" in \${${name}:-…} is dropped (no defaults in \${env:${name}})`);
        return `\${env:${name}}`;
      });
    }
    if (Array.isArray(value)) return value.map((item, index) => convert(item, `${field}[${index}]`));
    if (isObject(value)) return plainObject(Object.entries(value).map(([key, item]) => [key, convert(item, `${field}.${key}`)] as const));
    return value;
  };
  const converted = plainObject(Object.entries(config).map(([key, value]) => [key, convert(value, key)] as const));
  return { config: converted, losses };
}

/** The fields VS Code's `mcp.json` knows for a server (its MCP configuration reference). */
const VSCODE_FIELDS = ['type', 'command', 'args', 'env', 'url', 'headers'];

/**
 * A server in VS Code's `mcp.json` (key `servers`): `type` is required there, `${VAR}`
 * becomes `${env:VAR}`, and fields VS Code does not know are named as lost.
 */
export function toVsCodeServer(config: JsonObject): { readonly server?: JsonObject; readonly losses: string[]; readonly problem?: string } {
  const transport = transportOf(config);
  if (!transport) return { losses: [], problem: 'its type is neither stdio, http nor sse, and it names no command or url' };
  const { config: expanded, losses } = toEnvVariables(config);
  const entries: Array<readonly [string, unknown]> = [['type', transport]];
  for (const [key, value] of Object.entries(expanded)) {
    if (key === 'type') continue;
    if (VSCODE_FIELDS.includes(key)) entries.push([key, value]);
    else losses.push(`field "${key}": VS Code's mcp.json has no such field`);
  }
  return { server: plainObject(entries), losses };
}

/** A server in Cursor's `mcp.json` (key `mcpServers`, Claude Code's shape), `${VAR}` as `${env:VAR}`. */
export function toCursorServer(config: JsonObject): { readonly server: JsonObject; readonly losses: string[] } {
  const { config: expanded, losses } = toEnvVariables(config);
  return { server: expanded, losses };
}
