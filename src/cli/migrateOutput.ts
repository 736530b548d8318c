/**
 * `tool-policy migrate` output: a readable plan (text) and a versioned JSON report. The
 * values of MCP servers' `env` and `headers` never appear: only their names, masked. No
 * file's content is printed either; names and paths from the person's disk are shown
 * through safeText (a file name may hold terminal escapes).
 */
import * as path from 'node:path';
import { summarise, type MigrationSummary } from '../core/migrate/plan';
import { displayPath } from '../core/migrate/settle';
import { secretText as maskedSecrets, SECRET_MASK } from '../core/present/migrationView';
import type { FileRef, MigrationPlan, PlanItem, RootRef, SecretNames } from '../core/migrate/types';
import { safeText, type Painter } from './terminalText';

const MIGRATE_SCHEMA_VERSION = 1;
const MASK = SECRET_MASK;

export interface MigrationRun {
  readonly plan: MigrationPlan;
  readonly fromName: string;
  readonly toName: string;
  /** The rules that led here (none when --from and --to named the pair). */
  readonly rules: readonly string[];
}

export interface MigrateReport {
  readonly schemaVersion: number;
  readonly applied: boolean;
  readonly home: string;
  readonly projects: readonly string[];
  readonly migrations: readonly ReportMigration[];
  readonly notes: readonly string[];
  readonly exitCode: number;
}

interface ReportMigration {
  readonly from: string;
  readonly to: string;
  readonly fromName: string;
  readonly toName: string;
  readonly rules: readonly string[];
  readonly items: readonly ReportItem[];
  readonly problems: ReadonlyArray<{ readonly path: string; readonly error: string }>;
  readonly summary: MigrationSummary;
}

interface ReportItem {
  readonly id: string;
  readonly kind: string;
  readonly level: string;
  readonly name: string;
  readonly source: string;
  readonly target?: string;
  readonly entry?: readonly string[];
  /** For new entries in a JSON file: the path of each. */
  readonly entries?: ReadonlyArray<readonly string[]>;
  readonly fidelity: string;
  readonly state: string;
  readonly reason: string;
  readonly stateReason?: string;
  readonly losses: readonly string[];
  readonly notes: readonly string[];
  readonly secrets?: { readonly env: Record<string, string>; readonly headers: Record<string, string> };
}

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);
const rootOf = (plan: MigrationPlan, root: RootRef): string => (root.kind === 'home' ? plan.home : plan.projects[root.index] ?? '');
const absolute = (plan: MigrationPlan, ref: FileRef): string => path.join(rootOf(plan, ref.root), ...ref.path.split('/'));

const masked = (names: readonly string[]): Record<string, string> => Object.fromEntries(names.map((name) => [name, MASK]));

export function migrateReport(runs: readonly MigrationRun[], context: { applied: boolean; home: string; projects: readonly string[]; notes: readonly string[]; exitCode: number }): MigrateReport {
  return {
    schemaVersion: MIGRATE_SCHEMA_VERSION,
    applied: context.applied,
    home: context.home,
    projects: context.projects,
    migrations: runs.map(({ plan, fromName, toName, rules }) => ({
      from: plan.from,
      to: plan.to,
      fromName,
      toName,
      rules,
      items: plan.items.map((item) => reportItem(plan, item)),
      problems: plan.problems.map((problem) => ({ path: absolute(plan, { root: problem.root, path: problem.path }), error: problem.error })),
      summary: summarise(plan),
    })),
    notes: context.notes,
    exitCode: context.exitCode,
  };
}

function reportItem(plan: MigrationPlan, item: PlanItem): ReportItem {
  return {
    id: item.id,
    kind: item.kind,
    level: item.level,
    name: item.name,
    source: absolute(plan, item.source),
    ...(item.target ? { target: absolute(plan, item.target) } : {}),
    ...(item.target?.entry ? { entry: item.target.entry } : {}),
    ...(item.changes.some((change) => change.kind === 'json') ? { entries: item.changes.flatMap((change) => (change.kind === 'json' ? change.entries.map((entry) => entry.path) : [])) } : {}),
    fidelity: item.fidelity,
    state: item.state,
    reason: item.reason,
    ...(item.stateReason !== undefined ? { stateReason: item.stateReason } : {}),
    losses: item.losses,
    notes: item.notes,
    ...(item.secrets ? { secrets: { env: masked(item.secrets.env), headers: masked(item.secrets.headers) } } : {}),
  };
}

const STATE_LABEL: Readonly<Record<PlanItem['state'], string>> = {
  write: 'to write',
  written: 'written',
  done: 'done',
  conflict: 'conflict',
  failed: 'failed',
  none: '',
  unreadable: 'unreadable',
};

const FIDELITY_LABEL: Readonly<Record<PlanItem['fidelity'], string>> = {
  'as-is': 'as is',
  converted: 'converted',
  lost: 'lost',
  'still-run': 'still run',
  unknown: '?',
};

function secretText(secrets: SecretNames | undefined): string {
  const text = maskedSecrets(secrets);
  return text !== undefined ? ` (${text})` : '';
}

function where(item: PlanItem): string {
  // A file holding several items (MCP servers) names the one meant.
  const source = item.kind === 'mcp-server' && item.name !== baseName(item.source.path) ? `${displayPath(item.source)}: ${item.name}` : displayPath(item.source);
  if (!item.target) return source;
  const entry = item.target.entry ? ` [${item.target.entry.join('.')}]` : '';
  return `${source} → ${displayPath(item.target)}${entry}`;
}

export function migrateText(runs: readonly MigrationRun[], context: { applied: boolean; notes: readonly string[]; paint: Painter }): string {
  const { paint } = context;
  const lines: string[] = [];
  for (const { plan, fromName, toName, rules } of runs) {
    const because = rules.length > 0 ? ` (rule${rules.length === 1 ? '' : 's'} ${rules.map(safeText).join(', ')})` : '';
    lines.push(paint.bold(`Moving ${fromName} to ${toName}${because}`));
    if (!context.applied) lines.push('Nothing is written without --apply.');
    const roots: Array<{ root: RootRef; title: string }> = [
      { root: { kind: 'home' }, title: `Home folder ${plan.home}` },
      ...plan.projects.map((project, index) => ({ root: { kind: 'project', index } as RootRef, title: `Project ${project}` })),
    ];
    for (const { root, title } of roots) {
      const key = (ref: RootRef) => (ref.kind === 'home' ? 'home' : `p${ref.index}`);
      const all = plan.items.filter((item) => key(item.source.root) === key(root));
      const problems = plan.problems.filter((problem) => key(problem.root) === key(root));
      if (all.length === 0 && problems.length === 0) continue;
      lines.push('', paint.bold(safeText(title)));
      for (const item of all) lines.push(...itemLines(item, paint));
      for (const problem of problems) lines.push(`  ${paint.red('unreadable'.padEnd(11))}${safeText(problem.path)}: ${safeText(problem.error)}`);
    }
    const summary = summarise(plan);
    lines.push('', summaryLine(summary, toName, context.applied));
    if (!context.applied && summary.write > 0) lines.push(`Run again with --apply to write ${summary.write === 1 ? 'it' : `these ${summary.write} items`}.`);
    lines.push('');
  }
  for (const note of context.notes) lines.push(safeText(note));
  const text = lines.join('\n');
  // Trailing line breaks counted from the end (/\n+$/ rescans a long run of them from each one).
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  return `${text.slice(0, end)}\n`;
}

function itemLines(item: PlanItem, paint: Painter): string[] {
  const state = STATE_LABEL[item.state] || FIDELITY_LABEL[item.fidelity];
  const colour = item.state === 'conflict' || item.state === 'failed' || item.state === 'unreadable' || item.fidelity === 'lost'
    ? paint.red
    : item.state === 'write' ? paint.cyan : item.state === 'written' || item.state === 'done' ? paint.green : paint.yellow;
  const fidelity = item.state === 'none' ? '' : FIDELITY_LABEL[item.fidelity];
  const lines = [`  ${colour(state.padEnd(11))}${fidelity.padEnd(10)} ${item.kind.padEnd(13)}${safeText(where(item))}${safeText(secretText(item.secrets))}`];
  const indent = ' '.repeat(24);
  if (item.stateReason) lines.push(`${indent}${paint.red(safeText(item.stateReason))}`);
  lines.push(`${indent}${paint.dim(safeText(item.reason))}`);
  for (const loss of item.losses) lines.push(`${indent}${paint.yellow(`lost: ${safeText(loss)}`)}`);
  for (const note of item.notes) lines.push(`${indent}${paint.dim(`note: ${safeText(note)}`)}`);
  return lines;
}

function summaryLine(summary: MigrationSummary, toName: string, applied: boolean): string {
  const parts = [
    applied ? `${summary.written} written` : `${summary.write} to write`,
    ...(applied && summary.write > 0 ? [`${summary.write} not written`] : []),
    `${summary.done} already done`,
    `${summary.conflict} conflict${summary.conflict === 1 ? '' : 's'}`,
    ...(summary.failed > 0 ? [`${summary.failed} failed`] : []),
    `${summary.lost} lost`,
    `${summary.withLosses} carried over with losses`,
    `${summary.stillRun} still run unchanged by ${toName}`,
    `${summary.unreadable} unreadable`,
  ];
  return `Summary: ${parts.join(', ')}.`;
}
