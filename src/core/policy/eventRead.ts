import { EVENT_ID, type Event, type ScalarEvent } from 'js-yaml';
import { propertiesOf, type PlainValue } from './fieldCheck';
import { checkFormat } from './formats';
import { LANGUAGE_TAG } from './localizedText';
import type { Spec } from './schema';
import { scalarSpan, untaggedValue } from './yamlTree';

/**
 * The quick way through a valid policy: js-yaml's events read straight into checked plain
 * data, with no tree of nodes in between. It takes only what needs no judgement (one
 * document, no directives, anchors, aliases or tags, every value of the type and format
 * the format description asks for, no key twice, nothing left out) and declines anything
 * else, at the first event that does not fit. The exact way (yamlTree, yamlShape,
 * fieldCheck) then builds the same events into a tree and names every problem with its
 * place. So the quick way never decides anything on its own: for a file it takes, the
 * exact way finds no problem and the same value (test/unit/eventRead.test.ts holds the two
 * against each other). One pass over the events, linear in the file: for a 1 MiB policy,
 * 50-100 ms where the tree, its shape walk and the field check take 300-450 ms.
 */

/** Returned from a step that does not fit: the whole read is declined. */
const DECLINED = Symbol('declined');
type Read = PlainValue | typeof DECLINED;

const noProps = (event: { anchorStart: number; tagStart: number }) => event.anchorStart < 0 && event.tagStart < 0;

class EventReader {
  /** The next event to read. */
  at = 1;

  constructor(private readonly text: string, private readonly events: readonly Event[]) {}

  /** The value of a scalar that carries nothing but its text (no anchor, tag or missing value). */
  private scalarValue(event: ScalarEvent): string | number | boolean | null | typeof DECLINED {
    if (!noProps(event) || event.valueStart < 0) return DECLINED;
    return untaggedValue(this.text, event);
  }

  read(spec: Spec): Read {
    const event = this.events[this.at++];
    switch (event?.type) {
      case EVENT_ID.SCALAR: {
        const value = this.scalarValue(event);
        return value === DECLINED ? DECLINED : scalarFor(value, spec);
      }
      case EVENT_ID.SEQUENCE:
        if (!noProps(event)) return DECLINED;
        if (spec.type === 'array') return this.list(spec.items, spec.minItems ?? 0);
        if (spec.type === 'one-or-many') return this.list(spec.items, 1);
        return DECLINED;
      case EVENT_ID.MAPPING:
        if (!noProps(event)) return DECLINED;
        if (spec.type === 'object') return this.mapping(spec);
        if (spec.type === 'localized-text') return this.languages();
        return DECLINED;
      default:
        // An alias, or an event where a value should be.
        return DECLINED;
    }
  }

  /** True (and past it) when the next event closes the open collection. */
  private closes(): boolean {
    if (this.events[this.at]?.type !== EVENT_ID.POP) return false;
    this.at++;
    return true;
  }

  private list(items: Spec, minItems: number): Read {
    const out: PlainValue[] = [];
    while (!this.closes()) {
      const item = this.read(items);
      if (item === DECLINED) return DECLINED;
      out.push(item);
    }
    return out.length < minItems ? DECLINED : out;
  }

  /** A key: plain text, written out, with nothing attached. */
  private key(): string | typeof DECLINED {
    const event = this.events[this.at++];
    if (event?.type !== EVENT_ID.SCALAR) return DECLINED;
    const key = this.scalarValue(event);
    return typeof key === 'string' ? key : DECLINED;
  }

  private mapping(spec: Spec & { type: 'object' }): Read {
    const properties = propertiesOf(spec);
    const out: { [key: string]: PlainValue } = {};
    // The keys of a mapping the format knows are a handful: a list finds a repeat quickly.
    const keys: string[] = [];
    while (!this.closes()) {
      const key = this.key();
      if (key === DECLINED) return DECLINED;
      const field = properties.get(key);
      if (field === undefined || keys.includes(key)) return DECLINED;
      keys.push(key);
      const value = this.read(field);
      if (value === DECLINED) return DECLINED;
      out[key] = value;
    }
    for (const required of spec.required) if (!keys.includes(required)) return DECLINED;
    return out;
  }

  /** Text in several languages: a Map, in the order written. */
  private languages(): Read {
    const out = new Map<string, string>();
    const seen = new Set<string>();
    while (!this.closes()) {
      const tag = this.key();
      if (tag === DECLINED || !LANGUAGE_TAG.test(tag)) return DECLINED;
      const folded = tag.toLowerCase();
      if (seen.has(folded)) return DECLINED;
      seen.add(folded);
      const event = this.events[this.at++];
      if (event?.type !== EVENT_ID.SCALAR) return DECLINED;
      const text = this.scalarValue(event);
      if (typeof text !== 'string' || checkFormat('text', text) !== undefined) return DECLINED;
      out.set(tag, text);
    }
    return out.size === 0 ? DECLINED : out;
  }
}

/** A scalar's value where `spec` expects one, when it fits exactly. */
function scalarFor(value: string | number | boolean | null, spec: Spec): Read {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && checkFormat(spec.format, value) === undefined ? value : DECLINED;
    case 'localized-text':
      return typeof value === 'string' && checkFormat('text', value) === undefined ? value : DECLINED;
    case 'one-or-many':
      return scalarFor(value, spec.items);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.minimum && value <= spec.maximum ? value : DECLINED;
    case 'const':
      return value === spec.value ? value : DECLINED;
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? value : DECLINED;
    default:
      return DECLINED;
  }
}

/**
 * The document's value when it fits `spec` exactly and uses nothing of YAML beyond plain
 * values; undefined when the exact way must read it (which then names the problems).
 */
export function plainValueFromEvents(text: string, events: readonly Event[], spec: Spec): PlainValue | undefined {
  const document = events[0];
  if (document?.type !== EVENT_ID.DOCUMENT || document.directives.length > 0) return undefined;
  const reader = new EventReader(text, events);
  const value = reader.read(spec);
  // The one document's end, and nothing after it.
  if (value === DECLINED || reader.at !== events.length - 1 || events[reader.at]?.type !== EVENT_ID.POP) return undefined;
  return value;
}

/**
 * For a document read the quick way: the place [start, end) of the value a field path
 * (`rules[3].tool[1]`, as the checks after the structure name them) leads to, the same
 * place the exact way's tree gives; undefined when the path leads nowhere. Only called for
 * the few problems listed, each a walk along the path that skips whole values by their
 * ends, found once in one pass.
 */
export class EventPlaces {
  private closing: Int32Array | undefined;

  constructor(private readonly text: string, private readonly events: readonly Event[]) {}

  spanOf(steps: readonly (string | number)[]): readonly [number, number] | undefined {
    let index = 1;
    for (const step of steps) {
      const event = this.events[index];
      if (typeof step === 'number') {
        if (event?.type !== EVENT_ID.SEQUENCE) return undefined;
        index = this.item(index, step);
      } else {
        if (event?.type !== EVENT_ID.MAPPING) return undefined;
        index = this.valueOfKey(index, step);
      }
      if (index < 0) return undefined;
    }
    return this.span(index);
  }

  /** The index of the n-th item of the sequence at `index`, or -1. */
  private item(index: number, n: number): number {
    const closing = this.closings();
    let at = index + 1;
    for (let i = 0; i < n; i++) {
      if (this.events[at]?.type === EVENT_ID.POP) return -1;
      at = closing[at]! + 1;
    }
    return this.events[at]?.type === EVENT_ID.POP ? -1 : at;
  }

  /** The index of the value whose key is `key` in the mapping at `index`, or -1. */
  private valueOfKey(index: number, key: string): number {
    const closing = this.closings();
    let at = index + 1;
    while (at < this.events.length && this.events[at]!.type !== EVENT_ID.POP) {
      const value = closing[at]! + 1;
      const event = this.events[at]!;
      if (event.type === EVENT_ID.SCALAR && untaggedValue(this.text, event) === key) return value;
      at = closing[value]! + 1;
    }
    return -1;
  }

  /** The place of the value at `index`: a scalar's own; a collection's from its start to the end of what it holds. */
  private span(index: number): readonly [number, number] {
    const event = this.events[index]!;
    if (event.type === EVENT_ID.SCALAR) return scalarSpan(event);
    const start = (event as { start: number }).start;
    let end = start + 1;
    const last = this.closings()[index]!;
    for (let i = index + 1; i < last; i++) {
      const inner = this.events[i]!;
      const innerEnd = inner.type === EVENT_ID.SCALAR ? scalarSpan(inner)[1] : inner.type === EVENT_ID.POP ? 0 : (inner as { start: number }).start + 1;
      if (innerEnd > end) end = innerEnd;
    }
    return [start, end];
  }

  /** For each event, the index of its last event: a scalar's own, a collection's closing one. */
  private closings(): Int32Array {
    if (this.closing) return this.closing;
    const closing = new Int32Array(this.events.length);
    const open: number[] = [];
    this.events.forEach((event, i) => {
      closing[i] = i;
      if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.DOCUMENT) open.push(i);
      else if (event.type === EVENT_ID.POP) {
        const opened = open.pop();
        if (opened !== undefined) closing[opened] = i;
      }
    });
    this.closing = closing;
    return closing;
  }
}
