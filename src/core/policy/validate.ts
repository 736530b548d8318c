import { closest, distance } from 'fastest-levenshtein';
import { checkFormat, nameInMessage, quote } from './formats';
import { LANGUAGE_TAG } from './localizedText';
import type { Spec } from './schema';
import type { PolicyProblem, PolicyProblemPlace } from './types';
import { isAlias, isMapping as isMap, isScalar, isSequence as isSeq, LineIndex, readYaml, type YamlMapping, type YamlNode as Node } from './yamlTree';

import { MAX_POLICY_BYTES } from './limits';

export { MAX_POLICY_BYTES };
/**
 * Aliases may reuse values freely as long as expanding them adds no more than this many
 * values to the document; more is an alias bomb (a few lines that expand to billions).
 * The cost of reading a file is proportional to its expanded size, so this bounds it.
 */
const MAX_ALIAS_EXPANSION = 200_000;
/** Enough to fix a file by; a file with more problems than this is not a policy. */
const MAX_PROBLEMS = 100;
/** Explicit tags that only restate what plain YAML means, by the kind of node they fit; every other tag is refused. */
const PLAIN_TAGS: Readonly<Record<Exclude<Node['kind'], 'alias'>, ReadonlySet<string>>> = {
  scalar: new Set(['str', 'int', 'float', 'bool', 'null'].map((name) => `tag:yaml.org,2002:${name}`)),
  sequence: new Set(['tag:yaml.org,2002:seq']),
  mapping: new Set(['tag:yaml.org,2002:map']),
};
/** The format is at most five levels deep; anything far deeper is not a policy. */
const MAX_NESTING = 64;

export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue }
  /** Localised text: language tag → text, in the order written. */
  | ReadonlyMap<string, string>;

const propertyMaps = new WeakMap<Spec, ReadonlyMap<string, Spec>>();

/**
 * A mapping's known keys as a Map: looking a key from the file up in a plain object would
 * find `constructor`, `toString` or `__proto__` on its prototype.
 */
function propertiesOf(spec: Spec & { type: 'object' }): ReadonlyMap<string, Spec> {
  let map = propertyMaps.get(spec);
  if (!map) {
    map = new Map(Object.entries(spec.properties));
    propertyMaps.set(spec, map);
  }
  return map;
}

function tagName(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

export interface StructureResult {
  /** The document as plain data, present when it matched the schema. */
  readonly value?: PlainValue;
  readonly problems: PolicyProblem[];
  /** Locate a field path (`rules[0].tool`) for errors found after the structural pass. */
  readonly locate: (path: string) => PolicyProblemPlace;
}

const START: PolicyProblemPlace = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${quote(value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

function expectedOf(spec: Spec): string {
  switch (spec.type) {
    case 'string': return 'text';
    case 'integer': return 'a whole number';
    case 'const': return `${spec.value}`;
    case 'enum': return spec.values.map((v) => JSON.stringify(v)).join(' or ');
    case 'array': return 'a list';
    case 'object': return 'a mapping';
    case 'one-or-many': return 'text or a list';
    case 'localized-text': return 'text, or a mapping from language tags to text';
  }
}

export function suggestKey(key: string, known: readonly string[]): string | undefined {
  // Distances cost length × length; a key this long is no typo of a short one.
  if (known.length === 0 || key.length > 64) return undefined;
  const best = closest(key, known as string[]);
  const limit = Math.max(2, Math.floor(key.length / 3));
  return distance(key.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** Decodes policy bytes strictly: UTF-8 only, BOM allowed, no binary content. */
export function decodePolicyBytes(bytes: Uint8Array): { text?: string; problem?: string } {
  if (bytes.byteLength > MAX_POLICY_BYTES) {
    return { problem: `the file is ${bytes.byteLength} bytes; policy files are limited to 1 MiB` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { problem: 'the file is not UTF-8 text' };
  }
  if (text.includes('\u0000')) return { problem: 'the file contains binary data (NUL bytes), not text' };
  return { text };
}

/**
 * Parses YAML (or JSON) and checks it against the format description, collecting every
 * problem with its position. Never throws. The work is linear in the size of the file
 * (with aliases expanded, which is bounded): yaml's own duplicate-key check compares every
 * key with every other, so it is off and `checkShape` does it with a Set per mapping.
 */
export function parseAndCheckStructure(text: string, file: string, spec: Spec): StructureResult {
  const problems: PolicyProblem[] = [];
  let dropped = 0;
  let aliases = new Map<Node, Node | undefined>();
  let lines: LineIndex | undefined;
  let contents: Node | null = null;

  const placeOf = (range: readonly number[] | null | undefined): PolicyProblemPlace => {
    if (!range) return START;
    lines ??= new LineIndex(source);
    const start = lines.at(range[0] ?? 0);
    const end = lines.at(range[1] ?? range[0] ?? 0);
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };
  // Positions are looked up only for the few paths that have a problem, so the walk over
  // a large file does not keep one entry per value.
  const locate = (path: string): PolicyProblemPlace => placeOf(nodeAt(contents, path, aliases)?.range);
  const report = (place: PolicyProblemPlace, path: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, path, message, ...place });
    else dropped++;
  };
  const finish = (): PolicyProblem[] => {
    if (dropped > 0) problems.push({ file, path: '', message: `${dropped} more problems not listed`, ...START });
    return problems;
  };

  if (utf8LongerThan(text, MAX_POLICY_BYTES)) {
    report(START, '', 'the file is larger than 1 MiB; policy files are limited to 1 MiB');
    return { problems, locate };
  }
  if (text.includes('\u0000')) {
    report(START, '', 'the file contains binary data (NUL bytes), not text');
    return { problems, locate };
  }

  const source = text.replace(/^\uFEFF/, '');
  let read;
  try {
    read = readYaml(source, MAX_NESTING);
  } catch (error) {
    report(START, '', error instanceof RangeError ? `the document is nested too deeply (a policy needs at most ${MAX_NESTING} levels)` : `cannot be read: ${String(error)}`);
    return { problems, locate };
  }
  if (!read.ok) {
    const { offset, message, syntax } = read.problem;
    report(placeOf([offset, offset]), '', /maxDepth/.test(message)
      ? `the document is nested too deeply (a policy needs at most ${MAX_NESTING} levels)`
      : syntax ? `YAML syntax error: ${message}` : message);
    return { problems: finish(), locate };
  }
  if (read.contents === null) {
    report(START, '', 'the file is empty; a policy needs version, organization and rules');
    return { problems, locate };
  }
  contents = read.contents;

  aliases = checkShape(contents, placeOf, report);
  if (problems.length > 0) return { problems: finish(), locate };

  // A Map, not an object: a tag can never reach an object's prototype properties.
  const checkLanguageMap = (map: YamlMapping, path: string, depth: number): PlainValue | undefined => {
    if (map.items.length === 0) {
      report(placeOf(map.range), path, 'the map of languages is empty; give at least one language tag and its text');
      return undefined;
    }
    const out = new Map<string, string>();
    const seen = new Map<string, string>();
    let ok = true;
    for (const pair of map.items) {
      const keyNode = isAlias(pair.key) ? aliases.get(pair.key) : pair.key;
      const tag = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof tag !== 'string' || !LANGUAGE_TAG.test(tag)) {
        report(placeOf(keyNode?.range), path, `${describeType(tag)} is not a language tag (expected e.g. en, zh-cn, pt-BR)`);
        ok = false;
        continue;
      }
      const fieldPath = `${path}.${tag}`;
      const earlier = seen.get(tag.toLowerCase());
      if (earlier !== undefined) {
        report(placeOf(keyNode?.range), fieldPath, `language "${tag}" is given twice (also as "${earlier}"); tags are compared without regard to case`);
        ok = false;
        continue;
      }
      seen.set(tag.toLowerCase(), tag);
      const value = check(pair.value, { type: 'string', format: 'text', description: '' }, fieldPath, depth + 1);
      if (typeof value === 'string') out.set(tag, value);
      else ok = false;
    }
    return ok ? out : undefined;
  };

  const check = (node: Node | undefined, spec: Spec, path: string, depth: number): PlainValue | undefined => {
    if (depth > MAX_NESTING) {
      report(placeOf(node?.range), path, 'nested too deeply');
      return undefined;
    }
    const current = isAlias(node) ? aliases.get(node) : node;
    const label = path || 'the document';
    const wrongType = (value: unknown) => {
      report(placeOf(current?.range), path, `expected ${expectedOf(spec)}, got ${describeType(value)}`);
      return undefined;
    };

    switch (spec.type) {
      case 'string':
      case 'integer':
      case 'const':
      case 'enum': {
        if (!isScalar(current)) return wrongType(isSeq(current) ? [] : isMap(current) ? {} : null);
        const value = current.value;
        if (spec.type === 'string') {
          if (typeof value !== 'string') return wrongType(value);
          const problem = checkFormat(spec.format, value);
          if (problem) { report(placeOf(current.range), path, problem); return undefined; }
          return value;
        }
        if (spec.type === 'integer') {
          if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(value);
          if (value < spec.minimum || value > spec.maximum) {
            report(placeOf(current.range), path, `${value} is out of range (${spec.minimum} to ${spec.maximum})`);
            return undefined;
          }
          return value;
        }
        if (spec.type === 'const') {
          if (value !== spec.value) {
            report(placeOf(current.range), path, `${describeType(value)} is not supported; this extension reads format version ${spec.value}`);
            return undefined;
          }
          return value;
        }
        if (typeof value !== 'string' || !spec.values.includes(value)) {
          report(placeOf(current.range), path, `${describeType(value)} is not one of ${expectedOf(spec)}`);
          return undefined;
        }
        return value;
      }
      case 'localized-text': {
        if (isScalar(current) && typeof current.value === 'string') return check(current, { type: 'string', format: 'text', description: spec.description }, path, depth);
        if (!isMap(current)) return wrongType(isScalar(current) ? current.value : isSeq(current) ? [] : null);
        return checkLanguageMap(current, path, depth);
      }
      case 'one-or-many': {
        if (isSeq(current)) return check(current, { type: 'array', items: spec.items, description: spec.description, minItems: 1 }, path, depth);
        return check(current, spec.items, path, depth);
      }
      case 'array': {
        if (!isSeq(current)) return wrongType(isScalar(current) ? current.value : isMap(current) ? {} : null);
        if (spec.minItems !== undefined && current.items.length < spec.minItems) {
          report(placeOf(current.range), path, `${label} needs at least ${spec.minItems} ${spec.minItems === 1 ? 'entry' : 'entries'}`);
          return undefined;
        }
        const out: PlainValue[] = [];
        let ok = true;
        current.items.forEach((item, index) => {
          const value = check(item, spec.items, `${path}[${index}]`, depth + 1);
          if (value === undefined) ok = false;
          else out.push(value);
        });
        return ok ? out : undefined;
      }
      case 'object': {
        if (!isMap(current)) return wrongType(isScalar(current) ? current.value : isSeq(current) ? [] : null);
        // Only keys found in the Map of known keys are ever set, so nothing a file says
        // (`__proto__`, `constructor`) can reach Object.prototype.
        const out: { [key: string]: PlainValue } = {};
        const properties = propertiesOf(spec);
        const present = new Set<string>();
        let ok = true;
        for (const pair of current.items) {
          const keyNode = isAlias(pair.key) ? aliases.get(pair.key) : pair.key;
          const key = isScalar(keyNode) ? keyNode.value : undefined;
          if (typeof key !== 'string') {
            report(placeOf(pair.key.range), path, `keys must be text, got ${describeType(key)}`);
            ok = false;
            continue;
          }
          present.add(key);
          // A key the format does not know is shown the way a message shows a name.
          const shownKey = properties.has(key) ? key : nameInMessage(key);
          const fieldPath = path ? `${path}.${shownKey}` : shownKey;
          const fieldSpec = properties.get(key);
          if (!fieldSpec) {
            ok = false;
            // Past the listing limit the message would only be counted, not shown.
            if (problems.length >= MAX_PROBLEMS) { dropped++; continue; }
            const known = [...properties.keys()];
            const suggestion = suggestKey(key, known);
            report(placeOf(pair.key.range), fieldPath,
              `unknown key ${quote(key)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed here: ${known.join(', ')}`);
            ok = false;
            continue;
          }
          const value = check(pair.value, fieldSpec, fieldPath, depth + 1);
          if (value === undefined) ok = false;
          else out[key] = value;
        }
        for (const required of spec.required) {
          if (!present.has(required)) {
            report(placeOf(current.range), path ? `${path}.${required}` : required, `${required} is required`);
            ok = false;
          }
        }
        return ok ? out : undefined;
      }
    }
  };

  const value = check(contents, spec, '', 0);
  return value === undefined || problems.length > 0 ? { problems: finish(), locate } : { value, problems, locate };
}

type Report = (place: PolicyProblemPlace, path: string, message: string) => void;

/**
 * One pass over the parsed document, in document order: resolves every alias to the
 * anchor defined last before it, refuses undefined aliases, aliases inside their own
 * anchor, tags other than plain ones, keys that are not plain values, and duplicate keys;
 * and counts how many values the aliases would add when expanded.
 */
function checkShape(root: Node, placeOf: (range: readonly number[] | null | undefined) => PolicyProblemPlace, report: Report): Map<Node, Node | undefined> {
  const anchors = new Map<string, Node>();
  const resolved = new Map<Node, Node | undefined>();
  /** Expanded size of each finished node; a node still being walked is absent. */
  const sizes = new Map<Node, number>();
  let expansion = 0;
  let bombReported = false;

  // No depth guard here: readYaml already refused nesting past MAX_NESTING, and the walk
  // does not follow aliases (check() does, and bounds its own depth).
  const walk = (node: Node): number => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      resolved.set(node, target);
      if (!target) {
        report(placeOf(node.range), '', `the alias *${nameInMessage(node.source)} refers to no anchor; define &${nameInMessage(node.source)} before it`);
        return 1;
      }
      const size = sizes.get(target);
      if (size === undefined) {
        report(placeOf(node.range), '', `the alias *${nameInMessage(node.source)} is inside the value it refers to, which would repeat forever`);
        return 1;
      }
      expansion += size;
      if (expansion > MAX_ALIAS_EXPANSION && !bombReported) {
        bombReported = true;
        report(placeOf(node.range), '', `the file's YAML aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en')} values (an alias bomb); write the values out instead`);
      }
      return size;
    }
    if (node.anchor !== undefined) anchors.set(node.anchor, node);
    if (node.tag !== undefined) checkTag(node, placeOf, report);
    let size = 1;
    if (isSeq(node)) {
      for (const item of node.items) size += walk(item);
    } else if (isMap(node)) {
      const seen = new Map<unknown, Node>();
      for (const { key: keyNode, value } of node.items) {
        if (isScalar(keyNode) && keyNode.empty && keyNode.tag === undefined) {
          report(placeOf(isScalar(value) && value.empty ? keyNode.range : value.range), '', 'a value has no key');
        } else if (isMap(keyNode) || isSeq(keyNode)) {
          report(placeOf(keyNode.range), '', 'complex keys such as "? [a, b]" are not allowed; keys must be plain text');
        }
        size += walk(keyNode);
        const key = isAlias(keyNode) ? resolved.get(keyNode) : keyNode;
        if (isScalar(key)) {
          const first = seen.get(key.value);
          if (first !== undefined) {
            report(placeOf(keyNode.range), '', `YAML syntax error: Map keys must be unique; ${quote(String(key.value))} is already set on line ${placeOf(first.range).line}`);
          } else {
            seen.set(key.value, keyNode);
          }
        }
        size += walk(value);
      }
    }
    sizes.set(node, size);
    return size;
  };

  walk(root);
  return resolved;
}

/** A tag may only restate what the value already is (`!!str`, `!!int` on a number, …). */
function checkTag(node: Exclude<Node, { kind: 'alias' }>, placeOf: (range: readonly number[] | null | undefined) => PolicyProblemPlace, report: Report): void {
  const tag = node.tag ?? '';
  const at = node.tagOffset === undefined ? node.range : [node.tagOffset, node.tagOffset + tagName(tag).length];
  if (!tag.startsWith('tag:yaml.org,2002:')) {
    report(placeOf(at), '', `unknown tag ${nameInMessage(tagName(tag))}; a policy uses plain YAML without tags`);
  } else if (!PLAIN_TAGS[node.kind].has(tag)) {
    report(placeOf(at), '', `the tag ${nameInMessage(tagName(tag))} is not supported in a policy; write plain text without a tag`);
  } else if (isScalar(node) && node.value === undefined) {
    report(placeOf(at), '', `the tag ${tagName(tag)} does not fit this value; write the value without a tag`);
  }
}

/** The node a field path (`rules[3].tool[1]`) names, following aliases; undefined when absent. */
function nodeAt(root: Node | null, path: string, aliases: ReadonlyMap<Node, Node | undefined>): Node | undefined {
  let current: Node | null | undefined = root;
  const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  for (const step of steps) {
    if (isAlias(current)) current = aliases.get(current);
    if (step.startsWith('[')) {
      if (!isSeq(current)) return undefined;
      current = current.items[Number(step.slice(1, -1))];
    } else {
      if (!isMap(current)) return undefined;
      const pair: { key: Node; value: Node } | undefined = current.items.find((candidate) => {
        const key = isAlias(candidate.key) ? aliases.get(candidate.key) : candidate.key;
        return isScalar(key) && key.value === step;
      });
      if (!pair) return undefined;
      current = pair.value;
    }
  }
  if (isAlias(current)) current = aliases.get(current);
  return current ?? undefined;
}

/**
 * Whether `text` takes more than `limit` bytes as UTF-8. Each UTF-16 unit is 1 to 3 bytes,
 * so only a text between a third of the limit and the limit is encoded to know.
 */
function utf8LongerThan(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return new TextEncoder().encode(text).byteLength > limit;
}
