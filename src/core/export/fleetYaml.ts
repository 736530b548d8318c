/**
 * The Fleet policies file exactly as js-yaml's `dump(policies, { lineWidth: -1 })` prints
 * it, byte for byte, without most of its cost: js-yaml sets up its writer for each call and
 * tests every text against several whole-text patterns, and a large export is thousands of
 * multi-line queries and one-line names. A text is written here only in the two forms whose
 * choice is proven to be js-yaml's: a multi-line text it writes as a literal block, and a
 * one-line text it single-quotes because it holds `: `. Every other value is printed by
 * js-yaml itself, in the same place of the same document shape, so no policy text can
 * break out of its field (test/unit/fleetYaml.test.ts compares both on hostile text).
 */
import { dump } from 'js-yaml';

export interface FleetPolicy {
  readonly name: string;
  readonly query: string;
  readonly description: string;
  readonly resolution: string;
  readonly platform: string;
  readonly critical: boolean;
}

const DUMP_OPTIONS = { lineWidth: -1 } as const;

/**
 * Characters js-yaml writes as they are, in a literal block or between single quotes:
 * printable, and none it escapes in double quotes instead (tab, carriage return, C1
 * controls, no-break space, line and paragraph separators, byte order mark, U+FFFE/U+FFFF,
 * lone surrogates).
 */
const AS_IS = '\\x20-\\x7E\\xA1-\\u2027\\u202A-\\uD7FF\\uE000-\\uFEFE\\uFF00-\\uFFFD\\u{10000}-\\u{10FFFF}';
const LITERAL_AS_IS = new RegExp(`^[\\n${AS_IS}]*$`, 'u');
const ONE_LINE_AS_IS = new RegExp(`^[${AS_IS}]*$`, 'u');
/** js-yaml double-quotes a value made only of white space, line breaks included. */
const ONLY_WHITE_SPACE = /^\s+$/;
/** A value's lines sit four spaces in: two for the list item, two for the mapping. */
const CONTENT_INDENT = '    ';

/**
 * The value as a literal block (`|`, with js-yaml's indentation indicator and chomping),
 * as js-yaml writes a multi-line text it need not escape; undefined for any other text.
 */
function literalBlock(value: string): string | undefined {
  if (!value.includes('\n') || ONLY_WHITE_SPACE.test(value) || !LITERAL_AS_IS.test(value)) return undefined;
  // A first content line that starts with a space needs the indentation said: two past the key.
  const indicator = /^\n* /.test(value) ? '2' : '';
  // Keep (`+`) the trailing blank lines, clip the one final line break, or strip (`-`) when there is none.
  const chomping = !value.endsWith('\n') ? '-' : value.endsWith('\n\n') ? '+' : '';
  const body = value.split('\n').map((line) => (line === '' ? line : CONTENT_INDENT + line)).join('\n');
  return `|${indicator}${chomping}\n${body.endsWith('\n') ? body.slice(0, -1) : body}`;
}

/**
 * The value between single quotes, as js-yaml writes a one-line text holding `: ` (which
 * a plain scalar cannot hold) and nothing it escapes; undefined for any other text.
 */
function singleQuoted(value: string): string | undefined {
  if (!value.includes(': ') || !ONE_LINE_AS_IS.test(value)) return undefined;
  return `'${value.replaceAll('\'', '\'\'')}'`;
}

const PROBE_KEY = '- value:';
const PROBE_END = '\n  end: true\n';

/** What js-yaml prints after a key's colon for this value, as the second key of a list item. */
function dumpedValue(value: string): string {
  // The boolean after it keeps the document from ending with a `...` marker.
  const text = dump([{ value, end: true }], DUMP_OPTIONS);
  if (!text.startsWith(PROBE_KEY) || !text.endsWith(PROBE_END)) throw new Error(`js-yaml printed a value in an unexpected shape: ${JSON.stringify(text.slice(0, 80))}`);
  return text.slice(PROBE_KEY.length, text.length - PROBE_END.length);
}

/** What follows a key's colon: written here when proven the same as js-yaml's, else js-yaml's own; once per distinct value. */
function valueText(value: string, written: Map<string, string>): string {
  let text = written.get(value);
  if (text === undefined) {
    const own = literalBlock(value) ?? singleQuoted(value);
    text = own !== undefined ? ` ${own}` : dumpedValue(value);
    written.set(value, text);
  }
  return text;
}

/** The YAML list of policies, as `dump(policies, { lineWidth: -1 })` prints it. */
export function fleetYaml(policies: readonly FleetPolicy[]): string {
  if (policies.length === 0) return dump([], DUMP_OPTIONS);
  // Policies share descriptions, resolutions and platforms: each distinct text is written once.
  const written = new Map<string, string>();
  const parts: string[] = [];
  for (const policy of policies) {
    parts.push(
      '- name:', valueText(policy.name, written),
      '\n  query:', valueText(policy.query, written),
      '\n  description:', valueText(policy.description, written),
      '\n  resolution:', valueText(policy.resolution, written),
      '\n  platform:', valueText(policy.platform, written),
      policy.critical ? '\n  critical: true\n' : '\n  critical: false\n',
    );
  }
  return parts.join('');
}
