import { evidenceKey, isActiveEvidence, type Evidence, type Observation } from './detect/evidence';
import { gatherEvidence, type Observables } from './detect/gatherEvidence';
import { isDateOnly } from './dates';
import { computePhase, PHASE_SEVERITY, type PhaseInfo, type Subject } from './phase';
import type { EffectivePolicy } from './policy/mergeLayers';
import { LAYER_ORDER, type PolicyLayer, type PolicyRule } from './policy/types';
import type { ToolDefinition } from './tools';
import { findTool } from './tools';
import { matcherIndexSteps } from './detect/matcherIndex';
import { Pace, runToEnd, sortInPieces, type Steps } from './steps';

/** One rule broken by one tool, with everything that shows it. */
export interface Finding {
  /** `<rule id>/<tool id>`: stable across rescans. */
  readonly id: string;
  readonly rule: PolicyRule;
  readonly tool: ToolDefinition;
  readonly phase: PhaseInfo;
  readonly evidence: readonly Evidence[];
  /** False when the tool is only installed (a CLI on PATH, a disabled extension), not in use. */
  readonly active: boolean;
}

/**
 * The findings of `rules` (one layer's) against what was observed with their tool set. A
 * tool named by several rules yields one finding per rule. The work is linear in the
 * observations, the distinct tool lists of the rules and the findings made: evidence is
 * grouped by tool once, each distinct list (every `tool: "*"` rule of a file shares one) is
 * narrowed to the tools with evidence once, and each rule's phase is worked out once.
 */
function* unsortedFindings(
  rules: readonly PolicyRule[],
  tools: readonly ToolDefinition[],
  observations: readonly Observation[],
  now: Date,
  subject: Subject,
): Steps<Finding[]> {
  const pace = new Pace();
  const byTool = new Map<string, { readonly evidence: Evidence[]; readonly keys: Set<string> }>();
  for (const observation of observations) {
    if (pace.due()) yield;
    let entry = byTool.get(observation.toolId);
    if (!entry) {
      entry = { evidence: [], keys: new Set() };
      byTool.set(observation.toolId, entry);
    }
    const key = evidenceKey(observation.evidence);
    if (entry.keys.has(key)) continue;
    entry.keys.add(key);
    entry.evidence.push(observation.evidence);
  }
  if (byTool.size === 0) return [];
  const withEvidence = new Map<readonly string[], readonly { readonly tool: ToolDefinition; readonly evidence: Evidence[]; readonly active: boolean }[]>();
  const evidencedTools = (ids: readonly string[]) => {
    let found = withEvidence.get(ids);
    if (!found) {
      found = ids.flatMap((id) => {
        const evidence = byTool.get(id)?.evidence;
        const tool = evidence ? findTool(tools, id) : undefined;
        return evidence && tool ? [{ tool, evidence, active: evidence.some(isActiveEvidence) }] : [];
      });
      withEvidence.set(ids, found);
    }
    return found;
  };
  const findings: Finding[] = [];
  const phases = new PhasesOfRules(now, subject);
  for (const rule of rules) {
    const found = evidencedTools(rule.tools);
    if (pace.due(1 + found.length)) yield;
    if (found.length === 0) continue;
    const phase = phases.of(rule);
    for (const { tool, evidence, active } of found) findings.push({ id: `${rule.id}/${tool.id}`, rule, tool, phase, evidence, active });
  }
  return findings;
}

/**
 * Phases worked out once per distinct deadline, notice and zone: without exceptions, that is
 * all a rule's phase depends on, and the rules of a large policy share a handful of dates.
 * A rule with exceptions is worked out on its own (they may name the person or a folder).
 */
class PhasesOfRules {
  private readonly known = new Map<string, PhaseInfo>();

  constructor(private readonly now: Date, private readonly subject: Subject) {}

  of(rule: PolicyRule): PhaseInfo {
    if (rule.exceptions.length > 0) return computePhase(rule, this.now, rule.timezone, this.subject);
    const key = `${rule.deadline?.getTime() ?? ''}|${isDateOnly(rule.deadlineText) ? 1 : 0}|${rule.noticeDays}|${rule.timezone}`;
    let phase = this.known.get(key);
    if (!phase) {
      phase = computePhase(rule, this.now, rule.timezone, this.subject);
      this.known.set(key, phase);
    }
    return phase;
  }
}

/** One collator for every sort, made on first use: `localeCompare` sets one up on each call, and a large policy sorts thousands of findings. */
let collator: Intl.Collator | undefined;
// The same text is equal under any collation: a large policy's findings mostly share a tool name.
const compareText = (a: string, b: string) => (a === b ? 0 : (collator ??= new Intl.Collator()).compare(a, b));

/** In use first, then the worst phase, then by tool name and rule id. */
const findingOrder = (a: Finding, b: Finding): number =>
  Number(b.active) - Number(a.active) || PHASE_SEVERITY[b.phase.phase] - PHASE_SEVERITY[a.phase.phase] || compareText(a.tool.name, b.tool.name) || compareText(a.rule.id, b.rule.id);

/**
 * The findings of an effective policy: each layer's rules are matched with the tools that
 * layer may see (`toolsByLayer`), so matchers a lower layer adds never reach a higher
 * layer's rules. Evidence is gathered once per distinct tool set.
 * @internal the whole of it at once, as the unit tests ask; the editor runs `evaluatePolicySteps`.
 */
export function evaluatePolicy(policy: EffectivePolicy, seen: Observables, now: Date, subject: Subject): Finding[] {
  return runToEnd(evaluatePolicySteps(policy, seen, now, subject));
}

/** The same, in pieces (src/core/steps.ts): each tool set's matcher index is built in pieces before evidence is gathered with it. */
export function evaluatePolicySteps(policy: EffectivePolicy, seen: Observables, now: Date, subject: Subject): Steps<Finding[]> {
  return evaluateSteps(policy, (tools) => gatherEvidence(tools, seen), now, subject, matcherIndexSteps);
}

/**
 * The same, for callers that observe in their own way (the command line's machine scan):
 * `observe` is called once per distinct tool set. A tool named by several rules yields one
 * finding per rule; findings in use come first, then the worst phase, then by tool name.
 */
export function evaluateByLayer(policy: EffectivePolicy, observe: (tools: readonly ToolDefinition[]) => Observation[], now: Date, subject: Subject): Finding[] {
  return runToEnd(evaluateSteps(policy, observe, now, subject));
}

function* evaluateSteps(
  policy: EffectivePolicy,
  observe: (tools: readonly ToolDefinition[]) => Observation[],
  now: Date,
  subject: Subject,
  /** Work `observe` needs for a tool set, done in pieces before it is called. */
  prepare?: (tools: readonly ToolDefinition[]) => Steps<unknown>,
): Steps<Finding[]> {
  const gathered = new Map<readonly ToolDefinition[], Observation[]>();
  const findings: Finding[] = [];
  const rulesByLayer = new Map<PolicyLayer, PolicyRule[]>();
  const pace = new Pace();
  for (const rule of policy.rules) {
    if (pace.due()) yield;
    const list = rulesByLayer.get(rule.source.layer);
    if (list) list.push(rule);
    else rulesByLayer.set(rule.source.layer, [rule]);
  }
  for (const layer of LAYER_ORDER) {
    const rules = rulesByLayer.get(layer);
    if (!rules) continue;
    const tools = policy.toolsByLayer[layer];
    let observations = gathered.get(tools);
    if (!observations) {
      if (prepare) yield* prepare(tools);
      observations = observe(tools);
      gathered.set(tools, observations);
    }
    // A loop, not push(...): a large policy makes more findings than a call takes arguments.
    for (const finding of yield* unsortedFindings(rules, tools, observations, now, subject)) findings.push(finding);
  }
  return yield* sortInPieces(findings, findingOrder);
}

/** The earliest instant at which any finding changes phase by itself. */
export function nextPhaseChange(findings: readonly Finding[]): Date | undefined {
  return findings
    .map((finding) => finding.phase.nextChange)
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0];
}
