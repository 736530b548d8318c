/**
 * MCP server definitions in editors' and agents' config files, and which of them run a
 * ruled tool. The config text is JSON with comments and trailing commas (VS Code's
 * `mcp.json`, `~/.claude.json`, `~/.cursor/mcp.json`, Windsurf's `mcp_config.json`).
 * Parsing walks jsonc-parser's syntax tree instead of building objects, so keys such as
 * `__proto__` or `constructor` are plain names here and never touch a prototype.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** A server started as a local process (stdio); servers reached by URL run nothing here. */
export interface McpServerDefinition {
  /** The server's key in the file (`"claude": { … }`). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Where in the file: `servers.claude`, `projects./home/me/app.mcpServers.claude`. */
  readonly path: string;
}

export interface McpConfigError {
  readonly message: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** Field path of the offending value, when the text parsed but its shape is wrong. */
  readonly path?: string;
}

export type McpConfigResult =
  /** `problems`: entries of the wrong shape, each skipped alone; the others are read. */
  | { readonly ok: true; readonly servers: readonly McpServerDefinition[]; readonly problems: readonly McpConfigError[] }
  | { readonly ok: false; readonly error: McpConfigError };

/** Larger files are refused, not read in part (`~/.claude.json` holds history and grows). */
const MAX_MCP_CONFIG_CHARS = 16 * 1024 * 1024;
/** Deeper nesting is refused before the recursive parser could overflow the stack. */
const MAX_NESTING = 256;

/**
 * The servers a config file defines, from every place the known formats keep them:
 * `servers` (VS Code's mcp.json), `mcpServers` (Claude Code, Cursor, Windsurf, Claude
 * Desktop, Qoder), `projects.<folder>.mcpServers` (`~/.claude.json`) and `mcp.servers`
 * (VS Code settings.json before mcp.json existed). An empty file defines none. A file
 * that is not JSON is refused whole; an entry of the wrong shape (another project's
 * `"mcpServers": []`, a server whose `command` is a number) is a problem that hides only
 * itself.
 */
export function parseMcpConfig(text: string): McpConfigResult {
  const tree = readJsonConfigTree(text);
  if (!tree.ok) return tree;
  const { root, at } = tree;
  if (!root) return { ok: true, servers: [], problems: [] };

  const servers: McpServerDefinition[] = [];
  const problems: McpConfigError[] = [];
  const problem = (node: Node, path: string, message: string) => problems.push({ message, path, ...at(node.offset) });
  const collect = (container: Node | undefined, path: string) => {
    if (!container) return;
    if (container.type !== 'object') {
      problem(container, path, 'expected an object of servers');
      return;
    }
    for (const [name, server] of properties(container)) {
      const serverPath = `${path}.${name}`;
      if (server.type !== 'object') {
        problem(server, serverPath, 'expected an object');
        continue;
      }
      const read = commandOf(server, serverPath, at);
      if ('error' in read) {
        problems.push(read.error);
        continue;
      }
      if (read.command === undefined) continue; // reached by URL (`type: "http"`, `url`): nothing runs locally
      servers.push({ name, command: read.command, args: read.args, path: serverPath });
    }
  };

  const top = new Map(properties(root).map(([key, value]) => [key, value]));
  collect(top.get('servers'), 'servers');
  collect(top.get('mcpServers'), 'mcpServers');
  const mcp = top.get('mcp');
  if (mcp?.type === 'object') collect(properties(mcp).find(([key]) => key === 'servers')?.[1], 'mcp.servers');
  const projects = top.get('projects');
  if (projects?.type === 'object') {
    for (const [folder, project] of properties(projects)) {
      if (project.type !== 'object') continue; // other tools' project data is not ours to judge
      collect(properties(project).find(([key]) => key === 'mcpServers')?.[1], `projects.${folder}.mcpServers`);
    }
  }
  return { ok: true, servers, problems };
}

/** The server's command line as a person would type it, for evidence. */
export function mcpCommandLine(server: McpServerDefinition): string {
  return [server.command, ...server.args].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export type JsonConfigTree =
  | { readonly ok: true; readonly root?: Node; readonly at: (offset: number) => { line: number; column: number } }
  | { readonly ok: false; readonly error: McpConfigError };

/**
 * A JSON-with-comments config file (MCP servers, JetBrains' acp.json) as a syntax tree
 * whose top level is an object, or the first problem with its place: a file over the size
 * limit or nested deeper than the parser may recurse is refused before it is parsed. An
 * empty file has no root.
 */
export function readJsonConfigTree(text: string): JsonConfigTree {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const at = (offset: number) => lineAndColumn(source, offset);
  if (text.length > MAX_MCP_CONFIG_CHARS) {
    return { ok: false, error: { message: `the file is larger than ${MAX_MCP_CONFIG_CHARS / 1024 / 1024} MiB`, line: 1, column: 1 } };
  }
  if (source.trim() === '') return { ok: true, at };
  const tooDeep = firstOffsetDeeperThan(source, MAX_NESTING);
  if (tooDeep !== undefined) return { ok: false, error: { message: `nested more than ${MAX_NESTING} levels deep`, ...at(tooDeep) } };

  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const first = errors[0];
  if (first) return { ok: false, error: { message: describeParseError(first), ...at(first.offset) } };
  if (!root) return { ok: true, at };
  if (root.type !== 'object') return { ok: false, error: { message: 'expected an object at the top level', ...at(root.offset), path: '' } };
  return { ok: true, root, at };
}

/**
 * The `command` and `args` of a server or agent object (`args` absent or null: none), or
 * the first of them that has the wrong type, with its place.
 */
export function commandOf(node: Node, path: string, at: (offset: number) => { line: number; column: number }): { command?: string; args: string[] } | { error: McpConfigError } {
  const problem = (wrong: Node, where: string, message: string) => ({ error: { message, path: where, ...at(wrong.offset) } });
  const fields = new Map(properties(node).map(([key, value]) => [key, value]));
  const command = fields.get('command');
  if (command && command.type !== 'string') return problem(command, `${path}.command`, 'expected a string');
  const args: string[] = [];
  const argsNode = fields.get('args');
  if (argsNode && argsNode.type !== 'null') {
    if (argsNode.type !== 'array') return problem(argsNode, `${path}.args`, 'expected an array of strings');
    for (const [index, arg] of (argsNode.children ?? []).entries()) {
      if (arg.type !== 'string') return problem(arg, `${path}.args[${index}]`, 'expected a string');
      args.push(arg.value as string);
    }
  }
  return command ? { command: command.value as string, args } : { args };
}

/** An object node's properties in order (a repeated key keeps its last value, as JSON.parse does). */
export function properties(node: Node): Array<[string, Node, Node]> {
  const byKey = new Map<string, [string, Node, Node]>();
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    const name = String(key.value);
    byKey.delete(name);
    byKey.set(name, [name, value, key]);
  }
  return [...byKey.values()];
}

export function describeParseError(error: ParseError): string {
  const messages: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: "expected ':'",
    CommaExpected: "expected ','",
    CloseBraceExpected: "expected '}'",
    CloseBracketExpected: "expected ']'",
    EndOfFileExpected: 'unexpected text after the end of the JSON value',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  const code = printParseErrorCode(error.error);
  return messages[code] ?? code;
}

/** Offset of the first bracket that opens deeper than `limit`, outside strings and comments. */
export function firstOffsetDeeperThan(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === '{' || ch === '[') {
      if (++depth > limit) return i;
    } else if (ch === '}' || ch === ']') {
      depth--;
    }
  }
  return undefined;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
