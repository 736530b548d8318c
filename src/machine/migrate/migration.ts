/**
 * Moving a setup, for both faces: `planMove` reads the person's files and the target
 * files and returns the plan (every item with its state); `applyMove` writes a plan the
 * person confirmed and returns it with what was written and what is left. A plan applied
 * later than it was made is safe: each write goes ahead only while its target still holds
 * what the plan was made from.
 */
import { draftMigration, recordWrites, settleMigration } from '../../core/migrate/plan';
import type { MigrationPlan, MigrationSource, MigrationTarget } from '../../core/migrate/types';
import { readSetup, type SetupLocations } from './readSetup';
import { readTargetFiles } from './targetFiles';
import { writePlan, type WriteResult } from './writePlan';

export async function planMove(locations: SetupLocations, pairs: ReadonlyArray<{ readonly from: MigrationSource; readonly to: MigrationTarget }>): Promise<MigrationPlan[]> {
  const setup = await readSetup(locations);
  const roots = { home: locations.home, projects: locations.projects };
  const plans: MigrationPlan[] = [];
  for (const pair of pairs) {
    const draft = draftMigration(setup, pair.from, pair.to);
    plans.push(settleMigration(draft, await readTargetFiles(roots, draft.targetFiles)));
  }
  return plans;
}

export async function applyMove(plan: MigrationPlan): Promise<{ readonly plan: MigrationPlan; readonly results: readonly WriteResult[] }> {
  const results = await writePlan(plan);
  const outcomes = results.map((result) => ({ itemIds: result.write.itemIds, outcome: result.outcome, ...(result.reason ? { reason: result.reason } : {}) }));
  return { plan: recordWrites(plan, outcomes), results };
}
