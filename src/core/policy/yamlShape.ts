import { nameInMessage, quote } from './formats';
import type { PolicyProblemPlace } from './types';
import { isAlias, isMapping, isScalar, isSequence, spanOf, type YamlNode as Node } from './yamlTree';

/**
 * Aliases may reuse values freely as long as expanding them adds no more than this many
 * values to the document; more is an alias bomb (a few lines that expand to billions).
 * The cost of reading a file is proportional to its expanded size, so this bounds it.
 */
const MAX_ALIAS_EXPANSION = 200_000;

/** Explicit tags that only restate what plain YAML means, by the kind of node they fit; every other tag is refused. */
const PLAIN_TAGS: Readonly<Record<Exclude<Node['kind'], 'alias'>, ReadonlySet<string>>> = {
  scalar: new Set(['str', 'int', 'float', 'bool', 'null'].map((name) => `tag:yaml.org,2002:${name}`)),
  sequence: new Set(['tag:yaml.org,2002:seq']),
  mapping: new Set(['tag:yaml.org,2002:map']),
};

/** Mappings up to this size find a repeated key by comparing keys; larger ones use a map. */
const SMALL_MAPPING = 12;

export type PlaceOf = (range: readonly number[] | null | undefined) => PolicyProblemPlace;
/** Where the shape check reports: a problem of the document, with no field path. */
export type ShapeReport = (place: () => PolicyProblemPlace, message: string) => void;

function tagName(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * One pass over the parsed document, in document order: resolves every alias to the
 * anchor defined last before it, refuses undefined aliases, aliases inside their own
 * anchor, tags other than plain ones, keys that are not plain values, and duplicate keys;
 * and counts how many values the aliases would add when expanded. Linear in the document.
 */
export function checkShape(root: Node, placeOf: PlaceOf, report: ShapeReport): Map<Node, Node | undefined> {
  const anchors = new Map<string, Node>();
  const resolved = new Map<Node, Node | undefined>();
  /** Expanded size of each finished anchored node (only those are ever aliased); one still being walked is absent. */
  const sizes = new Map<Node, number>();
  let expansion = 0;
  let bombReported = false;

  const aliasSize = (node: Node & { kind: 'alias' }): number => {
    const target = anchors.get(node.source);
    resolved.set(node, target);
    if (!target) {
      report(() => placeOf(spanOf(node)), `the alias *${nameInMessage(node.source)} refers to no anchor; define &${nameInMessage(node.source)} before it`);
      return 1;
    }
    const size = sizes.get(target);
    if (size === undefined) {
      report(() => placeOf(spanOf(node)), `the alias *${nameInMessage(node.source)} is inside the value it refers to, which would repeat forever`);
      return 1;
    }
    expansion += size;
    if (expansion > MAX_ALIAS_EXPANSION && !bombReported) {
      bombReported = true;
      report(() => placeOf(spanOf(node)), `the file's YAML aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en')} values (an alias bomb); write the values out instead`);
    }
    return size;
  };

  // No depth guard here: readYaml already refused nesting past its limit, and the walk
  // does not follow aliases (the field check does, and bounds its own depth).
  const walk = (node: Node): number => {
    if (isAlias(node)) return aliasSize(node);
    if (node.anchor !== undefined) anchors.set(node.anchor, node);
    if (node.tag !== undefined) checkTag(node, placeOf, report);
    let size = 1;
    if (isSequence(node)) {
      for (const item of node.items) size += walk(item);
    } else if (isMapping(node)) {
      size += walkMapping(node);
    }
    if (node.anchor !== undefined) sizes.set(node, size);
    return size;
  };

  const walkMapping = (node: Node & { kind: 'mapping' }): number => {
    let size = 0;
    const seen = node.items.length > SMALL_MAPPING ? new Map<unknown, Node>() : undefined;
    node.items.forEach(({ key: keyNode, value }, index) => {
      if (isScalar(keyNode) && keyNode.empty && keyNode.tag === undefined) {
        report(() => placeOf(spanOf(isScalar(value) && value.empty ? keyNode : value)), 'a value has no key');
      } else if (isMapping(keyNode) || isSequence(keyNode)) {
        report(() => placeOf(spanOf(keyNode)), 'complex keys such as "? [a, b]" are not allowed; keys must be plain text');
      }
      size += walk(keyNode);
      const key = isAlias(keyNode) ? resolved.get(keyNode) : keyNode;
      if (isScalar(key)) {
        const first = seen ? seen.get(key.value) : earlierKey(node, index, key.value, resolved);
        if (first !== undefined) {
          report(() => placeOf(spanOf(keyNode)), `YAML syntax error: Map keys must be unique; ${quote(String(key.value))} is already set on line ${placeOf(spanOf(first)).line}`);
        } else {
          seen?.set(key.value, keyNode);
        }
      }
      size += walk(value);
    });
    return size;
  };

  walk(root);
  return resolved;
}

/** In a small mapping: the first key before `index` with this value, if any. */
function earlierKey(node: Node & { kind: 'mapping' }, index: number, value: unknown, resolved: ReadonlyMap<Node, Node | undefined>): Node | undefined {
  for (let i = 0; i < index; i++) {
    const keyNode = (node.items[i] as { key: Node }).key;
    const key = isAlias(keyNode) ? resolved.get(keyNode) : keyNode;
    // SameValueZero, as a Map compares keys: `.nan` twice is a repeated key too.
    if (isScalar(key) && (key.value === value || (Number.isNaN(key.value) && Number.isNaN(value)))) return keyNode;
  }
  return undefined;
}

/** A tag may only restate what the value already is (`!!str`, `!!int` on a number, …). */
function checkTag(node: Exclude<Node, { kind: 'alias' }>, placeOf: PlaceOf, report: ShapeReport): void {
  const tag = node.tag ?? '';
  const at = () => placeOf(node.tagOffset === undefined ? spanOf(node) : [node.tagOffset, node.tagOffset + tagName(tag).length]);
  if (!tag.startsWith('tag:yaml.org,2002:')) {
    report(at, `unknown tag ${nameInMessage(tagName(tag))}; a policy uses plain YAML without tags`);
  } else if (!PLAIN_TAGS[node.kind].has(tag)) {
    report(at, `the tag ${nameInMessage(tagName(tag))} is not supported in a policy; write plain text without a tag`);
  } else if (isScalar(node) && node.value === undefined) {
    report(at, `the tag ${tagName(tag)} does not fit this value; write the value without a tag`);
  }
}
