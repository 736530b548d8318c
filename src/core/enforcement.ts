import { matcherIndex } from './detect/matcherIndex';
import type { Finding } from './findings';
import { computePhase, type Subject } from './phase';
import { blockHonoured, type EffectivePolicy } from './policy/mergeLayers';
import type { PolicyLayer } from './policy/types';

/** `extensions.allowed` as VS Code reads it: extension or publisher id → rule. */
export type AllowedExtensions = Readonly<Record<string, unknown>>;

/** `extensions.allowed` is an allow-list once set: "*": true keeps every other extension allowed. */
const EVERYTHING = '*';

/** This extension's own id: a policy can never make it disable itself. */
export const OWN_EXTENSION_ID = 'tool-policy.tool-policy-notices';

/**
 * Extensions `enforce: block` never disables, whatever the policy says or its wildcards
 * cover: this extension (it would silence the policy) and the editor's built-in ones.
 */
export function isProtectedExtension(id: string, builtIn = false): boolean {
  const lower = id.toLowerCase();
  return builtIn || lower === OWN_EXTENSION_ID || lower.startsWith('vscode.');
}

export interface BlockPlan {
  /** Extension ids to disable, lower case, sorted. */
  readonly block: string[];
  /** Ids a block rule covers that are protected and so left alone (shown, never disabled). */
  readonly spared: string[];
}

/** The ids one finding asks to block, and the protected ones it covers. */
export function blockPlanFor(finding: Finding): BlockPlan {
  if (!blockHonoured(finding.rule) || finding.phase.phase !== 'violation') return { block: [], spared: [] };
  const block = new Set<string>();
  const spared = new Set<string>();
  const consider = (id: string, builtIn = false) => (isProtectedExtension(id, builtIn) ? spared : block).add(id.toLowerCase());
  for (const evidence of finding.evidence) if (evidence.kind === 'extension') consider(evidence.extensionId, evidence.builtIn === true);
  for (const id of finding.tool.extensions) if (!id.includes('*')) consider(id);
  for (const id of spared) block.delete(id);
  return { block: [...block].sort(), spared: [...spared].sort() };
}

/**
 * Extension ids to block: those of enabled-or-disabled extension evidence and the exact
 * (non-wildcard) extension ids of tools whose honoured `enforce: block` rule is past its
 * deadline. Excepted findings and protected extensions are never blocked.
 */
export function extensionsToBlock(findings: readonly Finding[]): string[] {
  const ids = new Set<string>();
  // Asked on every publication: findings no block applies to (nearly all) cost a check, not a plan.
  for (const finding of findings) {
    if (finding.phase.phase !== 'violation' || !blockHonoured(finding.rule)) continue;
    for (const id of blockPlanFor(finding).block) ids.add(id);
  }
  return [...ids].sort();
}

/**
 * The ids blocked earlier that stay blocked: those an honoured block rule past its deadline
 * still covers, seen or not. A blocked extension stops running, and for a moment the editor
 * may list it nowhere; that must not lift the block it caused.
 */
export function extensionsStillBlocked(policy: EffectivePolicy, previouslyApplied: readonly string[], now: Date, subject: Subject): string[] {
  // The tools each layer's blocking rules cover, each distinct list of ids read once (the
  // `tool: "*"` rules of a file share one): then each id is a look-up in the layer's matchers.
  const coveredByLayer = new Map<PolicyLayer, Set<string>>();
  const walked = new Set<readonly string[]>();
  for (const rule of policy.rules) {
    if (!blockHonoured(rule) || computePhase(rule, now, rule.timezone, subject).phase !== 'violation') continue;
    let covered = coveredByLayer.get(rule.source.layer);
    if (!covered) {
      covered = new Set();
      coveredByLayer.set(rule.source.layer, covered);
    }
    if (walked.has(rule.tools)) continue;
    walked.add(rule.tools);
    for (const toolId of rule.tools) covered.add(toolId);
  }
  if (coveredByLayer.size === 0) return [];
  return previouslyApplied.filter((id) => id !== EVERYTHING && !isProtectedExtension(id) && [...coveredByLayer].some(([layer, covered]) =>
    matcherIndex(policy.toolsByLayer[layer]).extensionTools(id).some((tool) => covered.has(tool.id))));
}

export interface EnforcementPlan {
  /** The new value of the user-level `extensions.allowed`, or undefined when unchanged. */
  readonly allowed?: Record<string, unknown>;
  /** The keys this extension has written (ids set to false, and "*" when it added it), to undo later. */
  readonly applied: string[];
}


/**
 * Adds `id: false` for each id to block that the setting does not mention yet, and removes
 * the entries this extension added earlier that are no longer to be blocked. Creating the
 * setting from nothing also adds `"*": true`, since an allow-list blocks whatever it does
 * not name. Entries that someone else wrote are never touched.
 */
export function planEnforcement(current: AllowedExtensions | undefined, previouslyApplied: readonly string[], requested: readonly string[]): EnforcementPlan {
  const toBlock = requested.filter((id) => !isProtectedExtension(id));
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
