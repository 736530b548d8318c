import { nameInMessage } from './formats';
import {
  boolCoreTag, EVENT_ID, floatCoreTag, intCoreTag, NOT_RESOLVED, nullCoreTag, parseEvents, SCALAR_STYLE, strTag,
  type Event, type ScalarEvent, type ScalarTagDefinition, getScalarValue,
} from 'js-yaml';

/**
 * A YAML document as a tree of nodes that keep their place in the text, read from
 * js-yaml's event parser. js-yaml reads a 1 MiB file in about a tenth of the time the
 * `yaml` library's document parser takes (see `npm run bench`), and its events carry
 * every node's offsets, which is all the validator needs for exact positions.
 *
 * The tree is as written: aliases stay aliases, tags stay tags, duplicate keys stay
 * duplicates. Deciding what is allowed is the validator's job (validate.ts).
 */
export type YamlNode = YamlScalar | YamlSequence | YamlMapping | YamlAlias;

interface NodeBase {
  /** Where the node starts in the text (an offset). */
  readonly start: number;
  /** Where it ends: the offset just after it. Two numbers rather than a pair: a 1 MiB file has hundreds of thousands of nodes. */
  readonly end: number;
  /** The anchor name (`&name`), when the node has one. */
  readonly anchor?: string;
  /** The tag as a full name (`tag:yaml.org,2002:str`), or as written when it is no `!!` or `!<…>` tag. */
  readonly tag?: string;
  /** Where the tag is written, when there is one. */
  readonly tagOffset?: number;
}

export type ScalarValue = string | number | boolean | null;

export interface YamlScalar extends NodeBase {
  readonly kind: 'scalar';
  /** Resolved by YAML 1.2's core schema (or the explicit plain tag); undefined when the tag does not fit the text. */
  readonly value: ScalarValue | undefined;
  /** True for a value the text leaves out (`key:` with nothing after it). */
  readonly empty: boolean;
}

export interface YamlSequence extends NodeBase {
  readonly kind: 'sequence';
  readonly items: YamlNode[];
}

export interface YamlPair {
  readonly key: YamlNode;
  readonly value: YamlNode;
}

export interface YamlMapping extends NodeBase {
  readonly kind: 'mapping';
  readonly items: YamlPair[];
}

export interface YamlAlias extends NodeBase {
  readonly kind: 'alias';
  /** The anchor it names (`*name`). */
  readonly source: string;
}

export interface YamlReadProblem {
  readonly offset: number;
  readonly message: string;
  /** True when the text is not YAML at all; false when it is YAML a policy does not allow. */
  readonly syntax: boolean;
}

export type YamlReadResult =
  | { readonly ok: true; readonly contents: YamlNode | null }
  | { readonly ok: false; readonly problem: YamlReadProblem };

const CORE = 'tag:yaml.org,2002:';
/** YAML 1.2 core schema, in the order it resolves a plain scalar; anything else is text. */
const IMPLICIT: readonly ScalarTagDefinition[] = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];
const EXPLICIT = new Map<string, ScalarTagDefinition>([strTag, ...IMPLICIT].map((tag) => [tag.tagName, tag]));

export const isScalar = (node: YamlNode | null | undefined): node is YamlScalar => node?.kind === 'scalar';
export const isSequence = (node: YamlNode | null | undefined): node is YamlSequence => node?.kind === 'sequence';
export const isMapping = (node: YamlNode | null | undefined): node is YamlMapping => node?.kind === 'mapping';
export const isAlias = (node: YamlNode | null | undefined): node is YamlAlias => node?.kind === 'alias';

/** A node's place in the text as [start, end), for a problem's position. */
export const spanOf = (node: YamlNode): readonly [number, number] => [node.start, node.end];

/** `!!str` → `tag:yaml.org,2002:str`, `!<uri>` → `uri`; any other spelling is kept as written. */
function tagOf(text: string, start: number, end: number): string | undefined {
  if (start < 0) return undefined;
  const written = text.slice(start, end);
  if (written.startsWith('!!')) return CORE + written.slice(2);
  if (written.startsWith('!<') && written.endsWith('>')) return written.slice(2, -1);
  return written;
}

function resolveScalar(source: string, plain: boolean, tag: string | undefined): ScalarValue | undefined {
  if (tag !== undefined) {
    const definition = EXPLICIT.get(tag);
    if (!definition) return undefined;
    const value = definition.resolve(source, true, tag);
    return value === NOT_RESOLVED ? undefined : (value as ScalarValue);
  }
  return plain ? resolvePlain(source) : source;
}

/**
 * The implicit definitions that may resolve a plain scalar starting with a given
 * character ("" for the empty scalar), in the core schema's order. Each definition
 * declares the first characters it can resolve (js-yaml's `implicitFirstChars`); one that
 * declares none is tried for every scalar. Most values of a policy (ids, names, matchers)
 * start with a letter no definition takes, and are text without running any of them.
 */
const IMPLICIT_BY_FIRST = new Map<string, readonly ScalarTagDefinition[]>();
const IMPLICIT_ANY_FIRST = IMPLICIT.filter((definition) => !definition.implicitFirstChars);
for (const definition of IMPLICIT) {
  for (const first of definition.implicitFirstChars ?? []) IMPLICIT_BY_FIRST.set(first, []);
}
for (const [first, list] of IMPLICIT_BY_FIRST) {
  (list as ScalarTagDefinition[]).push(...IMPLICIT.filter((definition) => !definition.implicitFirstChars || definition.implicitFirstChars.includes(first)));
}

/** A plain scalar by YAML 1.2's core schema: null, a boolean, a number, or else text. */
function resolvePlain(source: string): ScalarValue {
  const candidates = IMPLICIT_BY_FIRST.get(source.length === 0 ? '' : source[0]!) ?? IMPLICIT_ANY_FIRST;
  for (const definition of candidates) {
    const value = definition.resolve(source, false, definition.tagName);
    if (value !== NOT_RESOLVED) return value as ScalarValue;
  }
  return source;
}

interface OpenCollection {
  readonly kind: 'sequence' | 'mapping';
  readonly start: number;
  readonly anchor: string | undefined;
  readonly tag: string | undefined;
  readonly tagOffset: number | undefined;
  readonly children: YamlNode[];
  end: number;
}

/**
 * Reads one YAML document. Never throws: a syntax error, a second document, a `%TAG`
 * directive or a `%YAML` version other than 1.2 comes back as a problem with its offset.
 * `maxDepth` bounds nesting (the parser's own guard, before any stack could overflow).
 * @internal readEvents and treeFromEvents in one, for the tree's own tests.
 */
export function readYaml(text: string, maxDepth: number): YamlReadResult {
  const parsed = readEvents(text, maxDepth);
  return parsed.ok ? treeFromEvents(text, parsed.events) : parsed;
}

/** js-yaml's events for the text, or the syntax error with its offset. Never throws. */
export function readEvents(text: string, maxDepth: number): { readonly ok: true; readonly events: Event[] } | { readonly ok: false; readonly problem: YamlReadProblem } {
  try {
    return { ok: true, events: parseEvents(text, { maxDepth }) };
  } catch (error) {
    const mark = (error as { mark?: { position?: number } }).mark;
    const reason = (error as { reason?: unknown }).reason;
    return { ok: false, problem: { offset: mark?.position ?? 0, message: typeof reason === 'string' ? reason : String(error), syntax: true } };
  }
}

/** The tree of the text's events (readEvents); a second document or a directive other than `%YAML 1.2` is a problem. */
export function treeFromEvents(text: string, events: readonly Event[]): YamlReadResult {
  const stack: OpenCollection[] = [];
  let documents = 0;
  let contents: YamlNode | null = null;
  /** Where the last node ended: an empty value is placed there, right after its key. */
  let lastEnd = 0;

  const add = (node: YamlNode) => {
    lastEnd = node.end;
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.children.push(node);
      if (node.end > parent.end) parent.end = node.end;
    } else {
      contents = node;
    }
  };
  const anchorOf = (start: number, end: number) => (start < 0 ? undefined : text.slice(start, end));

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT: {
        documents++;
        if (documents > 1) return { ok: false, problem: { offset: lastEnd, message: 'the file holds more than one YAML document (a line "---" starts another); a policy is one document', syntax: false } };
        const refused = directiveProblem(text, event.directives);
        if (refused) return { ok: false, problem: refused };
        break;
      }
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const anchor = anchorOf(event.anchorStart, event.anchorEnd);
        const tag = tagOf(text, event.tagStart, event.tagEnd);
        stack.push({
          kind: event.type === EVENT_ID.SEQUENCE ? 'sequence' : 'mapping',
          start: event.start,
          anchor,
          tag,
          tagOffset: tag !== undefined ? event.tagStart : undefined,
          children: [],
          end: event.start + 1,
        });
        break;
      }
      case EVENT_ID.SCALAR:
        add(scalarNode(text, event, lastEnd));
        break;
      case EVENT_ID.ALIAS:
        // The event's range is the name; the node's place includes the `*` before it.
        add({ kind: 'alias', source: text.slice(event.anchorStart, event.anchorEnd), start: Math.max(0, event.anchorStart - 1), end: event.anchorEnd });
        break;
      case EVENT_ID.POP: {
        const open = stack.pop();
        if (!open) break; // the end of a document
        const plain = open.anchor === undefined && open.tag === undefined;
        const base = plain ? undefined : { ...(open.anchor !== undefined ? { anchor: open.anchor } : {}), ...(open.tag !== undefined ? { tag: open.tag, tagOffset: open.tagOffset } : {}) };
        if (open.kind === 'sequence') {
          add(base ? { kind: 'sequence', items: open.children, start: open.start, end: open.end, ...base } : { kind: 'sequence', items: open.children, start: open.start, end: open.end });
        } else {
          const items: YamlPair[] = [];
          for (let i = 0; i + 1 < open.children.length; i += 2) items.push({ key: open.children[i]!, value: open.children[i + 1]! });
          add(base ? { kind: 'mapping', items, start: open.start, end: open.end, ...base } : { kind: 'mapping', items, start: open.start, end: open.end });
        }
        break;
      }
    }
  }
  return { ok: true, contents };
}

/** What is wrong with a document's directives: only `%YAML 1.2` may be written. */
function directiveProblem(text: string, directives: readonly unknown[]): YamlReadProblem | undefined {
  if (directives.length === 0) return undefined;
  // Directives come first, each on a line starting with %.
  const offset = Math.max(0, text.search(/^%/m));
  for (const directive of directives) {
    const kind = (directive as { kind?: string }).kind;
    const version = (directive as { version?: string }).version;
    if (kind === 'yaml' && version !== '1.2') {
      const shown = nameInMessage(String(version));
      return { offset, message: `the file asks for YAML ${shown} (%YAML ${shown}), where dates, yes/no and numbers mean other things; a policy is read as YAML 1.2: remove the %YAML line`, syntax: false };
    }
    if (kind !== 'yaml') return { offset, message: 'directives other than %YAML 1.2 (such as %TAG) are not supported in a policy', syntax: false };
  }
  return undefined;
}

function scalarNode(text: string, event: ScalarEvent, lastEnd: number): YamlScalar {
  if (event.anchorStart < 0 && event.tagStart < 0 && event.valueStart >= 0) {
    // The common case, built without the optional parts: a large file has a scalar
    // for nearly every value, and one object of one shape each is all they need.
    const [start, end] = scalarSpan(event);
    return { kind: 'scalar', value: untaggedValue(text, event), empty: false, start, end };
  }
  const anchor = event.anchorStart < 0 ? undefined : text.slice(event.anchorStart, event.anchorEnd);
  const tag = tagOf(text, event.tagStart, event.tagEnd);
  const props = { ...(anchor !== undefined ? { anchor } : {}), ...(tag !== undefined ? { tag, tagOffset: event.tagStart } : {}) };
  if (event.valueStart < 0) {
    // Nothing written: an empty plain scalar, which YAML reads as null (or "" when tagged !!str).
    return { kind: 'scalar', value: resolveScalar('', true, tag), empty: true, start: lastEnd, end: lastEnd, ...props };
  }
  const source = getScalarValue(text, event);
  const [start, end] = scalarSpan(event);
  return { kind: 'scalar', value: resolveScalar(source, event.style === SCALAR_STYLE.PLAIN, tag), empty: false, start, end, ...props };
}

/** The value of a written scalar without a tag: a plain one by the core schema, a quoted or block one as text. */
export function untaggedValue(text: string, event: ScalarEvent): ScalarValue {
  const source = getScalarValue(text, event);
  return event.style === SCALAR_STYLE.PLAIN ? resolvePlain(source) : source;
}

/** Where a written scalar is: a quoted value's place includes its quotes. */
export function scalarSpan(event: ScalarEvent): readonly [number, number] {
  const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
  return quoted ? [event.valueStart - 1, event.valueEnd + 1] : [event.valueStart, event.valueEnd];
}

/**
 * Turns offsets into 1-based lines and columns (UTF-16 code units, as editors count them).
 * A line ends at LF, CRLF or a lone CR, as YAML and editors read them.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    let cr = text.indexOf('\r');
    let lf = text.indexOf('\n');
    while (cr !== -1 || lf !== -1) {
      if (lf === -1 || (cr !== -1 && cr < lf)) {
        // CRLF is one line end; a CR alone is one too.
        const next = lf === cr + 1 ? lf : cr;
        this.starts.push(next + 1);
        if (next === lf) lf = text.indexOf('\n', lf + 1);
        cr = text.indexOf('\r', cr + 1);
      } else {
        this.starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      }
    }
  }

  at(offset: number): { line: number; col: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - this.starts[low]! + 1 };
  }
}
