import { closest, distance } from 'fastest-levenshtein';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { checkFormat } from './formats';
import { LANGUAGE_TAG } from './localizedText';
import type { Spec } from './schema';
import type { PolicyProblem, PolicyProblemPlace } from './types';

/** Refuse anything larger: a policy is a page of text, not a data set. */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** More alias expansions than this in one file is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;
/** The format is at most five levels deep; anything far deeper is not a policy. */
const MAX_NESTING = 64;

export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue }
  /** Localised text: language tag → text, in the order written. */
  | ReadonlyMap<string, string>;

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
  if (typeof value === 'string') return `the text ${JSON.stringify(value)}`;
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
  if (known.length === 0) return undefined;
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
 * problem with its position. Never throws.
 */
export function parseAndCheckStructure(text: string, file: string, spec: Spec): StructureResult {
  const problems: PolicyProblem[] = [];
  const lineCounter = new LineCounter();
  const nodes = new Map<string, Node>();

  const placeOf = (range: readonly number[] | null | undefined): PolicyProblemPlace => {
    if (!range) return START;
    const start = lineCounter.linePos(range[0] ?? 0);
    const end = lineCounter.linePos(range[1] ?? range[0] ?? 0);
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };
  const locate = (path: string): PolicyProblemPlace => placeOf(nodes.get(path)?.range);
  const report = (place: PolicyProblemPlace, path: string, message: string) =>
    problems.push({ file, path, message, ...place });

  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    report(START, '', 'the file is larger than 1 MiB; policy files are limited to 1 MiB');
    return { problems, locate };
  }
  if (text.includes('\u0000')) {
    report(START, '', 'the file contains binary data (NUL bytes), not text');
    return { problems, locate };
  }

  let doc: Document.Parsed;
  try {
    doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, strict: true, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    report(START, '', error instanceof RangeError ? 'the document is nested too deeply' : `cannot be read: ${String(error)}`);
    return { problems, locate };
  }
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
      // The parser turns a stack overflow on absurd nesting into an ordinary error.
      report(placeOf(error.pos), '', /call stack/i.test(message)
        ? `the document is nested too deeply (a policy needs at most ${MAX_NESTING} levels)`
        : `YAML syntax error: ${message}`);
    }
    return { problems, locate };
  }
  if (doc.contents === null) {
    report(START, '', 'the file is empty; a policy needs version, organization and rules');
    return { problems, locate };
  }
  let hasAlias = false;
  visit(doc, { Alias: () => { hasAlias = true; return visit.BREAK; } });
  // Expanding the document is as costly as parsing it again, so only files that use
  // aliases (rare in a policy) are expanded, to catch alias bombs before the walk.
  if (hasAlias) {
    try {
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
    } catch (error) {
      const message = String(error instanceof Error ? error.message : error);
      report(START, '', /alias/i.test(message)
        ? `the file expands too many YAML aliases (limit ${MAX_ALIAS_COUNT}); aliases are not needed in a policy`
        : `cannot be read: ${message}`);
      return { problems, locate };
    }
  }

  // A Map, not an object: a tag can never reach an object's prototype properties.
  const checkLanguageMap = (map: YAMLMap, path: string, depth: number): PlainValue | undefined => {
    if (map.items.length === 0) {
      report(placeOf(map.range), path, 'the map of languages is empty; give at least one language tag and its text');
      return undefined;
    }
    const out = new Map<string, string>();
    const seen = new Map<string, string>();
    let ok = true;
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
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

  const check = (node: unknown, spec: Spec, path: string, depth: number): PlainValue | undefined => {
    if (depth > MAX_NESTING) {
      report(placeOf((node as Node | undefined)?.range), path, 'nested too deeply');
      return undefined;
    }
    let resolved = node;
    if (isAlias(resolved)) resolved = resolved.resolve(doc);
    const current = resolved as Node | null | undefined;
    if (current) nodes.set(path, current);
    const place = placeOf(current?.range);
    const label = path || 'the document';
    const wrongType = (value: unknown) => {
      report(place, path, `expected ${expectedOf(spec)}, got ${describeType(value)}`);
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
          if (problem) { report(place, path, problem); return undefined; }
          return value;
        }
        if (spec.type === 'integer') {
          if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(value);
          if (value < spec.minimum || value > spec.maximum) {
            report(place, path, `${value} is out of range (${spec.minimum} to ${spec.maximum})`);
            return undefined;
          }
          return value;
        }
        if (spec.type === 'const') {
          if (value !== spec.value) {
            report(place, path, `${describeType(value)} is not supported; this extension reads format version ${spec.value}`);
            return undefined;
          }
          return value;
        }
        if (typeof value !== 'string' || !spec.values.includes(value)) {
          report(place, path, `${describeType(value)} is not one of ${expectedOf(spec)}`);
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
          report(place, path, `${label} needs at least ${spec.minItems} ${spec.minItems === 1 ? 'entry' : 'entries'}`);
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
        const out: { [key: string]: PlainValue } = {};
        const known = Object.keys(spec.properties);
        let ok = true;
        for (const pair of current.items) {
          const keyNode = pair.key as Node | null;
          const key = isScalar(keyNode) ? keyNode.value : undefined;
          if (typeof key !== 'string') {
            report(placeOf(keyNode?.range), path, `keys must be text, got ${describeType(key)}`);
            ok = false;
            continue;
          }
          const fieldPath = path ? `${path}.${key}` : key;
          const fieldSpec = spec.properties[key];
          if (!fieldSpec) {
            const suggestion = suggestKey(key, known);
            report(placeOf(keyNode?.range), fieldPath,
              `unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed here: ${known.join(', ')}`);
            ok = false;
            continue;
          }
          const value = check(pair.value, fieldSpec, fieldPath, depth + 1);
          if (value === undefined) ok = false;
          else out[key] = value;
        }
        for (const required of spec.required) {
          if (!current.items.some((pair) => isScalar(pair.key) && pair.key.value === required)) {
            report(place, path ? `${path}.${required}` : required, `${required} is required`);
            ok = false;
          }
        }
        return ok ? out : undefined;
      }
    }
  };

  const value = check(doc.contents, spec, '', 0);
  return value === undefined || problems.length > 0 ? { problems, locate } : { value, problems, locate };
}
