import { FieldChecker, type PlainValue } from './fieldCheck';
import { MAX_POLICY_BYTES } from './limits';
import { START_OF_FILE, type ProblemList } from './problemList';
import type { Spec } from './schema';
import type { PolicyProblemPlace } from './types';
import { explainSyntaxError } from './yamlErrors';
import { checkShape, type PlaceOf } from './yamlShape';
import { isAlias, isMapping, isScalar, isSequence, LineIndex, readEvents, spanOf, treeFromEvents, type YamlNode as Node } from './yamlTree';
import { EventPlaces, plainValueFromEvents } from './eventRead';
import type { Event } from 'js-yaml';

export type { PlainValue };

/** The format is at most five levels deep; anything far deeper is not a policy. */
const MAX_NESTING = 64;
const TOO_DEEP = `the document is nested too deeply (a policy needs at most ${MAX_NESTING} levels)`;

export interface StructureResult {
  /**
   * The document as plain data, present when it is YAML of an allowed shape (no syntax
   * error, alias bomb, tag, …). Fields that failed the format check are left out (an item
   * of a list that failed is null); the problems say which.
   */
  readonly value?: PlainValue;
  /** Locate a field path (`rules[0].tool`) for problems found after the structural pass. */
  readonly locate: (path: string) => PolicyProblemPlace;
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

// eslint-disable-next-line no-control-regex -- every ASCII unit, control characters included
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/** True when `text` takes more than `limit` bytes as UTF-8 (counted, never encoded). */
function longerInUtf8Than(text: string, limit: number): boolean {
  // A UTF-16 unit takes one to three bytes (a surrogate pair four for two units).
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  // ASCII text is one byte a unit: the native pattern scan decides that without a loop here.
  if (ASCII_ONLY.test(text)) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
    // A high surrogate and its low one are four bytes in all: 3 counted here, 1 for the low.
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 1;
        i++;
      }
    }
    if (bytes > limit) return true;
  }
  return false;
}

/**
 * Parses YAML (or JSON) and checks it against the format description, reporting every
 * problem with its position into `problems`. Never throws. A file that needs no judgement
 * is read the quick way (eventRead.ts); any other is read the exact way, through a tree
 * (`way: 'exact'` skips the quick way: the test that holds the two against each other).
 * The work is linear in the size of the file (with aliases expanded, which is bounded):
 * duplicate keys are found with a set per mapping, positions are worked out only for the
 * problems listed.
 */
export function parseAndCheckStructure(text: string, spec: Spec, problems: ProblemList, way: 'quick-first' | 'exact' = 'quick-first'): StructureResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let lines: LineIndex | undefined;
  let contents: Node | null = null;
  let aliases: ReadonlyMap<Node, Node | undefined> = new Map();
  const placeOf: PlaceOf = (range) => {
    if (!range) return START_OF_FILE;
    lines ??= new LineIndex(source);
    const start = lines.at(range[0] ?? 0);
    const end = lines.at(range[1] ?? range[0] ?? 0);
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  };
  // Positions are looked up only for the few paths that have a problem, so the walk over
  // a large file does not keep one entry per value.
  const locate = (path: string): PolicyProblemPlace => {
    const node = nodeAt(contents, path, aliases);
    return placeOf(node ? spanOf(node) : undefined);
  };

  if (longerInUtf8Than(text, MAX_POLICY_BYTES)) {
    problems.add('', 'the file is larger than 1 MiB; policy files are limited to 1 MiB', START_OF_FILE);
    return { locate };
  }
  if (text.includes('\u0000')) {
    problems.add('', 'the file contains binary data (NUL bytes), not text', START_OF_FILE);
    return { locate };
  }
  const parsed = readEvents(source, MAX_NESTING);
  if (parsed.ok && way === 'quick-first') {
    const quick = quickValue(source, parsed.events, spec);
    if (quick !== undefined) {
      const places = new EventPlaces(source, parsed.events);
      return { value: quick, locate: (path) => placeOf(places.spanOf(pathSteps(path))) };
    }
  }
  const read = readDocument(source, parsed, problems, placeOf);
  if (read === undefined) return { locate };
  contents = read;
  aliases = checkShape(contents, placeOf, (place, message) => problems.add('', message, place));
  // A document whose aliases or tags are wrong is not checked field by field: an alias
  // bomb would cost its expansion, and the rest would repeat the same problem.
  if (problems.count > 0) return { locate };
  const value = new FieldChecker(aliases, placeOf, problems, MAX_NESTING).check(contents, spec, '', 0);
  return value === undefined ? { locate } : { value, locate };
}

/** The quick way's value (eventRead.ts), or undefined when the exact way must read the file. */
function quickValue(source: string, events: readonly Event[], spec: Spec): PlainValue | undefined {
  try {
    return plainValueFromEvents(source, events, spec);
  } catch {
    // Whatever stopped the quick way, the exact way meets it too, and names it.
    return undefined;
  }
}

/** The document's tree, or undefined when it cannot be read (with the problem reported). */
function readDocument(source: string, parsed: ReturnType<typeof readEvents>, problems: ProblemList, placeOf: PlaceOf): Node | undefined {
  let read;
  try {
    read = parsed.ok ? treeFromEvents(source, parsed.events) : parsed;
  } catch (error) {
    problems.add('', error instanceof RangeError ? TOO_DEEP : `cannot be read: ${String(error)}`, START_OF_FILE);
    return undefined;
  }
  if (!read.ok) {
    const { offset, message, syntax } = read.problem;
    const shown = /maxDepth/.test(message) ? TOO_DEEP : syntax ? `YAML syntax error: ${explainSyntaxError(source, offset, message)}` : message;
    problems.add('', shown, () => placeOf([offset, offset]));
    return undefined;
  }
  if (read.contents === null) {
    problems.add('', 'the file is empty; a policy needs version, organization and rules', START_OF_FILE);
    return undefined;
  }
  return read.contents;
}

/** The steps of a field path: `rules[3].tool[1]` → rules, 3, tool, 1 (a quoted key is one step). */
function pathSteps(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
    } else if (path[i] === '[') {
      const close = path.indexOf(']', i);
      steps.push(Number(path.slice(i + 1, close)));
      i = close + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      steps.push(path.slice(i, end));
      i = end;
    }
  }
  return steps;
}

/** The node a field path (`rules[3].tool[1]`) names, following aliases; undefined when absent. */
function nodeAt(root: Node | null, path: string, aliases: ReadonlyMap<Node, Node | undefined>): Node | undefined {
  let current: Node | null | undefined = root;
  for (const step of pathSteps(path)) {
    if (isAlias(current)) current = aliases.get(current);
    if (typeof step === 'number') {
      if (!isSequence(current)) return undefined;
      current = current.items[step];
    } else {
      if (!isMapping(current)) return undefined;
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
