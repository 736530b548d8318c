/**
 * The hash of a rule as written (README "Acknowledgements"): SHA-256 of the rule's own
 * object, as the policy file's YAML or JSON reads, in a canonical JSON form: object keys
 * sorted by code unit (a text's languages in their written order), no white space,
 * strings and numbers as JSON.stringify writes them.
 * So comments, indentation, key order and YAML-versus-JSON do not change it; any change
 * of a value the rule holds (its id, tools, deadline, reason, a translation, an exception)
 * does. What lies outside the rule (the file's `timezone`, its `tools:` definitions, the
 * catalog) is not part of it.
 */
import * as crypto from 'node:crypto';

/**
 * One-shot SHA-256 (Node 20.12 and later) where there is one: a large policy hashes tens
 * of thousands of small rules, and a Hash object per rule costs three times as much.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex: (text: string) => string = typeof oneShot === 'function'
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Lowercase hex SHA-256 of the canonical form of `value` (plain JSON data). */
export function ruleHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * JSON with every object's keys sorted; undefined members are left out, as JSON does.
 * Written as plain loops: it runs once per rule of every policy file read.
 */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // A text in several languages is a Map (policy/localizedText.ts): its entries in their
  // written order, which decides the text a reader of none of its languages sees.
  if (value instanceof Map) {
    let out = '';
    for (const [key, item] of value) out += `${out === '' ? '' : ','}${JSON.stringify(String(key))}:${canonicalJson(item)}`;
    return `{${out}}`;
  }
  if (Array.isArray(value)) {
    let out = '';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += `${i === 0 ? '' : ','}${item === undefined ? 'null' : canonicalJson(item)}`;
    }
    return `[${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = inCodeUnitOrder(Object.keys(record));
  let out = '';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `{${out}}`;
}

/** Past this many keys, the built-in sort. */
const INSERTION_SORT_UP_TO = 16;

/**
 * `keys` sorted in place by UTF-16 code units, the order of the built-in `sort()` for
 * strings. A rule has a handful of keys, and the built-in sort sets up several hundred
 * bytes of working state on each call: hashing tens of thousands of rules spent more on
 * that than on the hashing.
 */
function inCodeUnitOrder(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_UP_TO) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
