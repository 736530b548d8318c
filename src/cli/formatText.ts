import type { Phase } from '../core/phase';
import type { PolicyProblem } from '../core/policy/types';
import type { ReportEvidence, ScanReport } from './scanReport';
import { safeText, type Painter } from './terminalText';

/** `FILE:LINE:COL: error: PATH: message`, as `validate` prints it and editors' problem matchers read it. */
export function problemLine(problem: Pick<PolicyProblem, 'file' | 'line' | 'column' | 'path' | 'message' | 'severity'>): string {
  // Paths and messages quote the file's own text; none of it may reach the terminal raw.
  return safeText(`${problem.file}:${problem.line}:${problem.column}: ${problem.severity ?? 'error'}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
}

export function describeEvidence(evidence: ReportEvidence): string {
  switch (evidence.kind) {
    case 'extension':
      return `extension ${evidence.id} ${evidence.version}${evidence.editor ? ` (${evidence.editor})` : ''}${evidence.folder ? ` ${evidence.folder}` : ''}`;
    case 'process':
      return `process ${evidence.pid}: ${evidence.commandLine || evidence.name}`;
    case 'installed':
      return `installed ${evidence.command}: ${evidence.path}`;
    case 'mcp':
      return `MCP server "${evidence.server}" in ${evidence.file}: ${evidence.commandLine}`;
    case 'jetbrainsPlugin':
      return `JetBrains plugin ${evidence.pluginId}${evidence.version ? ` ${evidence.version}` : ''} (${evidence.product} ${evidence.productVersion}${evidence.enabled ? '' : ', disabled'}) ${evidence.folder}`;
    case 'acpAgent':
      return `ACP agent "${evidence.agent}" in ${evidence.file}: ${evidence.commandLine}`;
    case 'other':
      return evidence.description;
  }
}

function paintPhase(phase: Phase, text: string, paint: Painter): string {
  switch (phase) {
    case 'violation': return paint.red(paint.bold(text));
    case 'warning': return paint.yellow(text);
    case 'notice': return paint.cyan(text);
    case 'excepted': return paint.dim(text);
  }
}

function deadlineCell(finding: ScanReport['findings'][number]): string {
  if (finding.deadline === undefined) return 'in force';
  if (finding.daysOverdue !== undefined) return `${finding.deadline} (${finding.daysOverdue} d ago)`;
  if (finding.daysLeft !== undefined) return `${finding.deadline} (in ${finding.daysLeft} d)`;
  return finding.deadline;
}

const SUMMARY: Readonly<Record<ScanReport['status'], string>> = {
  compliant: 'Compliant',
  warning: 'Warnings: deadlines are approaching',
  violation: 'Violations: tools the policy does not permit',
  'policy-error': 'Policy error: the policy could not be applied whole',
};

/** A readable table: one row per finding, one line per piece of evidence. */
export function formatText(report: ScanReport, paint: Painter): string {
  const out: string[] = [];
  out.push(paint.bold(`Tool policy scan${report.organization ? ` — ${safeText(report.organization)}` : ''}`));
  out.push(`Home: ${safeText(report.home)}   Time: ${report.now}`);
  for (const source of report.policies) {
    const status = source.status === 'error' ? paint.red('error') : source.status === 'missing' ? paint.dim('missing') : paint.green('ok');
    out.push(`Policy (${source.layer}): ${safeText(source.path)} — ${status}`);
  }
  const problems = report.policies.flatMap((source) => source.problems.map((problem) => problemLine({ ...problem, file: source.path })));
  if (problems.length > 0) {
    out.push('', paint.red(paint.bold('Policy errors')));
    for (const problem of problems) out.push(`  ${safeText(problem)}`);
  }
  if (report.ignored.length > 0) {
    out.push('', paint.bold('Ignored changes from lower policy layers'));
    for (const change of report.ignored) out.push(`  ${safeText(change.path)}: ${safeText(change.message)}`);
  }

  out.push('');
  if (report.findings.length === 0) {
    out.push(report.status === 'policy-error' ? 'No findings under the policies that could be applied.' : paint.green('Nothing on this machine breaks the policy.'));
  } else {
    const headers = ['PHASE', 'RULE', 'TOOL', 'DEADLINE', 'EVIDENCE'];
    const rows = report.findings.map((finding) => ({
      phase: finding.phase,
      cells: [finding.phase + (finding.active ? '' : '*'), safeText(finding.ruleId), safeText(finding.toolName), deadlineCell(finding)],
      evidence: finding.evidence.map((evidence) => safeText(describeEvidence(evidence))),
    }));
    const widths = headers.slice(0, 4).map((header, index) => Math.max(header.length, ...rows.map((row) => (row.cells[index] as string).length)));
    const pad = (cells: readonly string[]) => cells.map((cell, index) => cell.padEnd(widths[index] as number)).join('  ');
    out.push(paint.bold(`${pad(headers.slice(0, 4))}  ${headers[4]}`));
    for (const row of rows) {
      const [first, ...rest] = row.evidence.length > 0 ? row.evidence : [''];
      const cells = pad(row.cells);
      out.push(`${paintPhase(row.phase, cells.slice(0, widths[0]), paint)}${cells.slice(widths[0])}  ${first}`);
      const indent = ' '.repeat(cells.length + 2);
      for (const line of rest) out.push(`${indent}${line}`);
    }
    if (report.findings.some((finding) => !finding.active)) out.push(paint.dim('* installed, not in use'));
  }
  if (report.scanProblems.length > 0) {
    out.push('', paint.yellow('Could not read everything'));
    for (const problem of report.scanProblems) out.push(`  ${safeText(problem.where)}: ${safeText(problem.message)}`);
  }
  const counts = (['violation', 'warning', 'notice', 'excepted'] as const)
    .map((phase) => [phase, report.findings.filter((finding) => finding.phase === phase).length] as const)
    .filter(([, count]) => count > 0)
    .map(([phase, count]) => `${count} ${phase}${count === 1 ? '' : 's'}`);
  out.push('', `${paint.bold(SUMMARY[report.status])}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}. Exit code ${report.exitCode}.`);
  out.push(paint.dim(`Looked at ${report.scanned.editorFolders.length} editor extension folders, ${report.scanned.jetbrainsFolders?.length ?? 0} JetBrains plugin folders, ${report.scanned.processes} processes, ${report.scanned.mcpFiles.length} MCP config files, ${report.scanned.acpFiles?.length ?? 0} ACP agent files, and PATH.`));
  return `${out.join('\n')}\n`;
}
