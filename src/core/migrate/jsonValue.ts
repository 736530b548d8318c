/**
 * JSON with comments and trailing commas (Claude Code's settings and MCP files, VS Code's,
 * Cursor's and Qoder's config files) read into plain values. Objects are built from
 * jsonc-parser's syntax tree with every key as an own property, so a key such as
 * `__proto__` is a name like any other and never a prototype.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { describeParseError, firstOffsetDeeperThan, lineAndColumn } from '../detect/mcpServers';

export type JsonObject = { [key: string]: unknown };

/** Deeper nesting is refused before the recursive parser could overflow the stack. */
const MAX_NESTING = 128;

export type JsonRead = { readonly value: unknown } | { readonly error: string };

export function readJson(text: string): JsonRead {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const where = (offset: number) => {
    const { line, column } = lineAndColumn(source, offset);
    return `line ${line}, column ${column}`;
  };
  if (source.trim() === '') return { value: undefined };
  const tooDeep = firstOffsetDeeperThan(source, MAX_NESTING);
  if (tooDeep !== undefined) return { error: `nested more than ${MAX_NESTING} levels deep (${where(tooDeep)})` };
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const first = errors[0];
  if (first) return { error: `not JSON: ${describeParseError(first)} (${where(first.offset)})` };
  return { value: root ? toValue(root) : undefined };
}

function toValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const object: JsonObject = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        // A repeated key keeps its last value, as JSON.parse does.
        Object.defineProperty(object, String(key.value), { value: toValue(value), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    case 'array': return (node.children ?? []).map(toValue);
    default: return node.value;
  }
}

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own property, never one inherited from Object.prototype. */
export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** A JSON value built with own properties only (for values that are written). */
export function plainObject(entries: Iterable<readonly [string, unknown]>): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}
