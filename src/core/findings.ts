import { evidenceKey, isActiveEvidence, type Evidence, type Observation } from './detect/evidence';
import { gatherEvidence, type Observables } from './detect/gatherEvidence';
import { computePhase, PHASE_SEVERITY, type PhaseInfo, type Subject } from './phase';
import type { EffectivePolicy } from './policy/mergeLayers';
import { LAYER_ORDER, type PolicyRule } from './policy/types';
import type { ToolDefinition } from './tools';
import { findTool } from './tools';

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
 * Applies rules to what was observed. A tool named by several rules yields one finding
 * per rule; findings in use come first, then the worst phase, then by tool name.
 */
export function evaluateFindings(
  rules: readonly PolicyRule[],
  tools: readonly ToolDefinition[],
  observations: readonly Observation[],
  now: Date,
  subject: Subject,
): Finding[] {
  return sortFindings(unsortedFindings(rules, tools, observations, now, subject));
}

function unsortedFindings(
  rules: readonly PolicyRule[],
  tools: readonly ToolDefinition[],
  observations: readonly Observation[],
  now: Date,
  subject: Subject,
): Finding[] {
  const byTool = new Map<string, Evidence[]>();
  for (const observation of observations) {
    const list = byTool.get(observation.toolId) ?? [];
    if (!list.some((existing) => evidenceKey(existing) === evidenceKey(observation.evidence))) list.push(observation.evidence);
    byTool.set(observation.toolId, list);
  }
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const toolId of rule.tools) {
      const evidence = byTool.get(toolId);
      const tool = findTool(tools, toolId);
      if (!evidence || evidence.length === 0 || !tool) continue;
      findings.push({ id: `${rule.id}/${toolId}`, rule, tool, phase: computePhase(rule, now, rule.timezone, subject), evidence, active: evidence.some(isActiveEvidence) });
    }
  }
  return findings;
}

/** One collator for every sort, made on first use: `localeCompare` sets one up on each call, and a large policy sorts thousands of findings. */
let collator: Intl.Collator | undefined;
const compareText = (a: string, b: string) => (collator ??= new Intl.Collator()).compare(a, b);

/** In use first, then the worst phase, then by tool name and rule id. */
function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    Number(b.active) - Number(a.active) || PHASE_SEVERITY[b.phase.phase] - PHASE_SEVERITY[a.phase.phase] || compareText(a.tool.name, b.tool.name) || compareText(a.rule.id, b.rule.id));
}

/**
 * The findings of an effective policy: each layer's rules are matched with the tools that
 * layer may see (`toolsByLayer`), so matchers a lower layer adds never reach a higher
 * layer's rules. Evidence is gathered once per distinct tool set.
 */
export function evaluatePolicy(policy: EffectivePolicy, seen: Observables, now: Date, subject: Subject): Finding[] {
  return evaluateByLayer(policy, (tools) => gatherEvidence(tools, seen), now, subject);
}

/** The same, for callers that observe in their own way (the command line's machine scan). */
export function evaluateByLayer(policy: EffectivePolicy, observe: (tools: readonly ToolDefinition[]) => Observation[], now: Date, subject: Subject): Finding[] {
  const gathered = new Map<readonly ToolDefinition[], Observation[]>();
  const findings: Finding[] = [];
  for (const layer of LAYER_ORDER) {
    const rules = policy.rules.filter((rule) => rule.source.layer === layer);
    if (rules.length === 0) continue;
    const tools = policy.toolsByLayer[layer];
    let observations = gathered.get(tools);
    if (!observations) {
      observations = observe(tools);
      gathered.set(tools, observations);
    }
    findings.push(...unsortedFindings(rules, tools, observations, now, subject));
  }
  return sortFindings(findings);
}

/** The earliest instant at which any finding changes phase by itself. */
export function nextPhaseChange(findings: readonly Finding[]): Date | undefined {
  return findings
    .map((finding) => finding.phase.nextChange)
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => a.getTime() - b.getTime())[0];
}
