import type { Evidence } from '../detect/evidence';
import type { Finding } from '../findings';
import type { EffectivePolicy } from '../policy/mergeLayers';
import { resolveOptional, resolveText } from '../policy/localizedText';
import { formatProblem, type PolicyLayer, type PolicySourceRef } from '../policy/types';
import type { ClockState, Phase } from '../phase';
import type { Translate } from './localize';
import { relativeDeadline } from './relativeTime';
import { calendarDateIn } from '../dates';
import { blockCause, type AllowedSettings, type BlockCause } from './blockedBy';
import { blockPlanFor } from '../enforcement';
import { alternativeTool } from '../migrate/pairs';
import { isMigrationSource, isMigrationTarget } from '../migrate/types';
import { findingTitle } from '../export/ruleText';
import { blockHonoured, type SourceState } from '../policy/mergeLayers';
import { acknowledgementOf, type FindingMemory } from '../acknowledgements';
import { Pace, runToEnd, type Steps } from '../steps';

/**
 * Plain data sent to the webview; the webview renders it with textContent only. Every
 * text is final: policy text resolved to the display language, placeholders filled.
 */
export interface PanelModel {
  readonly organization?: string;
  readonly contact?: string;
  readonly policyUrl?: string;
  /** A card per finding, worst first: every one, or the first SHOWN_CARDS in the panel's model. */
  readonly cards: readonly PanelCard[];
  /** Set when the findings are more than the cards: how many more, and where to see them all. */
  readonly notShown?: string;
  readonly problems: readonly string[];
  /** Warnings of the files in force: they apply, but may not mean what their authors meant. */
  readonly warnings: readonly string[];
  readonly ignored: readonly string[];
  readonly sources: readonly { readonly layer: string; readonly path: string; readonly status: string; readonly label: string; readonly note?: string }[];
  /** One line for the screen-reader status region; it changes only when the findings do. */
  readonly summary: string;
  readonly checks: readonly string[];
  /** Set when deadlines are not reckoned from the machine's clock as it reads, or a remembered time was set aside. */
  readonly clock?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface PanelCard {
  readonly findingId: string;
  readonly ruleId: string;
  readonly title: string;
  readonly toolName: string;
  /** Where the rule comes from, so a workspace rule never passes as the organisation's. */
  readonly source: { readonly layer: PolicyLayer; readonly path: string; readonly label: string };
  readonly phase: Phase;
  readonly phaseLabel: string;
  readonly classification?: string;
  /** YYYY-MM-DD in the policy's zone. */
  readonly deadlineDate?: string;
  /** The same date in the person's display language ("10 July 2026", "2026年7月10日"). */
  readonly deadlineDisplay?: string;
  readonly timezone: string;
  /** "time zone Asia/Shanghai", in the display language. */
  readonly timezoneLabel: string;
  readonly relative?: string;
  readonly reason?: string;
  readonly alternative?: {
    readonly name: string;
    readonly url?: string;
    readonly description?: string;
    readonly commands: readonly string[];
    readonly extensions: readonly string[];
    /** One install button per extension, its label final. */
    readonly installs: readonly { readonly extensionId: string; readonly label: string }[];
    /** "Open Qoder", in the display language. */
    readonly openLabel: string;
    /** "Move my setup to Qoder": set when the engine can move this tool's setup to the alternative's tool. */
    readonly moveLabel?: string;
  };
  readonly links: readonly { readonly title: string; readonly url: string }[];
  readonly evidence: readonly { readonly label: string; readonly detail: string; readonly extensionId?: string; readonly terminalName?: string }[];
  readonly exception?: string;
  /** Installed-but-disabled extensions of this tool, and who disabled them. */
  readonly blocks: readonly { readonly cause: BlockCause; readonly extensionIds: readonly string[]; readonly text: string }[];
  /** Why a block the rule asks for is not (wholly) carried out: a workspace rule, or protected extensions. */
  readonly enforcementNote?: string;
  /** The exception-request link with {tool}, {rule} and {user} filled in and encoded. */
  readonly exceptionRequestUrl?: string;
  /** Warnings start → deadline → today, in date order. */
  readonly timeline: readonly { readonly label: string; readonly date: string; readonly current: boolean }[];
  /** "Read on 3 December 2026": the person acknowledged the rule as written now. */
  readonly acknowledged?: string;
  /** The acknowledge button's label, when the rule as written now is not acknowledged yet. */
  readonly acknowledgeLabel?: string;
}

function describeEvidence(evidence: Evidence, t: Translate): { label: string; detail: string; extensionId?: string; terminalName?: string } {
  switch (evidence.kind) {
    case 'extension':
      return {
        label: evidence.enabled ? t('Installed extension') : t('Installed extension (disabled)'),
        detail: `${evidence.displayName ? `${evidence.displayName} — ` : ''}${evidence.extensionId} ${evidence.version}`,
        // Only an enabled extension gets an Uninstall button.
        ...(evidence.enabled ? { extensionId: evidence.extensionId } : {}),
      };
    case 'command':
      return { label: t('Command in terminal “{0}”', evidence.terminalName), detail: `${evidence.commandLine} (${evidence.at})`, terminalName: evidence.terminalName };
    case 'process':
      return {
        label: evidence.terminalName ? t('Process {0} in terminal “{1}”', evidence.pid, evidence.terminalName) : t('Process {0}', evidence.pid),
        detail: evidence.argv || evidence.name,
        ...(evidence.terminalName ? { terminalName: evidence.terminalName } : {}),
      };
    case 'terminal':
      return { label: t('Terminal'), detail: evidence.terminalName, terminalName: evidence.terminalName };
    case 'app':
      return { label: t('Editor'), detail: `${evidence.appName} (${evidence.uriScheme})` };
    case 'installed':
      return { label: t('Command installed'), detail: `${evidence.command}: ${evidence.path}` };
    case 'mcpServer':
      return { label: t('MCP server “{0}” in {1}', evidence.server, evidence.file), detail: evidence.commandLine };
    // Only the command line's scan reads JetBrains IDEs; a report the panel shows may still carry them.
    case 'jetbrainsPlugin':
      return {
        label: evidence.enabled ? t('JetBrains plugin in {0} {1}', evidence.product, evidence.productVersion) : t('JetBrains plugin in {0} {1} (disabled)', evidence.product, evidence.productVersion),
        detail: `${evidence.name ? `${evidence.name} — ` : ''}${evidence.pluginId}${evidence.version ? ` ${evidence.version}` : ''}: ${evidence.location}`,
      };
    case 'acpAgent':
      return { label: t('ACP agent “{0}” in {1}', evidence.agent, evidence.file), detail: evidence.commandLine };
  }
}

export function phaseLabel(phase: Phase, t: Translate): string {
  switch (phase) {
    case 'violation': return t('Not permitted');
    case 'warning': return t('Deadline approaching');
    case 'notice': return t('Notice');
    case 'excepted': return t('Exception in force');
  }
}

/** Fills an exception-request template; each value is URL-encoded. */
export function fillRequestUrl(template: string, values: { tool: string; rule: string; user: string }): string {
  return template.replace(/\{(tool|rule|user)\}/g, (_whole, name: 'tool' | 'rule' | 'user') => encodeURIComponent(values[name]));
}

function timelineOf(finding: Finding, now: Date, t: Translate): PanelCard['timeline'] {
  const { rule, phase } = finding;
  if (!rule.deadline) return [];
  const zone = rule.timezone;
  const entries = [
    ...(phase.warningStarts ? [{ label: t('Warnings start'), at: phase.warningStarts }] : []),
    { label: t('Deadline'), at: rule.deadline },
    { label: t('Today'), at: now },
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return entries.map((entry) => ({ label: entry.label, date: calendarDateIn(entry.at, zone), current: entry.at === now }));
}

/**
 * Formatters by locale and zone: making one costs about 0.2 ms, and a large policy shows
 * thousands of dates in a handful of zones. Bounded, since the locale comes from outside.
 */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const MAX_DATE_FORMATTERS = 64;

function dateFormatter(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale}\n${zone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone });
    } catch {
      formatter = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: zone });
    }
    if (dateFormatters.size >= MAX_DATE_FORMATTERS) dateFormatters.clear();
    dateFormatters.set(key, formatter);
  }
  return formatter;
}

/** A date in the display language, reckoned in the policy's zone (Intl carries every locale's data, so nothing is bundled). */
export function localDate(instant: Date, zone: string, locale: string): string {
  return dateFormatter(locale, zone).format(instant);
}

const utcMinute = (instant: Date) => `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** One line about the clock, only when it matters: the clock was turned back, or a remembered time was not trusted. */
function clockNote(clock: ClockState | undefined, t: Translate): string | undefined {
  if (clock?.usingLatestSeen && clock.latestSeen) {
    return t('This machine’s clock reads {0}, earlier than the latest time seen ({1}); deadlines are reckoned from {1}.', utcMinute(clock.reading), utcMinute(clock.latestSeen));
  }
  if (clock?.distrusted) {
    return t('A remembered time ({0}) lay more than a year ahead of this machine’s clock and was set aside as a clock error; deadlines are reckoned from the clock ({1}).', utcMinute(clock.distrusted), utcMinute(clock.reading));
  }
  return undefined;
}

export interface PanelContext {
  readonly user: string;
  readonly now: Date;
  /** VS Code's display language (`vscode.env.language`); policy text and dates follow it. */
  readonly locale?: string;
  /** Extension ids this extension's `enforce: block` has disabled. */
  readonly enforced?: readonly string[];
  /** `extensions.allowed` as the editor reports it, to say who disabled an extension. */
  readonly allowed?: Omit<AllowedSettings, 'enforcedByUs'>;
  /** The clock's state, to say when deadlines are reckoned from the remembered latest time. */
  readonly clock?: ClockState;
  /** Acknowledgements from the state folder. */
  readonly memory?: FindingMemory;
}

function sourceStateLabel(layer: PolicyLayer, status: 'missing' | 'ok' | 'error', t: Translate): string {
  const layerName = layer === 'managed' ? t('managed') : layer === 'user' ? t('user') : t('workspace');
  const statusName = status === 'ok' ? t('applied') : status === 'missing' ? t('not present') : t('has errors');
  return t('{0}, {1}', layerName, statusName);
}

function summaryOf(cards: readonly PanelCard[], findings: number, hasPolicy: boolean, t: Translate): string {
  const first = cards[0];
  if (!first) return hasPolicy ? t('Nothing on this machine breaks the policy.') : t('No policy file was found.');
  return findings === 1
    ? t('{0}: {1}', first.toolName, first.phaseLabel)
    : t('{0} findings; the first: {1}, {2}', findings, first.toolName, first.phaseLabel);
}

export function sourceLabel(source: PolicySourceRef, t: Translate): string {
  switch (source.layer) {
    case 'managed': return t('Rule of your organisation (managed policy): {0}', source.path);
    case 'user': return t('Rule of your user policy (toolPolicy.policyFile or TOOL_POLICY_FILE): {0}', source.path);
    case 'workspace': return t('Rule added by this workspace, not by your organisation: {0}', source.path);
  }
}

function blockText(cause: BlockCause, ids: string, ruleId: string, t: Translate): string {
  switch (cause) {
    case 'organization-policy':
      return t('Blocked by your organisation’s VS Code policy (AllowedExtensions, set by your administrator): {0} cannot run in this editor.', ids);
    case 'this-extension':
      return t('Blocked by this policy (rule “{0}”, enforce: block): {1} disabled through the extensions.allowed setting. It is allowed again when the rule is lifted.', ruleId, ids);
    case 'user-setting':
      return t('Disabled by your own extensions.allowed user setting: {0}.', ids);
    case 'person':
      return t('Disabled by hand in this editor: {0}. It is still installed; uninstalling it completes the change.', ids);
  }
}

function blocksOf(finding: Finding, context: PanelContext, t: Translate): PanelCard['blocks'] {
  const settings: AllowedSettings = { ...context.allowed, enforcedByUs: (context.enforced ?? []).map((id) => id.toLowerCase()) };
  const byCause = new Map<BlockCause, string[]>();
  for (const evidence of finding.evidence) {
    if (evidence.kind !== 'extension' || evidence.enabled) continue;
    const cause = blockCause(evidence.extensionId, settings);
    byCause.set(cause, [...(byCause.get(cause) ?? []), evidence.extensionId]);
  }
  return [...byCause].map(([cause, extensionIds]) => ({ cause, extensionIds, text: blockText(cause, extensionIds.join(', '), finding.rule.id, t) }));
}

/** Why a rule's `enforce: block` is not carried out, or not for every extension it covers. */
function enforcementNote(finding: Finding, t: Translate): string | undefined {
  if (finding.rule.enforce !== 'block') return undefined;
  if (!blockHonoured(finding.rule)) {
    return t('This rule asks to block, but it comes from the workspace policy: only the organisation’s and your own policy may disable extensions, so it only notifies.');
  }
  const { spared } = blockPlanFor(finding);
  return spared.length > 0
    ? t('Never disabled, although the rule covers them: {0} (this extension and the editor’s built-in extensions are never blocked).', spared.join(', '))
    : undefined;
}

/** What a person needs to know about one policy file beyond its status. */
function sourceNote(source: SourceState, t: Translate): string | undefined {
  if (source.status !== 'error') return undefined;
  const problem = source.problems[0] ? formatProblem(source.problems[0]) : '';
  if (!source.policy) return t('Nothing from this file is in force: {0}', problem);
  return source.lastGoodRestored
    ? t('The last good version of this file, kept from an earlier session, is in force because the file is broken: {0}', problem)
    : t('The last good version of this file is in force because the file is broken: {0}', problem);
}

/**
 * Cards the panel shows at most, worst first: a person reads a few hundred at most, and
 * building, sending and laying out tens of thousands would hold the editor and the webview
 * on every publication. The exported report has every one.
 */
export const SHOWN_CARDS = 200;

/**
 * The panel's model of an effective policy and its findings, every text final.
 * @internal the whole of it at once, as the unit tests ask; the editor runs `buildPanelModelSteps`.
 */
export function buildPanelModel(policy: EffectivePolicy, findings: readonly Finding[], t: Translate, context: PanelContext = { user: '', now: new Date() }): PanelModel {
  return runToEnd(buildPanelModelSteps(policy, findings, t, context));
}

/**
 * The same, in pieces (src/core/steps.ts): tens of thousands of cards are built without
 * stalling the editor. With `cardLimit`, only the first findings get a card (the panel's
 * model, SHOWN_CARDS); the summary still counts them all and `notShown` says how many more.
 */
export function* buildPanelModelSteps(policy: EffectivePolicy, findings: readonly Finding[], t: Translate, context: PanelContext, cardLimit = Infinity): Steps<PanelModel> {
  const clock = clockNote(context.clock, t);
  const language = context.locale;
  const cards: PanelCard[] = [];
  const carded = findings.length > cardLimit ? findings.slice(0, cardLimit) : findings;
  const hidden = findings.length - carded.length;
  const pace = new Pace();
  for (const finding of carded) {
    cards.push(cardOf(finding, t, context));
    // A card costs about as much as its evidence.
    if (pace.due(finding.evidence.length)) yield;
  }
  return {
    ...(policy.organization !== undefined ? { organization: resolveText(policy.organization, language) } : {}),
    ...(policy.contact !== undefined ? { contact: policy.contact } : {}),
    ...(policy.policyUrl !== undefined ? { policyUrl: policy.policyUrl } : {}),
    cards,
    problems: policy.problems.map(formatProblem),
    warnings: policy.warnings.map(formatProblem),
    ignored: ignoredLines(policy.ignored, cardLimit, t),
    sources: policy.sources.map((source) => sourceOf(source, t)),
    summary: summaryOf(cards, findings.length, policy.sources.some((source) => source.status !== 'missing'), t),
    ...(hidden > 0 ? { notShown: t('{0} more findings are not shown here. Export the compliance report (Tool Policy: Export Compliance Report) to see every one.', hidden) } : {}),
    checks: whatIsChecked(t),
    ...(clock !== undefined ? { clock } : {}),
    labels: labelsOf(t),
  };
}

/** The changes a merge refused, as lines; past `limit` (a workspace file may repeat thousands of ids) one line counts the rest. */
function ignoredLines(ignored: EffectivePolicy['ignored'], limit: number, t: Translate): string[] {
  const listed = ignored.length > limit ? ignored.slice(0, limit) : ignored;
  const lines = listed.map((change) => `${change.path}: ${change.message}`);
  if (listed.length < ignored.length) lines.push(t('{0} more refused changes are not listed here. Export the compliance report as JSON (Tool Policy: Export Compliance Report) to see every one.', ignored.length - listed.length));
  return lines;
}

/** One finding's card: the rule in the display language, its deadline, evidence and what to do. */
function cardOf(finding: Finding, t: Translate, context: PanelContext): PanelCard {
  const { rule, tool, phase } = finding;
  const language = context.locale;
  const relative = relativeDeadline(phase, t);
  const requestUrl = rule.exceptionRequestUrl ? fillRequestUrl(rule.exceptionRequestUrl, { tool: tool.id, rule: rule.id, user: context.user }) : undefined;
  const alternative = alternativeOf(rule.alternative, t, language, canMove(finding));
  const reason = resolveOptional(rule.reason, language);
  const note = enforcementNote(finding, t);
  const exceptionReason = resolveOptional(phase.exception?.reason, language);
  const ack = context.memory ? acknowledgementOf(rule, context.memory.acknowledgements) : undefined;
  return {
    findingId: finding.id,
    ruleId: rule.id,
    title: findingTitle(rule, tool.name, language, t),
    toolName: tool.name,
    source: { layer: rule.source.layer, path: rule.source.path, label: sourceLabel(rule.source, t) },
    phase: phase.phase,
    phaseLabel: phaseLabel(phase.phase, t),
    ...(rule.classification !== undefined ? { classification: rule.classification } : {}),
    ...(rule.deadline !== undefined
      ? { deadlineDate: calendarDateIn(rule.deadline, rule.timezone), deadlineDisplay: localDate(rule.deadline, rule.timezone, language ?? 'en') }
      : {}),
    timezone: rule.timezone,
    timezoneLabel: t('time zone {0}', rule.timezone),
    ...(relative !== undefined ? { relative } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(alternative !== undefined ? { alternative } : {}),
    links: rule.links.map((link) => ({ title: resolveText(link.title, language), url: link.url })),
    evidence: finding.evidence.map((evidence) => describeEvidence(evidence, t)),
    ...(phase.exception !== undefined
      ? { exception: t('Exception until {0}{1}', phase.exception.untilText, exceptionReason ? ` — ${exceptionReason}` : '') }
      : {}),
    ...(requestUrl !== undefined ? { exceptionRequestUrl: requestUrl } : {}),
    timeline: timelineOf(finding, context.now, t),
    blocks: blocksOf(finding, context, t),
    ...(note !== undefined ? { enforcementNote: note } : {}),
    ...(ack !== undefined
      ? { acknowledged: t('Read on {0}', localDate(new Date(ack.at), rule.timezone, language ?? 'en')) }
      : { acknowledgeLabel: t('I have read this') }),
  };
}

/** What the rule offers instead, with its install and open buttons' labels. */
/** Whether the engine reads this tool's setup and can write the one the rule's alternative names. */
function canMove(finding: Finding): boolean {
  const target = alternativeTool(finding.rule);
  return isMigrationSource(finding.tool.id) && target !== undefined && isMigrationTarget(target);
}

function alternativeOf(alternative: Finding['rule']['alternative'], t: Translate, language: string | undefined, movable: boolean): PanelCard['alternative'] {
  if (alternative === undefined) return undefined;
  const name = resolveText(alternative.name, language);
  const description = resolveOptional(alternative.description, language);
  return {
    name,
    ...(alternative.url !== undefined ? { url: alternative.url } : {}),
    ...(description !== undefined ? { description } : {}),
    commands: alternative.commands,
    extensions: alternative.extensions,
    installs: alternative.extensions.map((extensionId) => ({ extensionId, label: t('Install {0}', extensionId) })),
    openLabel: t('Open {0}', name),
    ...(movable ? { moveLabel: t('Move my setup to {0}', name) } : {}),
  };
}

function sourceOf(source: EffectivePolicy['sources'][number], t: Translate): PanelModel['sources'][number] {
  const note = sourceNote(source, t);
  return { layer: source.layer, path: source.path, status: source.status, label: sourceStateLabel(source.layer, source.status, t), ...(note !== undefined ? { note } : {}) };
}

/** "What this extension checks": every kind of input it reads, and that nothing leaves the machine. */
function whatIsChecked(t: Translate): string[] {
  return [
    t('The policy files listed below, and nothing else of your files.'),
    t('The list of installed extensions in this editor, compared with the extension ids the policy names.'),
    t('Commands run in the integrated terminals (through shell integration): only those that start a tool the policy names are kept, in memory, while the terminal is open.'),
    t('The processes started from the integrated terminals (names and arguments), only while a terminal is open.'),
    t('MCP server definitions in your mcp.json and in each workspace folder’s .vscode/mcp.json: a server whose command line runs a tool the policy names (they are read, never started).'),
    t('The names of the integrated terminals and of this editor (for VS Code forks).'),
    t('Which of the listed tools’ commands are installed on PATH (their file names only; nothing is run).'),
    t('Nothing is sent anywhere: no network access, no telemetry. A report leaves this machine only if you export it.'),
  ];
}

function labelsOf(t: Translate): PanelModel['labels'] {
  return {
    heading: t('AI-tool policy'),
    organization: t('Organisation'),
    contact: t('Contact'),
    readPolicy: t('Read the full policy'),
    deadline: t('Deadline'),
    noDeadline: t('In force now'),
    reason: t('Why'),
    alternative: t('Use instead'),
    alternativeCommand: t('Command-line tool'),
    evidence: t('Found on this machine'),
    compliant: t('Nothing on this machine breaks the policy.'),
    noPolicy: t('No policy file was found.'),
    problems: t('Policy errors'),
    warnings: t('Policy warnings'),
    ignored: t('Ignored changes from lower policy layers'),
    sources: t('Policy files'),
    checks: t('What this extension checks'),
    source: t('Source'),
    copy: t('Copy'),
    blocked: t('Why it is disabled'),
    links: t('Links'),
    uninstall: t('Uninstall…'),
    showTerminal: t('Show terminal'),
    requestException: t('Request an exception'),
    timeline: t('Timeline'),
  };
}
