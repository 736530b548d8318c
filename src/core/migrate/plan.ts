/**
 * The engine's two steps, for both faces (`tool-policy migrate` and the editor's panel):
 * `draftMigration` reads the person's setup and says which target files it needs to see;
 * `settleMigration` takes what those files hold now and returns the plan: every item with
 * its state, and the exact bytes of every file a run with --apply writes. Writing the plan
 * is the machine layer's (src/machine/migrate/writePlan.ts).
 */
import { collectArtefacts } from './artefacts';
import { settle } from './settle';
import type { TargetMapper } from './targets/common';
import { githubCopilot } from './targets/copilot';
import { cursor } from './targets/cursor';
import { qoder } from './targets/qoder';
import { fileKey, type ExistingFile, type FileRef, type MigrationPlan, type MigrationSource, type MigrationTarget, type PlanItem, type Setup } from './types';

const TARGET_MAPPERS: Readonly<Record<MigrationTarget, TargetMapper>> = {
  qoder,
  'github-copilot': githubCopilot,
  cursor,
};

export interface MigrationDraft {
  readonly from: MigrationSource;
  readonly to: MigrationTarget;
  readonly setup: Setup;
  readonly items: readonly PlanItem[];
  /** Every file the plan may write: read each, then settle. */
  readonly targetFiles: readonly FileRef[];
}

export function draftMigration(setup: Setup, from: MigrationSource, to: MigrationTarget): MigrationDraft {
  const mapper = TARGET_MAPPERS[to];
  const context = { platform: setup.platform, userPlace: setup.userPlace };
  const items = collectArtefacts(setup).flatMap((artefact) => mapper.map(artefact, context));
  const targets = new Map<string, FileRef>();
  for (const item of items) for (const change of item.changes) targets.set(fileKey(change.target), change.target);
  return { from, to, setup, items, targetFiles: [...targets.values()] };
}

/** `existing` answers for every file of `draft.targetFiles`; a file it does not know is taken as unreadable. */
export function settleMigration(draft: MigrationDraft, existing: ReadonlyMap<string, ExistingFile>): MigrationPlan {
  const { items, writes } = settle(draft.items, (ref) => existing.get(fileKey(ref)) ?? { kind: 'unreadable', error: 'not read before planning' });
  return {
    from: draft.from,
    to: draft.to,
    home: draft.setup.home.path,
    projects: draft.setup.projects.map((project) => project.path),
    items,
    writes,
    problems: [
      ...draft.setup.home.problems.map((problem) => ({ ...problem, root: { kind: 'home' } as const })),
      ...draft.setup.projects.flatMap((project, index) => project.problems.map((problem) => ({ ...problem, root: { kind: 'project', index } as const }))),
    ],
  };
}

/** Counts by state and fidelity, and whether anything is left for the person (exit code 1). */
export function summarise(plan: MigrationPlan): MigrationSummary {
  const count = (test: (item: PlanItem) => boolean) => plan.items.filter(test).length;
  const summary = {
    write: count((item) => item.state === 'write'),
    written: count((item) => item.state === 'written'),
    done: count((item) => item.state === 'done'),
    conflict: count((item) => item.state === 'conflict'),
    failed: count((item) => item.state === 'failed'),
    lost: count((item) => item.fidelity === 'lost'),
    withLosses: count((item) => item.fidelity !== 'lost' && item.losses.length > 0),
    stillRun: count((item) => item.fidelity === 'still-run'),
    unreadable: count((item) => item.state === 'unreadable') + plan.problems.length,
  };
  return { ...summary, leftForPerson: summary.conflict + summary.failed + summary.lost + summary.withLosses + summary.unreadable > 0 };
}

export interface MigrationSummary {
  /** To write (a plan), or not written yet. */
  readonly write: number;
  readonly written: number;
  readonly done: number;
  readonly conflict: number;
  readonly failed: number;
  /** Items nothing of which carries over. */
  readonly lost: number;
  /** Items carried over with some part lost. */
  readonly withLosses: number;
  readonly stillRun: number;
  /** Items and folders that could not be read. */
  readonly unreadable: number;
  readonly leftForPerson: boolean;
}

/** How one planned write went (the machine layer's writer reports it). */
export interface WriteOutcome {
  readonly itemIds: readonly string[];
  readonly outcome: 'written' | 'conflict' | 'failed';
  readonly reason?: string;
}

/**
 * The plan after its writes: an item is `written` when every file it needed was written,
 * else `conflict` or `failed` with the first reason. The panel lists the same.
 */
export function recordWrites(plan: MigrationPlan, outcomes: readonly WriteOutcome[]): MigrationPlan {
  const byItem = new Map<string, WriteOutcome[]>();
  for (const outcome of outcomes) for (const id of outcome.itemIds) byItem.set(id, [...(byItem.get(id) ?? []), outcome]);
  const items = plan.items.map((item): PlanItem => {
    if (item.state !== 'write') return item;
    const mine = byItem.get(item.id) ?? [];
    const bad = mine.find((outcome) => outcome.outcome === 'failed') ?? mine.find((outcome) => outcome.outcome === 'conflict');
    if (!bad) return { ...item, state: 'written' };
    return { ...item, state: bad.outcome === 'failed' ? 'failed' : 'conflict', stateReason: bad.reason ?? 'not written' };
  });
  return { ...plan, items };
}
