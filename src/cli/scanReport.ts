/**
 * The result of `tool-policy scan` as data: what `--format json` prints (schema:
 * schemas/scan-report.v1.json) and what the text and SARIF forms are written from.
 */
import type { Evidence } from '../core/detect/evidence';
import type { Finding } from '../core/findings';
import { PHASE_SEVERITY, type Phase } from '../core/phase';
import type { EffectivePolicy } from '../core/policy/mergeLayers';
import { calendarDateIn } from '../core/dates';
import { ruleTitle } from '../core/export/ruleText';
import { resolveOptional, resolveText } from '../core/policy/localizedText';
import type { ScanProblem } from '../machine/machineScan';

export const SCHEMA_VERSION = 1;

export type ScanStatus = 'compliant' | 'warning' | 'violation' | 'policy-error';

/** README "Exit codes": 0 compliant (notices allowed), 1 warnings, 2 violations, 3 policy error, 4 usage error. */
export const EXIT = { ok: 0, warnings: 1, violations: 2, policyError: 3, usage: 4 } as const;

/** A scan's exit code is its status. */
const EXIT_CODES: Readonly<Record<ScanStatus, number>> = { compliant: EXIT.ok, warning: EXIT.warnings, violation: EXIT.violations, 'policy-error': EXIT.policyError };

export type ReportEvidence =
  | { kind: 'extension'; id: string; version: string; editor?: string; folder?: string }
  | { kind: 'process'; pid: number; name: string; commandLine: string }
  | { kind: 'installed'; command: string; path: string }
  | { kind: 'mcp'; file: string; server: string; commandLine: string }
  | { kind: 'jetbrainsPlugin'; product: string; productVersion: string; pluginId: string; name?: string; version?: string; vendor?: string; folder: string; enabled: boolean }
  | { kind: 'acpAgent'; file: string; agent: string; commandLine: string }
  | { kind: 'other'; description: string };

export interface ReportFinding {
  id: string;
  ruleId: string;
  toolId: string;
  toolName: string;
  title: string;
  phase: Phase;
  active: boolean;
  enforce: 'notify' | 'block';
  deadline?: string;
  timezone: string;
  daysLeft?: number;
  daysOverdue?: number;
  classification?: string;
  reason?: string;
  alternative?: { name: string; url?: string; description?: string; commands: string[]; extensions: string[] };
  exception?: { until: string; reason?: string };
  policyFile: string;
  evidence: ReportEvidence[];
}

export interface ScanReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'tool-policy'; version: string };
  generatedAt: string;
  now: string;
  home: string;
  status: ScanStatus;
  exitCode: number;
  organization?: string;
  contact?: string;
  policyUrl?: string;
  policies: Array<{ layer: string; path: string; status: 'missing' | 'ok' | 'error'; problems: Array<{ line: number; column: number; path: string; message: string }> }>;
  ignored: Array<{ layer: string; path: string; message: string }>;
  findings: ReportFinding[];
  scanned: { editorFolders: string[]; mcpFiles: string[]; jetbrainsFolders?: string[]; acpFiles?: string[]; processes: number };
  scanProblems: ScanProblem[];
}

export function reportEvidence(evidence: Evidence): ReportEvidence {
  switch (evidence.kind) {
    case 'extension':
      return { kind: 'extension', id: evidence.extensionId, version: evidence.version, ...(evidence.editor !== undefined ? { editor: evidence.editor } : {}), ...(evidence.location !== undefined ? { folder: evidence.location } : {}) };
    case 'process':
      return { kind: 'process', pid: evidence.pid, name: evidence.name, commandLine: evidence.argv };
    case 'installed':
      return { kind: 'installed', command: evidence.command, path: evidence.path };
    case 'mcpServer':
      return { kind: 'mcp', file: evidence.file, server: evidence.server, commandLine: evidence.commandLine };
    case 'jetbrainsPlugin': {
      const { product, productVersion, pluginId, name, version, vendor, location, enabled } = evidence;
      return { kind: 'jetbrainsPlugin', product, productVersion, pluginId, ...(name !== undefined ? { name } : {}), ...(version !== undefined ? { version } : {}), ...(vendor !== undefined ? { vendor } : {}), folder: location, enabled };
    }
    case 'acpAgent':
      return { kind: 'acpAgent', file: evidence.file, agent: evidence.agent, commandLine: evidence.commandLine };
    case 'command':
      return { kind: 'other', description: `${evidence.commandLine} in terminal ${evidence.terminalName}` };
    case 'terminal':
      return { kind: 'other', description: `terminal ${evidence.terminalName}` };
    case 'app':
      return { kind: 'other', description: `editor ${evidence.appName}` };
  }
}

/** The worst outcome: a policy error first (the answer cannot be trusted), then the worst phase. */
export function scanStatus(policyError: boolean, findings: readonly Finding[]): ScanStatus {
  if (policyError) return 'policy-error';
  const worst = Math.max(0, ...findings.map((finding) => PHASE_SEVERITY[finding.phase.phase]));
  if (worst >= PHASE_SEVERITY.violation) return 'violation';
  if (worst >= PHASE_SEVERITY.warning) return 'warning';
  return 'compliant';
}

export function buildScanReport(input: {
  policy: EffectivePolicy;
  findings: readonly Finding[];
  policyError: boolean;
  now: Date;
  generatedAt: Date;
  home: string;
  version: string;
  scanned: ScanReport['scanned'];
  scanProblems: readonly ScanProblem[];
  /** Language of policy texts (the fallback order of README "Languages"). */
  language: string;
}): ScanReport {
  const { policy, language } = input;
  const status = scanStatus(input.policyError, input.findings);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tool-policy', version: input.version },
    generatedAt: input.generatedAt.toISOString(),
    now: input.now.toISOString(),
    home: input.home,
    status,
    exitCode: EXIT_CODES[status],
    ...(policy.organization !== undefined ? { organization: resolveText(policy.organization, language) } : {}),
    ...(policy.contact !== undefined ? { contact: policy.contact } : {}),
    ...(policy.policyUrl !== undefined ? { policyUrl: policy.policyUrl } : {}),
    policies: policy.sources.map((source) => ({
      layer: source.layer,
      path: source.path,
      status: source.status,
      problems: source.problems.map((problem) => ({ line: problem.line, column: problem.column, path: problem.path, message: problem.message })),
    })),
    ignored: policy.ignored.map((change) => ({ layer: change.layer, path: change.path, message: change.message })),
    findings: input.findings.map((finding) => {
      const { rule, tool, phase } = finding;
      return {
        id: finding.id,
        ruleId: rule.id,
        toolId: tool.id,
        toolName: tool.name,
        title: ruleTitle({ ...rule, tools: [tool.id], allTools: false }, [tool], language),
        phase: phase.phase,
        active: finding.active,
        enforce: rule.enforce,
        ...(rule.deadline !== undefined ? { deadline: calendarDateIn(rule.deadline, rule.timezone) } : {}),
        timezone: rule.timezone,
        ...(phase.daysLeft !== undefined ? { daysLeft: phase.daysLeft } : {}),
        ...(phase.daysOverdue !== undefined ? { daysOverdue: phase.daysOverdue } : {}),
        ...(rule.classification !== undefined ? { classification: rule.classification } : {}),
        ...(rule.reason !== undefined ? { reason: resolveText(rule.reason, language) } : {}),
        ...(rule.alternative !== undefined ? {
          alternative: {
            name: resolveText(rule.alternative.name, language),
            ...(rule.alternative.url !== undefined ? { url: rule.alternative.url } : {}),
            ...(rule.alternative.description !== undefined ? { description: resolveText(rule.alternative.description, language) } : {}),
            commands: [...rule.alternative.commands],
            extensions: [...rule.alternative.extensions],
          },
        } : {}),
        ...(phase.exception !== undefined ? { exception: { until: phase.exception.untilText, ...(phase.exception.reason !== undefined ? { reason: resolveOptional(phase.exception.reason, language) as string } : {}) } } : {}),
        policyFile: rule.source.path,
        evidence: finding.evidence.map(reportEvidence),
      };
    }),
    scanned: input.scanned,
    scanProblems: [...input.scanProblems],
  };
}
