import { BUILT_IN_TOOLS } from '../catalog';
import type { ToolDefinition } from '../tools';
import { quote } from './formats';
import { mergeToolDefinitionSteps } from '../tools';
import { Pace, runToEnd, type Steps } from '../steps';
import { LAYER_ORDER, type LocalizedText, type Policy, type PolicyLayer, type PolicyProblem, type PolicyRule } from './types';

/** Layers whose `enforce: block` is carried out; a workspace rule with it only notifies. */
const BLOCKING_LAYERS: readonly PolicyLayer[] = ['managed', 'user'];

/** Whether `enforce: block` on this rule is carried out (see BLOCKING_LAYERS). */
export function blockHonoured(rule: PolicyRule): boolean {
  return rule.enforce === 'block' && BLOCKING_LAYERS.includes(rule.source.layer);
}

/** The state of one policy file. */
export interface SourceState {
  readonly layer: PolicyLayer;
  readonly path: string;
  /** missing: no file there; ok: applied; error: the file has problems. */
  readonly status: 'missing' | 'ok' | 'error';
  /** The policy in force from this file: the current one, or the last good one after a bad edit. */
  readonly policy?: Policy;
  /** True when `policy` is a last good version kept from an earlier session (the file was broken at start-up). */
  readonly lastGoodRestored?: boolean;
  readonly problems: readonly PolicyProblem[];
  /** What the file may mean other than its author meant; it still applies. */
  readonly warnings?: readonly PolicyProblem[];
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
  /** Every known tool with the matchers of every layer: what the terminal watcher listens for. */
  readonly tools: readonly ToolDefinition[];
  /**
   * The tools a rule of each layer is matched with: the catalog plus the `tools:` of that
   * layer and the layers above it. A lower layer's matchers never reach a higher layer's
   * rules, so a workspace file cannot point the organisation's block at another extension.
   * Layers that add nothing share the same array.
   */
  readonly toolsByLayer: Readonly<Record<PolicyLayer, readonly ToolDefinition[]>>;
  readonly sources: readonly SourceState[];
  readonly ignored: readonly IgnoredChange[];
  /** Every problem of every source. */
  readonly problems: readonly PolicyProblem[];
  /** Every warning of every applied source. */
  readonly warnings: readonly PolicyProblem[];
}

/**
 * Combines the layers, highest first. A lower layer may add rules and tool matchers; it may
 * never replace or remove a rule of a higher layer, nor allow a tool a higher layer bans,
 * nor widen a higher layer's rules with its matchers. `enforce: block` is honoured from the
 * managed and user layers only. Every refused attempt is listed in `ignored`.
 */
export function mergeLayers(sources: readonly SourceState[]): EffectivePolicy {
  return runToEnd(mergeLayerSteps(sources));
}

/** The same, in pieces (src/core/steps.ts): the editor merges three 1 MiB layers without stalling. */
export function* mergeLayerSteps(sources: readonly SourceState[]): Steps<EffectivePolicy> {
  const pace = new Pace();
  const ordered = [...sources].sort((a, b) => LAYER_ORDER.indexOf(a.layer) - LAYER_ORDER.indexOf(b.layer));
  const rules: PolicyRule[] = [];
  const rulesById = new Map<string, PolicyRule>();
  /** The first rule naming each tool: sources come highest layer first, so it is from the highest layer. */
  const firstRuleByTool = new Map<string, PolicyRule>();
  /** Tool-id lists already walked: the `tool: "*"` rules of one file share one list. */
  const walkedToolLists = new Set<readonly string[]>();
  const ignored: IgnoredChange[] = [];
  let tools: readonly ToolDefinition[] = BUILT_IN_TOOLS;
  const toolsByLayer: Record<PolicyLayer, readonly ToolDefinition[]> = { managed: tools, user: tools, workspace: tools };
  let head: Policy | undefined;

  for (const source of ordered) {
    const policy = source.policy;
    if (!policy) continue;
    head ??= policy;
    // The same array when the layer adds nothing: layers that add nothing share one tool set.
    tools = yield* mergeToolDefinitionSteps(tools, policy.tools);
    // This layer and every lower one see the matchers gathered so far.
    for (const layer of LAYER_ORDER.slice(LAYER_ORDER.indexOf(source.layer))) toolsByLayer[layer] = tools;
    for (const allowedId of policy.allowed) {
      const higher = firstRuleByTool.get(allowedId);
      if (higher && higher.source.layer !== source.layer) {
        ignored.push({ layer: source.layer, path: source.path, message: `allowed: ${quote(allowedId)} is ignored; the ${higher.source.layer} rule ${quote(higher.id)} bans it` });
      }
    }
    for (const rule of policy.rules) {
      if (pace.due()) yield;
      const clash = rulesById.get(rule.id);
      if (clash) {
        ignored.push({
          layer: source.layer,
          path: source.path,
          message: `rule ${quote(rule.id)} is ignored: the ${clash.source.layer} policy already has a rule with this id, and a lower layer may only add rules`,
        });
        continue;
      }
      if (rule.enforce === 'block' && !BLOCKING_LAYERS.includes(source.layer)) {
        ignored.push({
          layer: source.layer,
          path: source.path,
          message: `rule ${quote(rule.id)}: enforce: block is not honoured from a ${source.layer} policy (only managed and user policies may block); it notifies instead`,
        });
      }
      rules.push(rule);
      rulesById.set(rule.id, rule);
      if (walkedToolLists.has(rule.tools)) continue;
      walkedToolLists.add(rule.tools);
      for (const tool of rule.tools) {
        if (pace.due()) yield;
        if (!firstRuleByTool.has(tool)) firstRuleByTool.set(tool, rule);
      }
    }
  }

  return {
    ...(head ? { organization: head.organization } : {}),
    ...(head?.contact !== undefined ? { contact: head.contact } : {}),
    ...(head?.policyUrl !== undefined ? { policyUrl: head.policyUrl } : {}),
    rules,
    tools,
    toolsByLayer,
    sources: ordered,
    ignored,
    problems: ordered.flatMap((source) => source.problems),
    warnings: ordered.flatMap((source) => source.warnings ?? []),
  };
}
