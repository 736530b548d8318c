/**
 * `--format sarif`: SARIF 2.1.0, one result per finding with `ruleId` = the policy rule's
 * id. Evidence with a place on disk (an extension's folder, an MCP config file, an
 * installed command) becomes a location; a process, which has none, is described in the
 * message and the result's properties. An excepted finding is a suppressed result. Policy
 * errors and unreadable places are tool notifications. The invocation names the host, the
 * home folder and its owner.
 *
 * The log is written as plain objects typed by @types/sarif: a builder library added
 * nothing but object construction, and its current major declares Node 22 while this
 * command promises Node 20. Validity is held by Microsoft's SARIF validator in the tests.
 */
import { pathToFileURL } from 'node:url';
import type { Invocation, Location, Log, ReportingDescriptor, Result } from 'sarif';
import type { EffectivePolicy } from '../core/policy/mergeLayers';
import { ruleReason, ruleTitle } from '../core/export/ruleText';
import type { ReportEvidence, ScanReport } from '../core/report/scanReport';
import { describeEvidence } from './formatText';

const LEVEL: Readonly<Record<ScanReport['findings'][number]['phase'], Result.level>> = { violation: 'error', warning: 'warning', notice: 'note', excepted: 'note' };

const fileUri = (file: string) => pathToFileURL(file).href;

/**
 * Work done once per piece of evidence and per path, not once per finding: one installed
 * extension can be the evidence of every rule's finding, tens of thousands of them.
 */
class EvidenceText {
  private readonly uris = new Map<string, string>();
  private readonly descriptions = new Map<ReportEvidence, string>();

  uri(file: string): string {
    let uri = this.uris.get(file);
    if (uri === undefined) {
      uri = fileUri(file);
      this.uris.set(file, uri);
    }
    return uri;
  }

  description(evidence: ReportEvidence): string {
    let text = this.descriptions.get(evidence);
    if (text === undefined) {
      text = describeEvidence(evidence);
      this.descriptions.set(evidence, text);
    }
    return text;
  }

  /** What a finding's message says was found. */
  found(evidence: readonly ReportEvidence[]): string {
    return evidence.map((item) => this.description(item)).join('; ');
  }

  /** A finding's locations: each place on disk its evidence names, once. One list for every finding of one piece of evidence. */
  locations(evidence: readonly ReportEvidence[]): Location[] {
    const only = evidence.length === 1 ? evidence[0] as ReportEvidence : undefined;
    const known = only && this.locationsOf.get(only);
    if (known) return known;
    const places = [...new Set(evidence.map(evidencePath).filter((place): place is string => place !== undefined))];
    const locations = places.map((place) => ({ physicalLocation: { artifactLocation: { uri: this.uri(place) } } }));
    if (only) this.locationsOf.set(only, locations);
    return locations;
  }

  private readonly locationsOf = new Map<ReportEvidence, Location[]>();
}

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

function ruleDescriptor(rule: EffectivePolicy['rules'][number], policy: EffectivePolicy, language: string): ReportingDescriptor {
  const reason = ruleReason(rule, language);
  return {
    id: rule.id,
    shortDescription: { text: ruleTitle(rule, policy.tools, language) },
    ...(reason !== undefined ? { fullDescription: { text: reason } } : {}),
    ...(policy.policyUrl !== undefined ? { helpUri: policy.policyUrl } : {}),
    // A "*" rule is written as "*", as in the policy, not as every tool it covers (thousands of such rules would repeat thousands of ids each).
    properties: { tools: rule.allTools ? ['*'] : [...rule.tools], enforce: rule.enforce, ...(rule.classification !== undefined ? { classification: rule.classification } : {}) },
  };
}

function findingResult(finding: ScanReport['findings'][number], ruleIndex: number, texts: EvidenceText): Result {
  // Built by assignment, in the order of the log's keys: a large policy makes tens of
  // thousands of results, and spreading each optional part made a temporary object for it.
  const result = { ruleId: finding.ruleId } as Result;
  if (ruleIndex >= 0) result.ruleIndex = ruleIndex;
  result.level = LEVEL[finding.phase];
  result.message = { text: `${finding.toolName}: ${finding.title} (${finding.phase}${finding.deadline !== undefined ? `, deadline ${finding.deadline}` : ''}). Found: ${texts.found(finding.evidence)}` };
  const locations = texts.locations(finding.evidence);
  if (locations.length > 0) result.locations = locations;
  if (finding.exception !== undefined) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: `Exception until ${finding.exception.until}${finding.exception.reason ? `: ${finding.exception.reason}` : ''}` }];
  }
  const properties: Record<string, unknown> = { phase: finding.phase, toolId: finding.toolId, active: finding.active, evidence: finding.evidence };
  if (finding.firstSeen !== undefined) properties['firstSeen'] = finding.firstSeen;
  if (finding.acknowledged !== undefined) properties['acknowledged'] = finding.acknowledged;
  result.properties = properties;
  return result;
}

/** Each rule id's index in the driver's rules (its first, as ids are unique per policy), made once: a look-up per finding stays constant however many rules there are. */
function ruleIndexes(rules: EffectivePolicy['rules']): ReadonlyMap<string, number> {
  const indexes = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!indexes.has(rule.id)) indexes.set(rule.id, index);
  });
  return indexes;
}

export function formatSarif(report: ScanReport, policy: EffectivePolicy, language: string): string {
  const ruleIndex = ruleIndexes(policy.rules);
  const texts = new EvidenceText();
  const invocation: Invocation = {
    executionSuccessful: report.status !== 'policy-error',
    machine: report.host,
    ...(report.owner.user !== undefined ? { account: report.owner.user } : {}),
    properties: { home: report.home, owner: report.owner, processOwners: report.processOwners, status: report.status, exitCode: report.exitCode },
    toolExecutionNotifications: [
      ...report.policies.flatMap((source) => source.problems.map((problem) => ({
        level: 'error' as const,
        message: { text: `${problem.path ? `${problem.path}: ` : ''}${problem.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(source.path) }, region: { startLine: problem.line, startColumn: problem.column } } }],
      }))),
      ...report.scanProblems.map((problem) => ({ level: 'warning' as const, message: { text: `${problem.where}: ${problem.message}` } })),
    ],
  };
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'tool-policy',
          version: report.tool.version,
          informationUri: 'https://github.com/tool-policy/tool-policy-notices',
          rules: policy.rules.map((rule) => ruleDescriptor(rule, policy, language)),
        },
      },
      invocations: [invocation],
      results: report.findings.map((finding) => findingResult(finding, ruleIndex.get(finding.ruleId) ?? -1, texts)),
    }],
  };
  // Compact: SARIF is read by programs, and indenting it doubles the size and the time to
  // write it (tens of thousands of results: 76 MB indented, 40 MB compact).
  return `${JSON.stringify(log)}\n`;
}
