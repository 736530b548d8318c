import { quote } from './formats';
import { visibleText } from './visibleText';

/** The parser's own words are kept to this length: they may repeat text from the file (a tag handle). */
const MAX_REASON = 200;
/** A key and value this short are shown again, quoted, in the advice. */
const MAX_SHOWN_KEY = 40;
const MAX_SHOWN_VALUE = 80;

/**
 * The YAML parser's message for a syntax error, said so a person can act on it. The one
 * people meet most: a value with ": " in it (`title: Claude Code: not permitted`), which YAML
 * reads as a second key on the line and reports as "bad indentation"; the fix is quotes.
 */
export function explainSyntaxError(text: string, offset: number, reason: string): string {
  const colon = unquotedColon(text, offset, reason);
  if (colon) {
    const example = colon.key.length <= MAX_SHOWN_KEY && colon.value.length <= MAX_SHOWN_VALUE
      ? ` (write ${colon.key}: ${JSON.stringify(colon.value)})`
      : '';
    return `the value of ${quote(colon.key)} contains ": ", which YAML reads as the start of another key: quote this value${example}`;
  }
  return visibleText(reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON)}…` : reason);
}

/**
 * When the error is a colon followed by a space (or the line's end) on a line that already
 * has a `key: ` before it: the key and the whole value as written. Found with index
 * searches on one line, never a regular expression over the file.
 */
function unquotedColon(text: string, offset: number, reason: string): { key: string; value: string } | undefined {
  if (!/^(bad indentation of a mapping entry|missed comma between flow collection entries)/.test(reason)) return undefined;
  if (text[offset] !== ':') return undefined;
  const after = text[offset + 1];
  if (after !== undefined && after !== ' ' && after !== '\t' && after !== '\n' && after !== '\r') return undefined;
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  let lineEnd = offset;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const line = text.slice(lineStart, lineEnd);
  const separator = lastKeySeparator(line, offset - lineStart);
  if (separator < 0) return undefined;
  // The key is the last word before the separator: `  - id`, `{id: r, title` → id, title.
  const head = line.slice(0, separator);
  const keyStart = Math.max(head.lastIndexOf(' '), head.lastIndexOf('{'), head.lastIndexOf(','), head.lastIndexOf('\t')) + 1;
  const key = head.slice(keyStart);
  let value = line.slice(separator + 1).trim();
  // In a flow mapping the value ends at the next "," or "}" after the colon.
  if (head.includes('{')) {
    const ends = [value.indexOf(','), value.indexOf('}')].filter((i) => i >= 0);
    if (ends.length > 0) value = value.slice(0, Math.min(...ends)).trim();
  }
  return key.length > 0 ? { key, value } : undefined;
}

/** The position in `line` of the last `: ` (or `:` + tab) before `limit`, or -1. */
function lastKeySeparator(line: string, limit: number): number {
  let found = -1;
  for (let i = line.indexOf(':'); i >= 0 && i < limit; i = line.indexOf(':', i + 1)) {
    if (line[i + 1] === ' ' || line[i + 1] === '\t') found = i;
  }
  return found;
}
