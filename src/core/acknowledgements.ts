/**
 * What a person has said they read, and when each finding was first seen (README
 * "Acknowledgements and first-seen times"). Pure data and the rules that keep it small;
 * src/machine/findingMemory.ts keeps it in the state folder.
 *
 * An acknowledgement holds for one rule as written: it records the rule's hash
 * (core/ruleHash.ts), so a rule whose text changes needs a new one. First-seen times are
 * kept per finding id (`<rule id>/<tool id>`), whatever the rule's text, so a grace
 * period counts from the first time the tool was found under that rule.
 */
import type { Finding } from './findings';
import { PHASE_SEVERITY, type Phase } from './phase';

export interface Acknowledgement {
  readonly ruleId: string;
  /** SHA-256 (hex) of the rule as written when it was acknowledged. */
  readonly hash: string;
  /** ISO 8601 instant. */
  readonly at: string;
  /** The rule's phase at that moment (its worst finding's). */
  readonly phase: Phase;
}

export interface FirstSeen {
  /** ISO 8601 instants. */
  readonly first: string;
  readonly last: string;
}

/** What the report and the panel are told about findings: read from the state folder. */
export interface FindingMemory {
  readonly acknowledgements: readonly Acknowledgement[];
  /** By finding id. */
  readonly firstSeen: Readonly<Record<string, FirstSeen>>;
}

export const EMPTY_MEMORY: FindingMemory = { acknowledgements: [], firstSeen: {} };

/**
 * Bounds: the files stay small whatever a policy holds or a machine has seen.
 * @internal bound the tests fill the store up to.
 */
export const MAX_ACKNOWLEDGEMENTS = 1000;
/**
 * @internal bound the tests fill the store up to.
 */
export const MAX_FIRST_SEEN = 2000;
/** A finding not seen for this long is forgotten: if it comes back, it is seen anew. */
const FIRST_SEEN_KEPT_DAYS = 180;

const PHASES: readonly Phase[] = ['notice', 'warning', 'violation', 'excepted'];
const HASH = /^[0-9a-f]{64}$/;
/** No rule or finding id comes near this; a longer one is not the product's. */
const MAX_ID_LENGTH = 1024;

const isInstant = (value: unknown): value is string => typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;

/** Up to this many acknowledgements are searched one by one; longer lists through an index. */
const SEARCH_AT_MOST = 8;
/**
 * Each long list's index by rule id, made once: the panel and the report ask once per
 * finding, and a policy may have tens of thousands. By id, not by id and hash: a rule's
 * hash is worked out only when an acknowledgement names its id.
 */
const indexes = new WeakMap<readonly Acknowledgement[], ReadonlyMap<string, readonly Acknowledgement[]>>();

/** The acknowledgement that holds for this rule as written now, if any (the first, should the list hold two). */
export function acknowledgementOf(rule: { readonly id: string; readonly hash: string }, acknowledgements: readonly Acknowledgement[]): Acknowledgement | undefined {
  const named = acknowledgements.length <= SEARCH_AT_MOST ? acknowledgements : byRuleId(acknowledgements).get(rule.id);
  return named?.find((ack) => ack.ruleId === rule.id && ack.hash === rule.hash);
}

function byRuleId(acknowledgements: readonly Acknowledgement[]): ReadonlyMap<string, readonly Acknowledgement[]> {
  let index = indexes.get(acknowledgements);
  if (!index) {
    const made = new Map<string, Acknowledgement[]>();
    for (const ack of acknowledgements) {
      const list = made.get(ack.ruleId);
      if (list) list.push(ack);
      else made.set(ack.ruleId, [ack]);
    }
    indexes.set(acknowledgements, made);
    index = made;
  }
  return index;
}

/**
 * The acknowledgements to record when the person acknowledges the rules `ruleIds` (every
 * rule with a finding when not given) at `now`: one per rule not yet acknowledged as
 * written now, with the rule's worst phase among its findings.
 */
export function acknowledgementsFor(findings: readonly Finding[], current: readonly Acknowledgement[], now: Date, ruleIds?: ReadonlySet<string>): Acknowledgement[] {
  const byRule = new Map<string, Acknowledgement>();
  for (const { rule, phase } of findings) {
    if ((ruleIds && !ruleIds.has(rule.id)) || acknowledgementOf(rule, current)) continue;
    const previous = byRule.get(rule.id);
    if (previous && PHASE_SEVERITY[previous.phase] >= PHASE_SEVERITY[phase.phase]) continue;
    byRule.set(rule.id, { ruleId: rule.id, hash: rule.hash, at: now.toISOString(), phase: phase.phase });
  }
  return [...byRule.values()];
}

/**
 * The list after recording `added`: one acknowledgement per rule id (a newer text's
 * replaces the older one's), the oldest dropped beyond MAX_ACKNOWLEDGEMENTS.
 */
export function withAcknowledgements(current: readonly Acknowledgement[], added: readonly Acknowledgement[]): { list: Acknowledgement[]; dropped: Acknowledgement[] } {
  const byRule = new Map<string, Acknowledgement>();
  const dropped: Acknowledgement[] = [];
  for (const ack of [...current, ...added]) {
    const previous = byRule.get(ack.ruleId);
    if (previous && previous.hash !== ack.hash) dropped.push(previous);
    byRule.set(ack.ruleId, ack);
  }
  const list = [...byRule.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  dropped.push(...list.splice(MAX_ACKNOWLEDGEMENTS));
  return { list, dropped };
}

/**
 * First-seen times after seeing `findingIds` at `now`: new ones start now, seen ones have
 * their last time moved on; entries not seen for FIRST_SEEN_KEPT_DAYS are dropped, and
 * beyond MAX_FIRST_SEEN the least recently seen go first.
 */
export function withSeen(current: Readonly<Record<string, FirstSeen>>, findingIds: readonly string[], now: Date): Record<string, FirstSeen> {
  const at = now.toISOString();
  const oldest = now.getTime() - FIRST_SEEN_KEPT_DAYS * 86_400_000;
  const entries = new Map<string, FirstSeen>();
  for (const [id, seen] of Object.entries(current)) if (Date.parse(seen.last) >= oldest) entries.set(id, seen);
  // Ids not known yet come after every known one and share the latest time seen; past
  // MAX_FIRST_SEEN of them, each has that many ahead of it and is never kept. So a scan
  // with tens of thousands of findings adds no more than that.
  let added = 0;
  for (const id of findingIds) {
    const seen = entries.get(id);
    if (seen === undefined) {
      if (added >= MAX_FIRST_SEEN) continue;
      added++;
    }
    // A first time later than now (a clock turned back) is not trusted to be first.
    entries.set(id, { first: seen && Date.parse(seen.first) <= now.getTime() ? seen.first : at, last: at });
  }
  // Each time read once, not in every comparison.
  const byLastSeen = [...entries].map(([id, seen]) => ({ id, seen, last: Date.parse(seen.last) })).sort((a, b) => b.last - a.last);
  const kept = byLastSeen.slice(0, MAX_FIRST_SEEN).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Object.fromEntries(kept.map(({ id, seen }) => [id, seen]));
}

/** Whether recording `findingIds` would change anything but their last-seen times within a day. */
export function seenChanges(current: Readonly<Record<string, FirstSeen>>, findingIds: readonly string[], now: Date): boolean {
  return findingIds.some((id) => {
    const seen = current[id];
    return seen === undefined || now.getTime() - Date.parse(seen.last) > 86_400_000;
  });
}

/** The acknowledgements file's content, or undefined when it is not exactly that shape. */
export function parseAcknowledgements(json: unknown): Acknowledgement[] | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { version, acknowledgements } = json as Record<string, unknown>;
  if (version !== 1 || !Array.isArray(acknowledgements) || acknowledgements.length > MAX_ACKNOWLEDGEMENTS) return undefined;
  const list: Acknowledgement[] = [];
  for (const item of acknowledgements as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { ruleId, hash, at, phase } = item as Record<string, unknown>;
    if (!isId(ruleId) || typeof hash !== 'string' || !HASH.test(hash) || !isInstant(at) || !PHASES.includes(phase as Phase)) return undefined;
    list.push({ ruleId, hash, at, phase: phase as Phase });
  }
  return list;
}

/** The first-seen file's content, or undefined when it is not exactly that shape. */
export function parseFirstSeen(json: unknown): Record<string, FirstSeen> | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { version, findings } = json as Record<string, unknown>;
  if (version !== 1 || typeof findings !== 'object' || findings === null || Array.isArray(findings)) return undefined;
  const entries = Object.entries(findings as Record<string, unknown>);
  if (entries.length > MAX_FIRST_SEEN) return undefined;
  const checked: [string, FirstSeen][] = [];
  for (const [id, value] of entries) {
    if (!isId(id) || typeof value !== 'object' || value === null) return undefined;
    const { first, last } = value as Record<string, unknown>;
    if (!isInstant(first) || !isInstant(last)) return undefined;
    checked.push([id, { first, last }]);
  }
  // Every id an own property, `__proto__` too (fromEntries defines, it does not assign), made
  // in one go: defining thousands of them one by one took tens of milliseconds.
  return Object.fromEntries(checked);
}

export const acknowledgementsFile = (list: readonly Acknowledgement[]) => ({ version: 1, acknowledgements: list });
export const firstSeenFile = (findings: Readonly<Record<string, FirstSeen>>) => ({ version: 1, findings });

/** The longest rule id part of a marker's name; with the dot and the 12 digits the name stays far below 255 bytes. */
const MAX_MARKER_ID_LENGTH = 120;

/**
 * The marker file of an acknowledgement, relative to the state folder:
 * `ack/<encoded rule id>.<first 12 hex digits of the hash>`. The rule id is kept as it is
 * when it is made of lowercase letters, digits and "-" (every valid rule id is); any other
 * character becomes `_` and its UTF-8 bytes in two uppercase hex digits each (`.` is
 * `_2E`, `/` is `_2F`), so the name never holds a separator, a dot of its own or `..`.
 * The encoded id is cut at 120 characters; the hash, which covers the whole id, keeps
 * such names apart.
 */
export function markerName(ruleId: string, hash: string): string {
  return `ack/${markerId(ruleId)}.${hash.slice(0, 12)}`;
}

function markerId(ruleId: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(ruleId)) {
    const char = String.fromCharCode(byte);
    out += /[a-z0-9-]/.test(char) ? char : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (out.length >= MAX_MARKER_ID_LENGTH) break;
  }
  return out.slice(0, MAX_MARKER_ID_LENGTH) || '_';
}
