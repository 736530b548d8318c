/**
 * What the policy panel shows of a move (SPEC §4, "Move my setup to <alternative>"): the
 * plan `tool-policy migrate` prints, as plain text the webview renders with textContent.
 * File contents never appear, and the values of an MCP server's `env` and `headers` are
 * named only, masked: the view is built from the plan's names and reasons, never from
 * its bytes.
 */
import { summarise } from '../migrate/plan';
import { displayPath } from '../migrate/settle';
import type { Fidelity, ItemState, MigrationPlan, PlanItem, RootRef, SecretNames } from '../migrate/types';
import type { Translate } from './localize';

export const SECRET_MASK = '********';

/**
 * planning: the setup is being read; plan: shown, nothing written; applying: the person
 * confirmed, writes under way; applied: what was written and what is left; failed: the
 * plan could not be made or carried out (the reason in `error`).
 */
export type MigrationStage = 'planning' | 'plan' | 'applying' | 'applied' | 'failed';

export interface MigrationViewItem {
  readonly fidelity: Fidelity;
  readonly fidelityLabel: string;
  readonly state: ItemState;
  /** Empty when the state adds nothing to the fidelity (lost, still run). */
  readonly stateLabel: string;
  readonly kind: string;
  readonly name: string;
  readonly source: string;
  /** The target file, with the entry for a JSON entry (`.qoder/mcp.json [mcpServers.github]`). */
  readonly target?: string;
  readonly reason: string;
  readonly stateReason?: string;
  readonly losses: readonly string[];
  readonly notes: readonly string[];
  /** `env GITHUB_TOKEN=********`: names only. */
  readonly secrets?: string;
}

export interface MigrationViewGroup {
  readonly title: string;
  readonly items: readonly MigrationViewItem[];
  readonly problems: readonly string[];
}

export interface MigrationView {
  /** Names this plan: the panel's Apply button answers for it and no other. */
  readonly id: string;
  readonly stage: MigrationStage;
  readonly title: string;
  /** One line under the title: what happens next. */
  readonly intro: string;
  readonly groups: readonly MigrationViewGroup[];
  readonly summary?: string;
  /** Whether there is anything to write and the person may ask for it. */
  readonly canApply: boolean;
  /** After the writes: each file written (with the item it carries). */
  readonly written: readonly string[];
  /** After the writes: conflicts, failures, losses and what could not be read. */
  readonly left: readonly string[];
  readonly notes: readonly string[];
  readonly error?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Who asks for the move, by the names the person knows. */
export interface MigrationNames {
  readonly fromName: string;
  readonly toName: string;
}

const rootKey = (root: RootRef): string => (root.kind === 'home' ? 'home' : `p${root.index}`);

function fidelityLabel(fidelity: Fidelity, t: Translate): string {
  switch (fidelity) {
    case 'as-is': return t('carried over as is');
    case 'converted': return t('converted');
    case 'lost': return t('lost');
    case 'still-run': return t('still run unchanged');
    case 'unknown': return t('not read');
  }
}

function stateLabel(state: ItemState, t: Translate): string {
  switch (state) {
    case 'write': return t('to write');
    case 'written': return t('written');
    case 'done': return t('already there');
    case 'conflict': return t('conflict');
    case 'failed': return t('failed');
    case 'unreadable': return t('unreadable');
    case 'none': return '';
  }
}

export function secretText(secrets: SecretNames | undefined): string | undefined {
  if (!secrets) return undefined;
  const parts = [
    ...(secrets.env.length > 0 ? [`env ${secrets.env.map((name) => `${name}=${SECRET_MASK}`).join(' ')}`] : []),
    ...(secrets.headers.length > 0 ? [`headers ${secrets.headers.map((name) => `${name}=${SECRET_MASK}`).join(' ')}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

function sourceText(item: PlanItem): string {
  // A file holding several items (MCP servers) names the one meant.
  return item.kind === 'mcp-server' && item.name !== baseName(item.source.path) ? `${displayPath(item.source)}: ${item.name}` : displayPath(item.source);
}

function targetText(item: PlanItem): string | undefined {
  if (!item.target) return undefined;
  return `${displayPath(item.target)}${item.target.entry ? ` [${item.target.entry.join('.')}]` : ''}`;
}

function viewItem(item: PlanItem, t: Translate): MigrationViewItem {
  const target = targetText(item);
  const secrets = secretText(item.secrets);
  return {
    fidelity: item.fidelity,
    fidelityLabel: fidelityLabel(item.fidelity, t),
    state: item.state,
    stateLabel: stateLabel(item.state, t),
    kind: item.kind,
    name: item.name,
    source: sourceText(item),
    ...(target !== undefined ? { target } : {}),
    reason: item.reason,
    ...(item.stateReason !== undefined ? { stateReason: item.stateReason } : {}),
    losses: item.losses,
    notes: item.notes,
    ...(secrets !== undefined ? { secrets } : {}),
  };
}

function groupsOf(plan: MigrationPlan, t: Translate): MigrationViewGroup[] {
  const roots: Array<{ root: RootRef; title: string }> = [
    { root: { kind: 'home' }, title: t('Your user settings (home folder {0})', plan.home) },
    ...plan.projects.map((project, index) => ({ root: { kind: 'project', index } as RootRef, title: t('Project {0}', project) })),
  ];
  return roots.flatMap(({ root, title }) => {
    const items = plan.items.filter((item) => rootKey(item.source.root) === rootKey(root)).map((item) => viewItem(item, t));
    const problems = plan.problems.filter((problem) => rootKey(problem.root) === rootKey(root)).map((problem) => `${problem.path}: ${problem.error}`);
    return items.length > 0 || problems.length > 0 ? [{ title, items, problems }] : [];
  });
}

function summaryText(plan: MigrationPlan, toName: string, applied: boolean, t: Translate): string {
  const s = summarise(plan);
  return [
    applied ? t('{0} written', s.written) : t('{0} to write', s.write),
    t('{0} already there', s.done),
    t('{0} conflicts', s.conflict),
    ...(s.failed > 0 ? [t('{0} failed', s.failed)] : []),
    t('{0} lost', s.lost),
    t('{0} carried over with losses', s.withLosses),
    t('{0} still run unchanged by {1}', s.stillRun, toName),
    t('{0} unreadable', s.unreadable),
  ].join(' · ');
}

/** What the person still has to do after the writes (or would have to, for a plan). */
function leftForPerson(plan: MigrationPlan, t: Translate): string[] {
  const left: string[] = [];
  for (const item of plan.items) {
    const where = sourceText(item);
    if (item.state === 'conflict' || item.state === 'failed') left.push(t('{0}: not written: {1}', where, item.stateReason ?? item.state));
    else if (item.state === 'write') left.push(t('{0}: not written', where));
    else if (item.state === 'unreadable') left.push(t('{0}: could not be read: {1}', where, item.stateReason ?? item.reason));
    if (item.fidelity === 'lost') left.push(t('{0}: lost: {1}', where, item.reason));
    else for (const loss of item.losses) left.push(t('{0}: lost: {1}', where, loss));
  }
  for (const problem of plan.problems) left.push(t('{0}: could not be read: {1}', `${problem.root.kind === 'home' ? '~/' : ''}${problem.path}`, problem.error));
  return left;
}

function writtenList(plan: MigrationPlan): string[] {
  return plan.items.filter((item) => item.state === 'written').map((item) => `${sourceText(item)} → ${targetText(item) ?? ''}`);
}

function labelsOf(names: MigrationNames, t: Translate): MigrationView['labels'] {
  return {
    target: t('Into'),
    lost: t('Lost'),
    note: t('Note'),
    secrets: t('Secrets (never shown)'),
    apply: t('Apply…'),
    close: t('Close'),
    written: t('Written'),
    left: t('Left for you'),
    unreadable: t('Could not be read'),
    region: t('Moving your setup to {0}', names.toName),
  };
}

const titleOf = (names: MigrationNames, t: Translate) => t('Move my setup from {0} to {1}', names.fromName, names.toName);

/** The view while the setup is being read. */
export function planningView(id: string, names: MigrationNames, t: Translate): MigrationView {
  return {
    id, stage: 'planning', title: titleOf(names, t), intro: t('Reading your {0} setup…', names.fromName),
    groups: [], canApply: false, written: [], left: [], notes: [], labels: labelsOf(names, t),
  };
}

/** The view when no plan could be made or carried out. */
export function failedView(id: string, names: MigrationNames, error: string, t: Translate): MigrationView {
  return {
    id, stage: 'failed', title: titleOf(names, t), intro: t('Nothing was written.'), error,
    groups: [], canApply: false, written: [], left: [], notes: [], labels: labelsOf(names, t),
  };
}

/** A plan as shown before the person confirms it (`applying` while the writes run). */
export function planView(id: string, plan: MigrationPlan, names: MigrationNames, t: Translate, options: { applying?: boolean; notes?: readonly string[] } = {}): MigrationView {
  const toWrite = summarise(plan).write;
  const intro = options.applying
    ? t('Writing…')
    : toWrite > 0
      ? t('Nothing is written until you choose Apply and confirm. Only new files and new entries are written; nothing is overwritten or deleted.')
      : t('Nothing to write: everything that carries over to {0} is already there.', names.toName);
  return {
    id,
    stage: options.applying ? 'applying' : 'plan',
    title: titleOf(names, t),
    intro,
    groups: groupsOf(plan, t),
    summary: summaryText(plan, names.toName, false, t),
    canApply: !options.applying && toWrite > 0,
    written: [],
    left: [],
    notes: options.notes ?? [],
    labels: labelsOf(names, t),
  };
}

/** The plan after its writes: what was written and what is left for the person. */
export function appliedView(id: string, plan: MigrationPlan, names: MigrationNames, t: Translate, notes: readonly string[] = []): MigrationView {
  const written = writtenList(plan);
  const left = leftForPerson(plan, t);
  return {
    id,
    stage: 'applied',
    title: titleOf(names, t),
    intro: left.length > 0
      ? t('{0} items written. Some things are left for you: see below.', written.length)
      : t('{0} items written. Nothing is left for you to do.', written.length),
    groups: groupsOf(plan, t),
    summary: summaryText(plan, names.toName, true, t),
    canApply: false,
    written,
    left,
    notes,
    labels: labelsOf(names, t),
  };
}
