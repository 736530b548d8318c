import { BUILT_IN_TOOLS } from '../catalog';
import type { ToolDefinition } from '../tools';
import { mergeToolDefinitions } from '../tools';
import { LAYER_ORDER, type LocalizedText, type Policy, type PolicyLayer, type PolicyProblem, type PolicyRule } from './types';

/** The state of one policy file. */
export interface SourceState {
  readonly layer: PolicyLayer;
  readonly path: string;
  /** missing: no file there; ok: applied; error: the file has problems. */
  readonly status: 'missing' | 'ok' | 'error';
  /** The policy in force from this file: the current one, or the last good one after a bad edit. */
  readonly policy?: Policy;
  readonly problems: readonly PolicyProblem[];
}

/** Something a lower layer tried that the merge refused. */
export interface IgnoredChange {
  readonly layer: PolicyLayer;
  readonly path: string;
  readonly message: string;
}

export interface EffectivePolicy {
  /** From the highest layer that has a policy. */
  readonly organization?: LocalizedText;
  readonly contact?: string;
  readonly policyUrl?: string;
  readonly rules: readonly PolicyRule[];
  readonly tools: readonly ToolDefinition[];
  readonly sources: readonly SourceState[];
  readonly ignored: readonly IgnoredChange[];
  /** Every problem of every source. */
  readonly problems: readonly PolicyProblem[];
}

/**
 * Combines the layers, highest first. A lower layer may add rules and tool matchers; it may
 * never replace or remove a rule of a higher layer, nor allow a tool a higher layer bans.
 * Every refused attempt is listed in `ignored`.
 */
export function mergeLayers(sources: readonly SourceState[]): EffectivePolicy {
  const ordered = [...sources].sort((a, b) => LAYER_ORDER.indexOf(a.layer) - LAYER_ORDER.indexOf(b.layer));
  const rules: PolicyRule[] = [];
  const rulesById = new Map<string, PolicyRule>();
  const ignored: IgnoredChange[] = [];
  let tools: ToolDefinition[] = [...BUILT_IN_TOOLS];
  let head: Policy | undefined;

  for (const source of ordered) {
    const policy = source.policy;
    if (!policy) continue;
    head ??= policy;
    tools = mergeToolDefinitions(tools, policy.tools);
    for (const allowedId of policy.allowed) {
      const higher = rules.find((rule) => rule.tools.includes(allowedId) && rule.source.layer !== source.layer);
      if (higher) {
        ignored.push({ layer: source.layer, path: source.path, message: `allowed: "${allowedId}" is ignored; the ${higher.source.layer} rule "${higher.id}" bans it` });
      }
    }
    for (const rule of policy.rules) {
      const clash = rulesById.get(rule.id);
      if (clash) {
        ignored.push({
          layer: source.layer,
          path: source.path,
          message: `rule "${rule.id}" is ignored: the ${clash.source.layer} policy already has a rule with this id, and a lower layer may only add rules`,
        });
        continue;
      }
      rules.push(rule);
      rulesById.set(rule.id, rule);
    }
  }

  return {
    ...(head ? { organization: head.organization } : {}),
    ...(head?.contact !== undefined ? { contact: head.contact } : {}),
    ...(head?.policyUrl !== undefined ? { policyUrl: head.policyUrl } : {}),
    rules,
    tools,
    sources: ordered,
    ignored,
    problems: ordered.flatMap((source) => source.problems),
  };
}
