import type { UnreadItem } from '../detect/gatherEvidence';
import { findingTitle } from '../export/ruleText';
import type { Finding } from '../findings';
import type { EffectivePolicy } from '../policy/mergeLayers';
import { resolveText } from '../policy/localizedText';
import { formatProblem } from '../policy/types';
import type { Phase } from '../phase';
import type { Translate } from './localize';
import { relativeDeadline } from './relativeTime';
import { escapeMarkdown, escapeStatusText } from './escape';

export type StatusBackground = 'warning' | 'error' | undefined;

/** What the status-bar item shows; pure data, applied by the editor layer. */
export interface StatusView {
  readonly visible: boolean;
  readonly text: string;
  /** Markdown built only from escaped text. */
  readonly tooltip: string;
  readonly accessibilityLabel: string;
  readonly background: StatusBackground;
  /** The worst phase, or 'error' for a policy error, 'incomplete' when something could not be read, or 'compliant'. */
  readonly state: Phase | 'policy-error' | 'compliant' | 'no-policy' | 'dormant' | 'incomplete';
}

/**
 * Findings listed in the tooltip, worst first; the rest are counted. A hover cannot show
 * thousands of lines, and building them for a large policy stalled every refresh.
 */
const MAX_TOOLTIP_FINDINGS = 20;

const ICONS: Readonly<Record<Phase, string>> = { violation: '$(error)', warning: '$(warning)', notice: '$(info)', excepted: '$(pass)' };

function leadText(worst: Finding, sameTier: readonly Finding[], t: Translate): string {
  const phase = worst.phase.phase;
  const tools = new Set(sameTier.map((finding) => finding.tool.id));
  const relative = relativeDeadline(worst.phase, t);
  if (tools.size > 1) {
    if (phase === 'violation') return t('{0} tools not permitted', tools.size);
    if (phase === 'excepted') return t('{0} tools under exception', tools.size);
    return relative ? t('{0} tools restricted: {1}', tools.size, relative) : t('{0} tools restricted', tools.size);
  }
  const name = escapeStatusText(worst.tool.name);
  switch (phase) {
    case 'violation':
      return relative ? t('{0} not permitted · {1}', name, relative) : t('{0} not permitted', name);
    case 'excepted':
      return t('{0}: exception until {1}', name, worst.phase.exception?.untilText ?? '');
    default:
      return relative ? t('{0}: {1}', name, relative) : name;
  }
}

/** Unread items listed in the tooltip; the rest are counted (the exported report names them all). */
const MAX_TOOLTIP_UNREAD = 5;

/**
 * `language` is VS Code's display language; the policy's own text is shown in it.
 * `unread`: what the editor's sources could not read; as in `tool-policy scan`, it ranks
 * below a violation and above everything else, and never lets the status say compliant.
 */
export function buildStatusView(policy: EffectivePolicy, findings: readonly Finding[], showWhenCompliant: boolean, t: Translate, language?: string, unread: readonly UnreadItem[] = []): StatusView {
  const hasProblems = policy.problems.length > 0;
  const hasPolicy = policy.sources.some((source) => source.policy !== undefined);
  const lines: string[] = [];
  if (policy.organization) lines.push(`**${escapeMarkdown(t('{0} AI-tool policy', resolveText(policy.organization, language)))}**`, '');
  for (const finding of findings.slice(0, MAX_TOOLTIP_FINDINGS)) {
    const relative = relativeDeadline(finding.phase, t);
    lines.push(`- ${escapeMarkdown(`${finding.tool.name} — ${findingTitle(finding.rule, finding.tool.name, language, t)}${relative ? ` (${relative})` : ''}`)}`);
  }
  if (findings.length > MAX_TOOLTIP_FINDINGS) lines.push(`- ${escapeMarkdown(t('… and {0} more in the policy panel', findings.length - MAX_TOOLTIP_FINDINGS))}`);
  if (hasProblems) {
    lines.push('', `**${escapeMarkdown(t('Policy error'))}**`);
    for (const problem of policy.problems.slice(0, 5)) lines.push(`- ${escapeMarkdown(formatProblem(problem))}`);
  }
  if (unread.length > 0) {
    lines.push('', `**${escapeMarkdown(t('Could not be read'))}**`);
    for (const item of unread.slice(0, MAX_TOOLTIP_UNREAD)) lines.push(`- ${escapeMarkdown(`${item.where}: ${item.message}`)}`);
    if (unread.length > MAX_TOOLTIP_UNREAD) lines.push(`- ${escapeMarkdown(t('… and {0} more: the exported compliance report lists them all', unread.length - MAX_TOOLTIP_UNREAD))}`);
  }
  lines.push('', escapeMarkdown(t('Click to open the policy panel.')));
  const tooltip = lines.join('\n');

  const active = findings.filter((finding) => finding.active);
  const worst = active[0];
  // A policy error outranks findings that are only informational (notice, excepted); what
  // could not be read outranks everything but a violation (README "Exit codes").
  const incomplete = unread.length > 0 && !hasProblems;
  const findingLeads = worst !== undefined && (!hasProblems || worst.phase.phase === 'violation' || worst.phase.phase === 'warning')
    && (!incomplete || worst.phase.phase === 'violation');
  if (worst && findingLeads) {
    const tier = active.filter((finding) => finding.phase.phase === worst.phase.phase);
    const lead = leadText(worst, tier, t);
    const text = `${ICONS[worst.phase.phase]} ${lead}${hasProblems ? ` · $(alert) ${t('policy error')}` : ''}`;
    const background: StatusBackground = worst.phase.phase === 'violation' ? 'error' : worst.phase.phase === 'warning' ? 'warning' : hasProblems ? 'warning' : undefined;
    return { visible: true, text, tooltip, accessibilityLabel: lead, background, state: worst.phase.phase };
  }
  if (incomplete && hasPolicy) {
    const lead = t('Tool policy: {0} could not be read', unread.length);
    return { visible: true, text: `$(alert) ${lead}`, tooltip, accessibilityLabel: lead, background: 'warning', state: 'incomplete' };
  }
  const dormant = findings.filter((finding) => !finding.active);
  if (!hasProblems && dormant.length > 0) {
    const names = [...new Set(dormant.map((finding) => finding.tool.name))];
    const lead = names.length === 1 ? t('{0} installed, not in use', escapeStatusText(names[0] as string)) : t('{0} tools installed, not in use', names.length);
    return { visible: true, text: `$(info) ${lead}`, tooltip, accessibilityLabel: lead, background: undefined, state: 'dormant' };
  }
  if (hasProblems) {
    return { visible: true, text: `$(alert) ${t('Policy error')}`, tooltip, accessibilityLabel: t('Tool policy error'), background: 'warning', state: 'policy-error' };
  }
  if (!hasPolicy) {
    return { visible: showWhenCompliant, text: `$(shield) ${t('No tool policy')}`, tooltip: escapeMarkdown(t('No policy file was found.')), accessibilityLabel: t('No tool policy'), background: undefined, state: 'no-policy' };
  }
  return { visible: showWhenCompliant, text: `$(shield) ${t('Tool policy: compliant')}`, tooltip, accessibilityLabel: t('Tool policy: compliant'), background: undefined, state: 'compliant' };
}
