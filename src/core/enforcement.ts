import type { Finding } from './findings';

/** `extensions.allowed` as VS Code reads it: extension or publisher id → rule. */
export type AllowedExtensions = Readonly<Record<string, unknown>>;

/**
 * Extension ids to block: those of enabled-or-disabled extension evidence and the exact
 * (non-wildcard) extension ids of tools whose `enforce: block` rule is past its deadline.
 * Excepted findings are never blocked.
 */
export function extensionsToBlock(findings: readonly Finding[]): string[] {
  const ids = new Set<string>();
  for (const finding of findings) {
    if (finding.rule.enforce !== 'block' || finding.phase.phase !== 'violation') continue;
    for (const evidence of finding.evidence) if (evidence.kind === 'extension') ids.add(evidence.extensionId.toLowerCase());
    for (const id of finding.tool.extensions) if (!id.includes('*')) ids.add(id.toLowerCase());
  }
  return [...ids].sort();
}

export interface EnforcementPlan {
  /** The new value of the user-level `extensions.allowed`, or undefined when unchanged. */
  readonly allowed?: Record<string, unknown>;
  /** The keys this extension has written (ids set to false, and "*" when it added it), to undo later. */
  readonly applied: string[];
}

/** `extensions.allowed` is an allow-list once set: "*": true keeps every other extension allowed. */
const EVERYTHING = '*';

/**
 * Adds `id: false` for each id to block that the setting does not mention yet, and removes
 * the entries this extension added earlier that are no longer to be blocked. Creating the
 * setting from nothing also adds `"*": true`, since an allow-list blocks whatever it does
 * not name. Entries that someone else wrote are never touched.
 */
export function planEnforcement(current: AllowedExtensions | undefined, previouslyApplied: readonly string[], toBlock: readonly string[]): EnforcementPlan {
  const next: Record<string, unknown> = { ...(current ?? {}) };
  const keyOf = (id: string) => Object.keys(next).find((key) => key.toLowerCase() === id);
  let changed = false;
  const applied: string[] = [];
  for (const id of previouslyApplied) {
    if (id === EVERYTHING) continue;
    const key = keyOf(id);
    if (toBlock.includes(id)) {
      if (key !== undefined && next[key] === false) applied.push(id);
      continue;
    }
    if (key !== undefined && next[key] === false) {
      delete next[key];
      changed = true;
    }
  }
  for (const id of toBlock) {
    if (applied.includes(id) || keyOf(id) !== undefined) continue;
    next[id] = false;
    applied.push(id);
    changed = true;
  }
  const ownsEverything = previouslyApplied.includes(EVERYTHING) && next[EVERYTHING] === true;
  if (applied.length > 0 && (ownsEverything || next[EVERYTHING] === undefined && Object.keys(next).every((key) => applied.includes(key)))) {
    if (next[EVERYTHING] === undefined) changed = true;
    next[EVERYTHING] = true;
    applied.push(EVERYTHING);
  } else if (applied.length === 0 && ownsEverything) {
    delete next[EVERYTHING];
    changed = true;
  }
  return changed ? { allowed: next, applied: applied.sort() } : { applied: applied.sort() };
}
