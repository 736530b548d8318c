import { checkFormat, nameInMessage, quote } from './formats';
import { LANGUAGE_TAG } from './localizedText';
import type { ProblemList } from './problemList';
import type { Spec } from './schema';
import type { PlaceOf } from './yamlShape';
import { isAlias, isMapping, isScalar, isSequence, spanOf, type YamlMapping, type YamlNode as Node } from './yamlTree';
import { suggestKey } from './suggest';

export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue }
  /** Localised text: language tag → text, in the order written. */
  | ReadonlyMap<string, string>;

const propertyMaps = new WeakMap<Spec, ReadonlyMap<string, Spec>>();

/**
 * A mapping's known keys as a Map: looking a key from the file up in a plain object would
 * find `constructor`, `toString` or `__proto__` on its prototype. Made once per spec, for
 * this check and for the quick way (eventRead.ts).
 */
export function propertiesOf(spec: Spec & { type: 'object' }): ReadonlyMap<string, Spec> {
  let map = propertyMaps.get(spec);
  if (!map) {
    map = new Map(Object.entries(spec.properties));
    propertyMaps.set(spec, map);
  }
  return map;
}

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

/** What a node holds, for "expected …, got …". */
function shownValue(node: Node | undefined): unknown {
  if (isScalar(node)) return node.value;
  if (isSequence(node)) return [];
  if (isMapping(node)) return {};
  return null;
}

const TEXT: Spec = { type: 'string', format: 'text', description: '' };

/**
 * Checks a document against the format description (schema.ts) and turns it into plain
 * data. Every problem is reported, not only the first: a field that fails is left out of
 * its mapping (and an item that fails is null in its list, so the others keep their
 * index), and the rest is still checked and returned, so that the checks after this one
 * (known tools, repeated ids) can name their problems in the same pass.
 */
export class FieldChecker {
  constructor(
    private readonly aliases: ReadonlyMap<Node, Node | undefined>,
    private readonly placeOf: PlaceOf,
    private readonly problems: ProblemList,
    private readonly maxNesting: number,
  ) {}

  private report(node: Node | undefined, path: string, message: string): undefined {
    this.problems.add(path, message, () => this.placeOf(node ? spanOf(node) : undefined));
    return undefined;
  }

  private wrongType(node: Node | undefined, spec: Spec, path: string): undefined {
    if (this.problems.full) this.problems.countUnlisted();
    else this.report(node, path, `expected ${expectedOf(spec)}, got ${describeType(shownValue(node))}`);
    return undefined;
  }

  /** The value of `node` if it fits `spec`; undefined (with the problems reported) if it does not. */
  check(node: Node | undefined, spec: Spec, path: string, depth: number): PlainValue | undefined {
    if (depth > this.maxNesting) return this.report(node, path, 'nested too deeply');
    const current = isAlias(node) ? this.aliases.get(node) : node;
    switch (spec.type) {
      case 'string':
      case 'integer':
      case 'const':
      case 'enum':
        return isScalar(current) ? this.checkScalar(current, spec, path) : this.wrongType(current, spec, path);
      case 'localized-text':
        if (isScalar(current) && typeof current.value === 'string') return this.checkScalar(current, TEXT, path);
        return isMapping(current) ? this.checkLanguageMap(current, path, depth) : this.wrongType(current, spec, path);
      case 'one-or-many':
        return isSequence(current) ? this.checkList(current, spec.items, path, depth, 1) : this.check(current, spec.items, path, depth);
      case 'array':
        return isSequence(current) ? this.checkList(current, spec.items, path, depth, spec.minItems) : this.wrongType(current, spec, path);
      case 'object':
        return isMapping(current) ? this.checkMapping(current, spec, path, depth) : this.wrongType(current, spec, path);
    }
  }

  private checkScalar(node: Node & { kind: 'scalar' }, spec: Spec, path: string): PlainValue | undefined {
    const value = node.value;
    switch (spec.type) {
      case 'string': {
        if (typeof value !== 'string') return this.wrongType(node, spec, path);
        const problem = checkFormat(spec.format, value);
        return problem ? this.report(node, path, problem) : value;
      }
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) return this.wrongType(node, spec, path);
        return value < spec.minimum || value > spec.maximum ? this.report(node, path, `${value} is out of range (${spec.minimum} to ${spec.maximum})`) : value;
      case 'const':
        return value === spec.value ? value : this.report(node, path, `${describeType(value)} is not supported; this extension reads format version ${spec.value}`);
      case 'enum':
        return typeof value === 'string' && spec.values.includes(value) ? value : this.report(node, path, `${describeType(value)} is not one of ${expectedOf(spec)}`);
      default:
        return this.wrongType(node, spec, path);
    }
  }

  private checkList(node: Node & { kind: 'sequence' }, items: Spec, path: string, depth: number, minItems: number | undefined): PlainValue[] | undefined {
    if (minItems !== undefined && node.items.length < minItems) {
      return this.report(node, path, `${path || 'the document'} needs at least ${minItems} ${minItems === 1 ? 'entry' : 'entries'}`);
    }
    const out: PlainValue[] = [];
    node.items.forEach((item, index) => {
      out.push(this.check(item, items, `${path}[${index}]`, depth + 1) ?? null);
    });
    return out;
  }

  // Only keys found in the Map of known keys are ever set, so nothing a file says
  // (`__proto__`, `constructor`) can reach Object.prototype.
  private checkMapping(node: YamlMapping, spec: Spec & { type: 'object' }, path: string, depth: number): { [key: string]: PlainValue } {
    const out: { [key: string]: PlainValue } = {};
    const properties = propertiesOf(spec);
    // Only the required keys are remembered: a large file has a mapping per rule and per
    // tool, and a set of every key of each would be made and dropped for each of them.
    const requiredFound: string[] = [];
    for (const pair of node.items) {
      const keyNode = isAlias(pair.key) ? this.aliases.get(pair.key) : pair.key;
      const key = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof key !== 'string') {
        this.report(pair.key, path, `keys must be text, got ${describeType(key)}`);
        continue;
      }
      if (spec.required.includes(key)) requiredFound.push(key);
      const fieldSpec = properties.get(key);
      if (!fieldSpec) {
        this.unknownKey(pair.key, key, path, properties);
        continue;
      }
      const value = this.check(pair.value, fieldSpec, path ? `${path}.${key}` : key, depth + 1);
      if (value !== undefined) out[key] = value;
    }
    for (const required of spec.required) {
      if (!requiredFound.includes(required)) this.report(node, path ? `${path}.${required}` : required, `${required} is required`);
    }
    return out;
  }

  private unknownKey(keyNode: Node, key: string, path: string, properties: ReadonlyMap<string, Spec>): void {
    // Past the listing limit the message would only be counted, not shown: no suggestion search.
    if (this.problems.full) {
      this.problems.countUnlisted();
      return;
    }
    // A key the format does not know is shown the way a message shows a name.
    const shownKey = nameInMessage(key);
    const known = [...properties.keys()];
    const suggestion = suggestKey(key, known);
    this.report(keyNode, path ? `${path}.${shownKey}` : shownKey,
      `unknown key ${quote(key)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed here: ${known.join(', ')}`);
  }

  // A Map, not an object: a tag can never reach an object's prototype properties.
  private checkLanguageMap(map: YamlMapping, path: string, depth: number): ReadonlyMap<string, string> | undefined {
    if (map.items.length === 0) return this.report(map, path, 'the map of languages is empty; give at least one language tag and its text');
    const out = new Map<string, string>();
    const seen = new Map<string, string>();
    for (const pair of map.items) {
      const keyNode = isAlias(pair.key) ? this.aliases.get(pair.key) : pair.key;
      const tag = isScalar(keyNode) ? keyNode.value : undefined;
      if (typeof tag !== 'string' || !LANGUAGE_TAG.test(tag)) {
        this.report(keyNode, path, `${describeType(tag)} is not a language tag (expected e.g. en, zh-cn, pt-BR)`);
        continue;
      }
      const fieldPath = `${path}.${nameInMessage(tag)}`;
      const earlier = seen.get(tag.toLowerCase());
      if (earlier !== undefined) {
        this.report(keyNode, fieldPath, `language ${quote(tag)} is given twice (also as ${quote(earlier)}); tags are compared without regard to case`);
        continue;
      }
      seen.set(tag.toLowerCase(), tag);
      const value = this.check(pair.value, TEXT, fieldPath, depth + 1);
      if (typeof value === 'string') out.set(tag, value);
    }
    return out.size > 0 ? out : undefined;
  }
}
