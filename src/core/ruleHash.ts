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
import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256 of the canonical form of `value` (plain JSON data). */
export function ruleHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** JSON with every object's keys sorted; undefined members are left out, as JSON does. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // A text in several languages is a Map (policy/localizedText.ts): its entries in their
  // written order, which decides the text a reader of none of its languages sees.
  if (value instanceof Map) return `{${[...value].map(([key, item]) => `${JSON.stringify(String(key))}:${canonicalJson(item)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record).sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}
