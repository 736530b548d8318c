/**
 * The report model, one for both faces: what `tool-policy scan --format json` prints, what
 * its text and SARIF forms are written from, and what the editor's "Export Compliance
 * Report" writes as JSON. Schema: schemas/scan-report.v1.json.
 */
import type { Evidence } from '../detect/evidence';
import type { UnreadItem } from '../detect/gatherEvidence';
import type { Finding } from '../findings';
import { PHASE_SEVERITY, type Phase } from '../phase';
import type { Person } from '../person';
import type { EffectivePolicy } from '../policy/mergeLayers';
import { calendarDateIn } from '../dates';
import { findingTitle } from '../export/ruleText';
import { resolveOptional, resolveText } from '../policy/localizedText';
import { acknowledgementOf, EMPTY_MEMORY, type FindingMemory } from '../acknowledgements';

export const SCHEMA_VERSION = 1;

/** Something a scan looks at but could not read whole; the rest of the scan still ran. */
export type ScanProblem = UnreadItem;

export type ScanStatus = 'compliant' | 'warning' | 'violation' | 'policy-error' | 'incomplete';

/**
 * README "Exit codes": 0 compliant (notices allowed), 1 warnings, 2 violations, 3 policy
 * error, 4 usage error, 5 incomplete; 70 a bug (EX_SOFTWARE), 74 an output error (EX_IOERR).
 */
export const EXIT = { ok: 0, warnings: 1, violations: 2, policyError: 3, usage: 4, incomplete: 5, software: 70, output: 74 } as const;

/** A scan's exit code is its status. */
const EXIT_CODES: Readonly<Record<ScanStatus, number>> = {
  compliant: EXIT.ok, warning: EXIT.warnings, violation: EXIT.violations, 'policy-error': EXIT.policyError, incomplete: EXIT.incomplete,
};

export interface ReportOwner {
  readonly uid?: number;
  readonly user?: string;
}

export type ReportEvidence =
  | { kind: 'extension'; id: string; version: string; editor?: string; folder?: string; enabled?: boolean }
  | { kind: 'process'; pid: number; name: string; commandLine: string; owner: ReportOwner; terminal?: string }
  | { kind: 'installed'; command: string; path: string }
  | { kind: 'mcp'; file: string; server: string; commandLine: string }
  | { kind: 'jetbrainsPlugin'; product: string; productVersion: string; pluginId: string; name?: string; version?: string; vendor?: string; folder: string; enabled: boolean }
  | { kind: 'acpAgent'; file: string; agent: string; commandLine: string }
  /** Only the editor sees these: a command typed in a terminal, a terminal's name, the host editor. */
  | { kind: 'command'; terminal: string; commandLine: string }
  | { kind: 'terminal'; terminal: string }
  | { kind: 'app'; appName: string };

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
  /** When this finding (rule and tool) was first seen on this machine for this person, as the state folder remembers. */
  firstSeen?: string;
  /** The person's acknowledgement of the rule as written now: when, and the rule's phase then. */
  acknowledged?: { at: string; phase: Phase };
}

/** What the editor adds: the host editor, the workspace it judged, and how much it looked at. */
export interface ReportEditor {
  appName: string;
  uriScheme: string;
  workspaceFolders: string[];
  /** Extensions the editor listed (enabled and disabled). */
  extensions: number;
  /** Integrated terminals open. */
  terminals: number;
}

export interface ScanReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'tool-policy'; version: string };
  generatedAt: string;
  now: string;
  host: string;
  home: string;
  /** The person: the home folder's owner (scan), or the user the editor runs as. */
  owner: { uid?: number; user?: string; groups: string[] };
  /** Whose processes counted: the owner's, or every user's (`--all-users`). */
  processOwners: 'owner' | 'all-users';
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
  editor?: ReportEditor;
}

/** Owners' names by numeric id, for process evidence read with an id only. */
export type UserNames = ReadonlyMap<number, string>;

function reportEvidence(evidence: Evidence, names: UserNames = new Map()): ReportEvidence {
  switch (evidence.kind) {
    case 'extension':
      return {
        kind: 'extension', id: evidence.extensionId, version: evidence.version,
        ...(evidence.editor !== undefined ? { editor: evidence.editor } : {}),
        ...(evidence.location !== undefined ? { folder: evidence.location } : {}),
        ...(evidence.enabled ? {} : { enabled: false }),
      };
    case 'process': {
      const uid = evidence.owner?.uid;
      const user = evidence.owner?.user ?? (uid !== undefined ? names.get(uid) : undefined);
      return {
        kind: 'process', pid: evidence.pid, name: evidence.name, commandLine: evidence.argv,
        owner: { ...(uid !== undefined ? { uid } : {}), ...(user !== undefined ? { user } : {}) },
        ...(evidence.terminalName !== undefined ? { terminal: evidence.terminalName } : {}),
      };
    }
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
      return { kind: 'command', terminal: evidence.terminalName, commandLine: evidence.commandLine };
    case 'terminal':
      return { kind: 'terminal', terminal: evidence.terminalName };
    case 'app':
      return { kind: 'app', appName: evidence.appName };
  }
}

/**
 * The worst outcome. A policy error ranks first (the answer cannot be trusted), then a
 * violation; then something that could not be read, which leaves "compliant" (and
 * "warnings") unprovable; then the worst phase.
 */
function scanStatus(policyError: boolean, findings: readonly Finding[], problems: readonly ScanProblem[] = []): ScanStatus {
  if (policyError) return 'policy-error';
  const worst = Math.max(0, ...findings.map((finding) => PHASE_SEVERITY[finding.phase.phase]));
  if (worst >= PHASE_SEVERITY.violation) return 'violation';
  if (problems.length > 0) return 'incomplete';
  if (worst >= PHASE_SEVERITY.warning) return 'warning';
  return 'compliant';
}

export interface ScanReportInput {
  readonly policy: EffectivePolicy;
  readonly findings: readonly Finding[];
  readonly now: Date;
  readonly generatedAt: Date;
  readonly host: string;
  readonly home: string;
  readonly owner: Person;
  readonly processOwners: ScanReport['processOwners'];
  readonly version: string;
  readonly scanned: ScanReport['scanned'];
  readonly scanProblems: readonly ScanProblem[];
  /** Language of policy texts (the fallback order of README "Languages"). */
  readonly language: string;
  readonly userNames?: UserNames;
  readonly editor?: ReportEditor;
  /** First-seen times and acknowledgements from the person's state folder. */
  readonly memory?: FindingMemory;
}

export function buildScanReport(input: ScanReportInput): ScanReport {
  const { policy, language } = input;
  const status = scanStatus(policy.problems.length > 0, input.findings, input.scanProblems);
  const names = new Map(input.userNames ?? []);
  if (input.owner.uid !== undefined && input.owner.user !== undefined && !names.has(input.owner.uid)) names.set(input.owner.uid, input.owner.user);
  // One piece of evidence (an installed extension) is often the evidence of thousands of
  // findings (every rule banning its tool): it is described once and shared by them.
  const described = new Map<Evidence, ReportEvidence>();
  const reported = (evidence: Evidence): ReportEvidence => {
    let shown = described.get(evidence);
    if (!shown) {
      shown = reportEvidence(evidence, names);
      described.set(evidence, shown);
    }
    return shown;
  };
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'tool-policy', version: input.version },
    generatedAt: input.generatedAt.toISOString(),
    now: input.now.toISOString(),
    host: input.host,
    home: input.home,
    owner: {
      ...(input.owner.uid !== undefined ? { uid: input.owner.uid } : {}),
      ...(input.owner.user !== undefined ? { user: input.owner.user } : {}),
      groups: [...input.owner.groups],
    },
    processOwners: input.processOwners,
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
    findings: input.findings.map((finding) => reportFinding(finding, language, reported, input.memory ?? EMPTY_MEMORY)),
    scanned: input.scanned,
    scanProblems: [...input.scanProblems],
    ...(input.editor !== undefined ? { editor: input.editor } : {}),
  };
}

function reportFinding(finding: Finding, language: string, reported: (evidence: Evidence) => ReportEvidence, memory: FindingMemory): ReportFinding {
  const { rule, tool, phase } = finding;
  const seen = Object.prototype.hasOwnProperty.call(memory.firstSeen, finding.id) ? memory.firstSeen[finding.id] : undefined;
  const ack = acknowledgementOf(rule, memory.acknowledgements);
  // Built by assignment, in the order of the fields (the order of the JSON's keys): a large
  // policy makes tens of thousands of findings, and spreading each optional part made a
  // temporary object for it.
  const shown = {
    id: finding.id,
    ruleId: rule.id,
    toolId: tool.id,
    toolName: tool.name,
    title: findingTitle(rule, tool.name, language),
    phase: phase.phase,
    active: finding.active,
    enforce: rule.enforce,
  } as ReportFinding;
  if (rule.deadline !== undefined) shown.deadline = calendarDateIn(rule.deadline, rule.timezone);
  shown.timezone = rule.timezone;
  if (phase.daysLeft !== undefined) shown.daysLeft = phase.daysLeft;
  if (phase.daysOverdue !== undefined) shown.daysOverdue = phase.daysOverdue;
  if (rule.classification !== undefined) shown.classification = rule.classification;
  if (rule.reason !== undefined) shown.reason = resolveText(rule.reason, language);
  if (rule.alternative !== undefined) {
    shown.alternative = {
      name: resolveText(rule.alternative.name, language),
      ...(rule.alternative.url !== undefined ? { url: rule.alternative.url } : {}),
      ...(rule.alternative.description !== undefined ? { description: resolveText(rule.alternative.description, language) } : {}),
      commands: [...rule.alternative.commands],
      extensions: [...rule.alternative.extensions],
    };
  }
  if (phase.exception !== undefined) {
    shown.exception = { until: phase.exception.untilText, ...(phase.exception.reason !== undefined ? { reason: resolveOptional(phase.exception.reason, language) as string } : {}) };
  }
  shown.policyFile = rule.source.path;
  shown.evidence = finding.evidence.map(reported);
  if (seen !== undefined) shown.firstSeen = seen.first;
  if (ack !== undefined) shown.acknowledged = { at: ack.at, phase: ack.phase };
  return shown;
}
