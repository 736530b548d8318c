/**
 * Markdown with YAML front matter (`---` lines around a YAML mapping at the top), as
 * Claude Code, Qoder, VS Code and Cursor write rules, commands, agents and skills. The
 * YAML is read and written with js-yaml; the body is kept exactly as written.
 */
import { dump, load } from 'js-yaml';

export type FrontMatter = Record<string, unknown>;

export interface MarkdownDocument {
  /** Undefined when the file has no front matter. */
  readonly frontMatter?: FrontMatter;
  /** Everything after the front matter, exactly as written. */
  readonly body: string;
  /** The front matter as written: opening line, YAML, closing line. */
  readonly raw?: { readonly opening: string; readonly yaml: string; readonly closing: string };
  /** The file's line end, kept when the front matter is written again. */
  readonly eol: '\n' | '\r\n';
}

export type ParsedMarkdown = MarkdownDocument | { readonly error: string };

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*(\r?\n|$)/m;

/** Text of UTF-8 bytes, or undefined when they are not UTF-8 (a leading BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export const encodeUtf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function parseMarkdown(text: string): ParsedMarkdown {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const opening = OPENING.exec(text);
  if (!opening) return { body: text, eol };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) return { error: 'the front matter has no closing --- line' };
  const yaml = rest.slice(0, closing.index);
  const body = rest.slice(closing.index + closing[0].length);
  const raw = { opening: opening[0], yaml, closing: closing[0] };
  if (yaml.trim() === '') return { frontMatter: {}, body, eol, raw };
  let value: unknown;
  try {
    // Bounded: a front matter is a handful of keys, never an alias bomb.
    value = load(yaml, { maxAliases: 50, maxDepth: 20 });
  } catch (error) {
    // Claude Code and qodercli read front matter line by line, so what they take
    // (`argument-hint: [pr] [priority]`, from Claude Code's own docs) is not always YAML.
    const lenient = readLines(yaml);
    if (lenient) return { frontMatter: lenient, body, eol, raw };
    // The exception's own message quotes the text around the error; only its reason and
    // place are shown, so nothing of the file is echoed.
    const reason = (error as { reason?: unknown }).reason;
    const line = (error as { mark?: { line?: unknown } }).mark?.line;
    return { error: `the front matter is not YAML${typeof line === 'number' ? ` (line ${line + 2})` : ''}${typeof reason === 'string' ? `: ${reason}` : ''}` };
  }
  if (value === null || value === undefined) return { frontMatter: {}, body, eol, raw };
  if (typeof value !== 'object' || Array.isArray(value)) return { error: 'the front matter is not a YAML mapping' };
  return { frontMatter: value as FrontMatter, body, eol, raw };
}

/**
 * The file without some top-level keys of its front matter, every other byte as written:
 * a key's line goes, with the indented or list lines that continue it.
 */
export function removeKeys(document: MarkdownDocument, keys: readonly string[]): string {
  if (!document.raw) return document.body;
  const kept: string[] = [];
  let dropping = false;
  for (const line of document.raw.yaml.split(/(?<=\n)/)) {
    // Up to the first colon, then trimmed: a lazy key with `\s*` before the colon backtracks on a long run of spaces.
    const key = /^([^\s#:][^:]*):(\s|$)/.exec(line)?.[1]?.trimEnd();
    if (key !== undefined) dropping = keys.includes(key.replace(/^["']|["']$/g, ''));
    else if (!/^(\s|-\s|-$)/.test(line) && line.trim() !== '') dropping = false;
    if (!dropping) kept.push(line);
  }
  return document.raw.opening + kept.join('') + document.raw.closing + document.body;
}

/**
 * A front matter value as text. Claude Code reads `argument-hint: [file]` as the text
 * "[file]" where YAML sees a list; such a value is taken as written on its line.
 */
export function scalarText(document: MarkdownDocument, key: string): string | undefined {
  const value = document.frontMatter?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`^${escaped}\\s*:[ \\t]*(.*)$`, 'm').exec(document.raw?.yaml ?? '');
  return line?.[1]?.trim() || undefined;
}

/**
 * Front matter as the tools themselves read it when it is not YAML: `key: value` lines
 * (a quoted value unquoted), and `- item` lines under a key with no value. Undefined when
 * a line is neither, so nothing is guessed.
 */
function readLines(yaml: string): FrontMatter | undefined {
  const result: FrontMatter = {};
  let listKey: string | undefined;
  for (const line of yaml.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    // Only the markers are matched and the rest taken as it is (`\s+(.*)$` rescans a long
    // run of spaces before a character `.` does not match); such a character still ends the match.
    const item = restAfter(line, /^\s+-\s+/.exec(line) ?? /^-\s+/.exec(line));
    if (item !== undefined && listKey !== undefined) {
      (result[listKey] as string[]).push(unquote(item));
      continue;
    }
    const keyPart = /^([A-Za-z0-9_-]+)\s*:\s*/.exec(line);
    const value = restAfter(line, keyPart);
    if (!keyPart || value === undefined) return undefined;
    const key = keyPart[1] as string;
    if (value.trim() === '') {
      result[key] = [];
      listKey = key;
    } else {
      result[key] = unquote(value.trim());
      listKey = undefined;
    }
  }
  return result;
}

const unquote = (value: string): string => (/^(["']).*\1$/.test(value) ? value.slice(1, -1) : value);

/** Markdown with this front matter (none when empty) and body. */
export function writeMarkdown(frontMatter: FrontMatter | undefined, body: string, eol: '\n' | '\r\n'): string {
  const entries = Object.entries(frontMatter ?? {}).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return body;
  const yaml = dump(Object.fromEntries(entries), { lineWidth: -1 }).replace(/\n/g, eol);
  return `---${eol}${yaml}---${eol}${body}`;
}

/** The front matter without the named keys, and which of them were there. */
export function withoutKeys(frontMatter: FrontMatter, keys: readonly string[]): { readonly rest: FrontMatter; readonly removed: string[] } {
  const rest: FrontMatter = {};
  const removed: string[] = [];
  for (const [key, value] of Object.entries(frontMatter)) {
    if (keys.includes(key)) removed.push(key);
    else rest[key] = value;
  }
  return { rest, removed };
}

/**
 * A front matter value as a list of strings: a YAML list, or one string (split at commas
 * when `commaSeparated`: a tool list is, a glob such as `*.{ts,tsx}` is not).
 */
export function stringList(value: unknown, commaSeparated: boolean): string[] | undefined {
  if (typeof value === 'string') {
    return (commaSeparated ? value.split(',') : [value]).map((part) => part.trim()).filter((part) => part.length > 0);
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => item.trim()).filter((item) => item.length > 0);
  return undefined;
}

/** The text after a marker matched at the start of `line`, when the rest is one line as `.` reads it; else undefined. */
function restAfter(line: string, found: RegExpExecArray | null): string | undefined {
  if (!found) return undefined;
  const rest = line.slice(found[0].length);
  return /[\n\r\u2028\u2029]/.test(rest) ? undefined : rest;
}
