import type { PolicyLayer } from '../policy/types';
import { formatMessage, type Translate } from './localize';
import { sourceLabel, type PanelModel } from './panelModel';
import { Pace, runToEnd, type Steps } from '../steps';

export interface ComplianceReport {
  readonly generatedAt: string;
  readonly organization?: string;
  readonly findings: ReadonlyArray<{
    readonly rule: string;
    /** The rule's title and reason in the reader's language. */
    readonly title: string;
    readonly tool: string;
    readonly phase: string;
    /** The phase in the reader's language. */
    readonly phaseLabel: string;
    /**
     * The policy layer and file the rule comes from: `layer` is a stable identifier,
     * `label` says the same in the reader's language, as the panel does.
     */
    readonly source: { readonly layer: PolicyLayer; readonly path: string; readonly label: string };
    readonly reason?: string;
    readonly alternative?: { readonly name: string; readonly url?: string; readonly description?: string };
    readonly exceptionRequestUrl?: string;
    /** Installed extensions that are disabled, and by whom. */
    readonly blocked: ReadonlyArray<{ readonly cause: string; readonly extensions: readonly string[]; readonly text: string }>;
    readonly deadline?: string;
    readonly timezone: string;
    readonly relative?: string;
    readonly evidence: ReadonlyArray<{ readonly label: string; readonly detail: string }>;
  }>;
  readonly policyProblems: readonly string[];
  readonly sources: PanelModel['sources'];
}

/**
 * The same findings and evidence as the panel, as data.
 * @internal the whole of it at once, as the unit tests ask; the editor writes `markdownReportSteps`.
 */
export function buildReport(model: PanelModel, generatedAt: Date): ComplianceReport {
  return {
    generatedAt: generatedAt.toISOString(),
    ...(model.organization !== undefined ? { organization: model.organization } : {}),
    findings: model.cards.map(reportFinding),
    policyProblems: model.problems,
    sources: model.sources,
  };
}

function reportFinding(card: PanelModel['cards'][number]): ReportFinding {
  return {
    rule: card.ruleId,
    title: card.title,
    tool: card.toolName,
    phase: card.phase,
    phaseLabel: card.phaseLabel,
    source: { layer: card.source.layer, path: card.source.path, label: card.source.label },
    ...(card.reason !== undefined ? { reason: card.reason } : {}),
    ...(card.alternative !== undefined
      ? {
          alternative: {
            name: card.alternative.name,
            ...(card.alternative.url !== undefined ? { url: card.alternative.url } : {}),
            ...(card.alternative.description !== undefined ? { description: card.alternative.description } : {}),
          },
        }
      : {}),
    ...(card.exceptionRequestUrl !== undefined ? { exceptionRequestUrl: card.exceptionRequestUrl } : {}),
    blocked: card.blocks.map((block) => ({ cause: block.cause, extensions: block.extensionIds, text: block.text })),
    ...(card.deadlineDate !== undefined ? { deadline: card.deadlineDate } : {}),
    timezone: card.timezone,
    ...(card.relative !== undefined ? { relative: card.relative } : {}),
    evidence: card.evidence.map(({ label, detail }) => ({ label, detail })),
  };
}

type ReportFinding = ComplianceReport['findings'][number];

/**
 * Markdown with every untrusted value in code spans, so nothing renders as markup. The
 * headings follow the display language through `t`, like the panel.
 * @internal the whole of it at once, as the unit tests ask; the editor writes `markdownReportSteps`.
 */
export function reportToMarkdown(report: ComplianceReport, t: Translate = formatMessage): string {
  return runToEnd(markdownSteps(report, report.findings, (finding) => finding, t));
}

/**
 * The same report straight from the panel's whole model, in pieces (src/core/steps.ts): the
 * editor's Export Compliance Report writes tens of thousands of findings without stalling.
 */
export function markdownReportSteps(model: PanelModel, generatedAt: Date, t: Translate): Steps<string> {
  return markdownSteps(buildReport({ ...model, cards: [] }, generatedAt), model.cards, reportFinding, t);
}

function* markdownSteps<T>(report: Omit<ComplianceReport, 'findings'>, items: readonly T[], findingOf: (item: T) => ReportFinding, t: Translate): Steps<string> {
  const code = (text: string) => {
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence} ${text.replace(/\r?\n/g, ' ')} ${fence}`;
  };
  // Each piece's lines are joined as it ends: one join of every line of a long report would be a long step of its own.
  let written = '';
  const lines = [`# ${t('Tool policy compliance report')}`, '', `- ${t('Generated: {0}', report.generatedAt)}`];
  if (report.organization) lines.push(`- ${t('Organisation: {0}', code(report.organization))}`);
  lines.push('', `## ${t('Findings')}`, '');
  if (items.length === 0) lines.push(t('None.'));
  const pace = new Pace();
  for (const entry of items) {
    const finding = findingOf(entry);
    lines.push(`### ${code(finding.tool)} — ${finding.phaseLabel}`, '', `- ${t('Rule: {0}', `${code(finding.rule)}: ${code(finding.title)}`)}`);
    // The panel's sentence, so a workspace rule never passes as the organisation's; the path in a code span.
    lines.push(`- ${t('Source: {0}', sourceLabel({ layer: finding.source.layer, path: code(finding.source.path) }, t))}`);
    if (finding.reason) lines.push(`- ${t('Why: {0}', code(finding.reason))}`);
    if (finding.alternative) {
      const about = [finding.alternative.description, finding.alternative.url].filter((part): part is string => part !== undefined);
      lines.push(`- ${t('Use instead: {0}', `${code(finding.alternative.name)}${about.map((part) => ` ${code(part)}`).join('')}`)}`);
    }
    for (const block of finding.blocked) lines.push(`- ${code(block.text)}`);
    if (finding.exceptionRequestUrl) lines.push(`- ${t('Request an exception: {0}', code(finding.exceptionRequestUrl))}`);
    if (finding.deadline) lines.push(`- ${t('Deadline: {0}', `${finding.deadline} (${code(finding.timezone)})${finding.relative ? `, ${finding.relative}` : ''}`)}`);
    for (const item of finding.evidence) lines.push(`- ${item.label}: ${code(item.detail)}`);
    lines.push('');
    // A finding costs about as much as its evidence.
    if (pace.due(1 + finding.evidence.length)) {
      written += `${lines.join('\n')}\n`;
      lines.length = 0;
      yield;
    }
  }
  if (report.policyProblems.length > 0) {
    lines.push(`## ${t('Policy errors')}`, '', ...report.policyProblems.map((p) => `- ${code(p)}`), '');
  }
  // Each file's layer and state as the panel words them, in the reader's language.
  lines.push(`## ${t('Policy files')}`, '', ...report.sources.map((s) => `- ${code(s.path)} (${s.label})${s.note !== undefined ? ` — ${code(s.note)}` : ''}`), '');
  return written + lines.join('\n');
}
