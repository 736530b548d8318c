/**
 * `scan`'s text form, for a person at a terminal: one block per finding with its phase,
 * rule and title, when its deadline falls, each piece of evidence on its own indented
 * lines, the alternative, when an exception ends, and the policy's link; wrapped to the
 * terminal's width. Every text from the machine or the policy is escaped first.
 */
import type { Phase } from '../core/phase';
import type { PolicyProblem } from '../core/policy/types';
import { formatMessage, type Translate } from '../core/present/localize';
import { phaseLabel } from '../core/present/panelModel';
import { relativeDeadline } from '../core/present/relativeTime';
import type { ReportEvidence, ReportFinding, ScanReport } from '../core/report/scanReport';
import { wrap } from './layout';
import { safeText, type Painter } from './terminalText';

/** `FILE:LINE:COL: error: PATH: message`, as `validate` prints it and editors' problem matchers read it. */
export function problemLine(problem: Pick<PolicyProblem, 'file' | 'line' | 'column' | 'path' | 'message' | 'severity'>): string {
  // Paths and messages quote the file's own text; none of it may reach the terminal raw.
  return safeText(`${problem.file}:${problem.line}:${problem.column}: ${problem.severity ?? 'error'}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
}

/** Who owns a process, in words: `alice (uid 1000)`, `uid 1000`, `CORP\alice`. */
function ownerText(owner: { readonly uid?: number; readonly user?: string }, t: Translate): string {
  if (owner.user !== undefined && owner.uid !== undefined) return t('{0} (uid {1})', owner.user, owner.uid);
  if (owner.user !== undefined) return owner.user;
  if (owner.uid !== undefined) return t('uid {0}', owner.uid);
  return t('owner unknown');
}

/** The evidence in one line (SARIF messages); the text form splits it over lines (evidenceLines). */
export function describeEvidence(evidence: ReportEvidence, t: Translate = formatMessage): string {
  return evidenceLines(evidence, t).join(' ');
}

/** A piece of evidence as a headline and the details under it (a folder, a command line). */
function evidenceLines(evidence: ReportEvidence, t: Translate): string[] {
  switch (evidence.kind) {
    case 'extension': {
      const head = `${t('extension {0} {1}', evidence.id, evidence.version)}${evidence.editor ? ` (${evidence.editor})` : ''}${evidence.enabled === false ? ` ${t('(disabled)')}` : ''}`;
      return evidence.folder ? [head, evidence.folder] : [head];
    }
    case 'process':
      return [
        evidence.terminal !== undefined
          ? t('process {0} of {1}, in terminal “{2}”', evidence.pid, ownerText(evidence.owner, t), evidence.terminal)
          : t('process {0} of {1}', evidence.pid, ownerText(evidence.owner, t)),
        evidence.commandLine || evidence.name,
      ];
    case 'installed':
      return [t('installed {0}', evidence.command), evidence.path];
    case 'mcp':
      return [t('MCP server “{0}” in {1}', evidence.server, evidence.file), evidence.commandLine];
    case 'jetbrainsPlugin': {
      const plugin = `${evidence.pluginId}${evidence.version ? ` ${evidence.version}` : ''}`;
      return [`${t('JetBrains plugin {0} ({1} {2})', plugin, evidence.product, evidence.productVersion)}${evidence.enabled ? '' : ` ${t('(disabled)')}`}`, evidence.folder];
    }
    case 'acpAgent':
      return [t('ACP agent “{0}” in {1}', evidence.agent, evidence.file), evidence.commandLine || t('(no command)')];
    case 'command':
      return [t('Command in terminal “{0}”', evidence.terminal), evidence.commandLine];
    case 'terminal':
      return [t('terminal “{0}”', evidence.terminal)];
    case 'app':
      return [t('editor {0}', evidence.appName)];
  }
}

function paintPhase(phase: Phase, text: string, paint: Painter): string {
  switch (phase) {
    case 'violation': return paint.red(paint.bold(text));
    case 'warning': return paint.yellow(paint.bold(text));
    case 'notice': return paint.cyan(text);
    case 'excepted': return paint.dim(text);
  }
}

function summary(status: ScanReport['status'], t: Translate): string {
  switch (status) {
    case 'compliant': return t('Compliant');
    case 'warning': return t('Warnings: deadlines are approaching');
    case 'violation': return t('Violations: tools the policy does not permit');
    case 'policy-error': return t('Policy error: the policy could not be applied whole');
    case 'incomplete': return t('Incomplete: some places could not be read, so the scan cannot say "compliant"');
  }
}

function phaseCount(phase: Phase, count: number, t: Translate): string {
  switch (phase) {
    case 'violation': return count === 1 ? t('1 violation') : t('{0} violations', count);
    case 'warning': return count === 1 ? t('1 warning') : t('{0} warnings', count);
    case 'notice': return count === 1 ? t('1 notice') : t('{0} notices', count);
    case 'excepted': return count === 1 ? t('1 under exception') : t('{0} under exception', count);
  }
}

function ownerLine(report: ScanReport, t: Translate): string {
  const { owner } = report;
  const who = owner.user !== undefined || owner.uid !== undefined ? ownerText(owner, t) : t('owner unknown');
  return owner.groups.length > 0 ? t('{0}; groups: {1}', who, owner.groups.join(', ')) : who;
}

/** The lines "Found:" lists for a piece of evidence, wrapped to the width. */
function foundLines(evidence: ReportEvidence, width: number, t: Translate): string[] {
  const text = (value: string, indent: string, hanging = indent) => wrap(safeText(value), width, indent, hanging);
  const [first, ...details] = evidenceLines(evidence, t);
  const out = text(first as string, '    ', '      ');
  for (const detail of details) out.push(...text(detail, '      '));
  return out;
}

function findingLines(finding: ReportFinding, width: number, paint: Painter, t: Translate, found: (evidence: ReportEvidence) => readonly string[]): string[] {
  const out: string[] = [];
  const text = (value: string, indent: string, hanging = indent) => wrap(safeText(value), width, indent, hanging);
  const label = phaseLabel(finding.phase, t);
  const head = wrap(safeText(t('{0}: {1}', `${label}${finding.active ? '' : ` ${t('(installed, not in use)')}`}`, finding.title)), width, '', '  ');
  out.push(paintPhase(finding.phase, head[0] as string, paint), ...head.slice(1));
  out.push(...text(t('Rule {0} · tool {1}', finding.ruleId, finding.toolName), '  ', '    '));
  if (finding.deadline !== undefined) {
    const relative = relativeDeadline({ phase: finding.phase, ...(finding.daysLeft !== undefined ? { daysLeft: finding.daysLeft } : {}), ...(finding.daysOverdue !== undefined ? { daysOverdue: finding.daysOverdue } : {}) }, t);
    const when = t('{0} ({1})', finding.deadline, finding.timezone);
    out.push(...text(t('Deadline: {0}', relative ? t('{0}, {1}', when, relative) : when), '  ', '    '));
  } else {
    out.push(...text(t('In force now (no deadline)'), '  '));
  }
  if (finding.exception !== undefined) {
    out.push(...text(finding.exception.reason !== undefined
      ? t('Exception until {0}: {1}', finding.exception.until, finding.exception.reason)
      : t('Exception until {0}', finding.exception.until), '  ', '    '));
  }
  if (finding.firstSeen !== undefined) out.push(...text(t('First seen: {0}', finding.firstSeen), '  ', '    '));
  out.push(...text(finding.acknowledged !== undefined
    ? t('Acknowledged: {0} (then: {1})', finding.acknowledged.at, phaseLabel(finding.acknowledged.phase, t))
    : t('Not acknowledged'), '  ', '    '));
  out.push(`  ${t('Found:')}`);
  for (const evidence of finding.evidence) out.push(...found(evidence));
  if (finding.alternative !== undefined) {
    const { alternative } = finding;
    out.push(...text(t('Use instead: {0}', `${alternative.name}${alternative.url ? ` — ${alternative.url}` : ''}`), '  ', '    '));
    if (alternative.description) out.push(...text(alternative.description, '    '));
    if (alternative.commands.length > 0) out.push(...text(t('Commands: {0}', alternative.commands.join(', ')), '    '));
  }
  // Each run of white space with a line break becomes one space. Matched run by run: a
  // pattern like /\s*\n\s*/ rescans a long run of spaces from each of them.
  if (finding.reason !== undefined) out.push(...text(t('Why: {0}', finding.reason.replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run)).trim()), '  ', '    '));
  return out;
}

/** The text form of a scan, `width` columns wide (the terminal's, else 80). */
export function formatText(report: ScanReport, paint: Painter, t: Translate, width = 80): string {
  const out: string[] = [];
  const line = (value: string, indent = '', hanging = '    ') => out.push(...wrap(safeText(value), width, indent, hanging));
  out.push(...wrap(safeText(`${t('Tool policy scan')}${report.organization ? ` — ${report.organization}` : ''}`), width, '', '  ').map((part) => paint.bold(part)));
  line(t('Host: {0}', report.host));
  line(t('Home: {0}', report.home));
  line(t('Owner: {0}', ownerLine(report, t)));
  line(t('Time: {0}', report.now));
  for (const source of report.policies) {
    const status = source.status === 'error' ? t('has errors') : source.status === 'missing' ? t('not present') : t('applied');
    line(t('Policy ({0}): {1} — {2}', source.layer, source.path, status));
  }
  if (report.policyUrl !== undefined) line(t('The full policy: {0}', report.policyUrl));
  if (report.contact !== undefined) line(t('Questions: {0}', report.contact));
  const problems = report.policies.flatMap((source) => source.problems.map((problem) => problemLine({ ...problem, file: source.path })));
  if (problems.length > 0) {
    out.push('', paint.red(paint.bold(t('Policy errors'))));
    for (const problem of problems) out.push(...wrap(problem, width, '  ', '    '));
  }
  if (report.ignored.length > 0) {
    out.push('', paint.bold(t('Ignored changes from lower policy layers')));
    for (const change of report.ignored) line(`${change.path}: ${change.message}`, '  ');
  }

  out.push('');
  if (report.findings.length === 0) {
    out.push(report.status === 'policy-error' ? t('No findings under the policies that could be applied.') : paint.green(t('Nothing on this machine breaks the policy.')));
  } else {
    // One piece of evidence (an installed extension) can be found by every rule: its lines
    // are written once and repeated under each finding.
    const written = new Map<ReportEvidence, readonly string[]>();
    const found = (evidence: ReportEvidence): readonly string[] => {
      let lines = written.get(evidence);
      if (!lines) {
        lines = foundLines(evidence, width, t);
        written.set(evidence, lines);
      }
      return lines;
    };
    for (const [index, finding] of report.findings.entries()) {
      if (index > 0) out.push('');
      out.push(...findingLines(finding, width, paint, t, found));
    }
  }
  if (report.scanProblems.length > 0) {
    out.push('', paint.yellow(t('Could not read everything')));
    for (const problem of report.scanProblems) {
      line(problem.where, '  ', '    ');
      line(problem.message, '    ', '    ');
    }
  }
  const counts = (['violation', 'warning', 'notice', 'excepted'] as const)
    .map((phase) => [phase, report.findings.filter((finding) => finding.phase === phase).length] as const)
    .filter(([, count]) => count > 0)
    .map(([phase, count]) => phaseCount(phase, count, t));
  out.push('');
  const verdict = wrap(`${counts.length > 0 ? t('{0} ({1}).', summary(report.status, t), counts.join(t(', '))) : t('{0}.', summary(report.status, t))} ${t('Exit code {0}.', report.exitCode)}`, width, '', '  ');
  out.push(...verdict.map((part) => paint.bold(part)));
  const whose = report.processOwners === 'all-users' ? t('every user') : ownerLine({ ...report, owner: { ...report.owner, groups: [] } }, t);
  const looked = t('Looked at {0} editor extension folders, {1} JetBrains plugin folders, {2} processes of {3}, {4} MCP config files, {5} ACP agent files, and PATH.',
    report.scanned.editorFolders.length, report.scanned.jetbrainsFolders?.length ?? 0, report.scanned.processes, safeText(whose), report.scanned.mcpFiles.length, report.scanned.acpFiles?.length ?? 0);
  out.push(...wrap(looked, width, '', '  ').map((part) => paint.dim(part)));
  return `${out.join('\n')}\n`;
}
