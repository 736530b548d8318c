import type { PanelModel } from './panelModel';

export interface ComplianceReport {
  readonly generatedAt: string;
  readonly organization?: string;
  readonly findings: ReadonlyArray<{
    readonly rule: string;
    readonly tool: string;
    readonly phase: string;
    readonly deadline?: string;
    readonly timezone: string;
    readonly relative?: string;
    readonly evidence: ReadonlyArray<{ readonly label: string; readonly detail: string }>;
  }>;
  readonly policyProblems: readonly string[];
  readonly sources: PanelModel['sources'];
}

/** The same findings and evidence as the panel, as data. */
export function buildReport(model: PanelModel, generatedAt: Date): ComplianceReport {
  return {
    generatedAt: generatedAt.toISOString(),
    ...(model.organization !== undefined ? { organization: model.organization } : {}),
    findings: model.cards.map((card) => ({
      rule: card.ruleId,
      tool: card.toolName,
      phase: card.phase,
      ...(card.deadlineDate !== undefined ? { deadline: card.deadlineDate } : {}),
      timezone: card.timezone,
      ...(card.relative !== undefined ? { relative: card.relative } : {}),
      evidence: card.evidence.map(({ label, detail }) => ({ label, detail })),
    })),
    policyProblems: model.problems,
    sources: model.sources,
  };
}

/** Markdown with every untrusted value in code spans, so nothing renders as markup. */
export function reportToMarkdown(report: ComplianceReport): string {
  const code = (text: string) => {
    const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence} ${text.replace(/\r?\n/g, ' ')} ${fence}`;
  };
  const lines = [`# Tool policy compliance report`, '', `- Generated: ${report.generatedAt}`];
  if (report.organization) lines.push(`- Organisation: ${code(report.organization)}`);
  lines.push('', '## Findings', '');
  if (report.findings.length === 0) lines.push('None.');
  for (const finding of report.findings) {
    lines.push(`### ${code(finding.tool)} — ${finding.phase}`, '', `- Rule: ${code(finding.rule)}`);
    if (finding.deadline) lines.push(`- Deadline: ${finding.deadline} (${code(finding.timezone)})${finding.relative ? `, ${finding.relative}` : ''}`);
    for (const item of finding.evidence) lines.push(`- ${item.label}: ${code(item.detail)}`);
    lines.push('');
  }
  if (report.policyProblems.length > 0) {
    lines.push('## Policy problems', '', ...report.policyProblems.map((p) => `- ${code(p)}`), '');
  }
  lines.push('## Policy files', '', ...report.sources.map((s) => `- ${code(s.path)} (${s.layer}, ${s.status})`), '');
  return lines.join('\n');
}
