/**
 * `--format sarif`: SARIF 2.1.0 through node-sarif-builder, one result per finding with
 * `ruleId` = the policy rule's id. Evidence with a place on disk (an extension's folder,
 * an MCP config file, an installed command) becomes a location; a process, which has
 * none, is described in the message and the result's properties. An excepted finding is
 * a suppressed result. Policy errors and unreadable places are tool notifications.
 */
import { pathToFileURL } from 'node:url';
import type { Result } from 'sarif';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { EffectivePolicy } from '../core/policy/mergeLayers';
import { ruleReason, ruleTitle } from '../core/export/ruleText';
import { describeEvidence } from './formatText';
import type { ReportEvidence, ScanReport } from './scanReport';

const LEVEL: Readonly<Record<ScanReport['findings'][number]['phase'], Result.level>> = { violation: 'error', warning: 'warning', notice: 'note', excepted: 'note' };

const fileUri = (file: string) => pathToFileURL(file).href;

function evidencePath(evidence: ReportEvidence): string | undefined {
  switch (evidence.kind) {
    case 'extension': return evidence.folder;
    case 'installed': return evidence.path;
    case 'mcp': return evidence.file;
    case 'jetbrainsPlugin': return evidence.folder;
    case 'acpAgent': return evidence.file;
    default: return undefined;
  }
}

export function formatSarif(report: ScanReport, policy: EffectivePolicy, language: string): string {
  const log = new SarifBuilder();
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'tool-policy', toolDriverVersion: report.tool.version, url: 'https://github.com/tool-policy/tool-policy-notices' });
  for (const rule of policy.rules) {
    const descriptor = new SarifRuleBuilder().initSimple({
      ruleId: rule.id,
      shortDescriptionText: ruleTitle(rule, policy.tools, language),
      ...(ruleReason(rule, language) !== undefined ? { fullDescriptionText: ruleReason(rule, language) as string } : {}),
      ...(policy.policyUrl !== undefined ? { helpUri: policy.policyUrl } : {}),
    });
    descriptor.rule.properties = { tools: [...rule.tools], enforce: rule.enforce, ...(rule.classification !== undefined ? { classification: rule.classification } : {}) };
    run.addRule(descriptor);
  }
  for (const finding of report.findings) {
    const result = new SarifResultBuilder().initSimple({
      level: LEVEL[finding.phase],
      ruleId: finding.ruleId,
      messageText: `${finding.toolName}: ${finding.title} (${finding.phase}${finding.deadline !== undefined ? `, deadline ${finding.deadline}` : ''}). Found: ${finding.evidence.map(describeEvidence).join('; ')}`,
    });
    const places = [...new Set(finding.evidence.map(evidencePath).filter((place): place is string => place !== undefined))];
    if (places.length > 0) result.result.locations = places.map((place) => ({ physicalLocation: { artifactLocation: { uri: fileUri(place) } } }));
    else delete result.result.locations;
    if (finding.exception !== undefined) {
      result.result.suppressions = [{ kind: 'external', status: 'accepted', justification: `Exception until ${finding.exception.until}${finding.exception.reason ? `: ${finding.exception.reason}` : ''}` }];
    }
    result.result.properties = { phase: finding.phase, toolId: finding.toolId, active: finding.active, evidence: finding.evidence };
    run.addResult(result);
  }
  run.run.invocations = [{
    executionSuccessful: report.status !== 'policy-error',
    toolExecutionNotifications: [
      ...report.policies.flatMap((source) => source.problems.map((problem) => ({
        level: 'error' as const,
        message: { text: `${problem.path ? `${problem.path}: ` : ''}${problem.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(source.path) }, region: { startLine: problem.line, startColumn: problem.column } } }],
      }))),
      ...report.scanProblems.map((problem) => ({ level: 'warning' as const, message: { text: `${problem.where}: ${problem.message}` } })),
    ],
  }];
  log.addRun(run);
  return `${log.buildSarifJsonString({ indent: true })}\n`;
}
