import { strict as assert } from 'node:assert';
import type { MigrationView } from '../../../src/core/present/migrationView';
import { LazyMigrationFlow } from '../../../src/vscode/migrationLoader';

const view = (planId: string) => ({ planId } as unknown as MigrationView);

/** A flow that records what it was asked. */
function recordingFlow(asked: string[]) {
  return {
    planForRule: async (ruleId: string) => { asked.push(`plan ${ruleId}`); return view('p1'); },
    planFromCommand: async () => { asked.push('plan from command'); return view('p2'); },
    apply: async (planId: string) => { asked.push(`apply ${planId}`); return view(planId); },
    close: (planId: string) => { asked.push(`close ${planId}`); },
  };
}

describe('"Move my setup", loaded on first use (editor layer)', () => {
  it('is built on the first request only, then every request goes to the same flow', async () => {
    const asked: string[] = [];
    let builds = 0;
    const flow = new LazyMigrationFlow(() => { builds++; return recordingFlow(asked); }, () => undefined);
    assert.equal(builds, 0, 'nothing loaded by constructing it');
    assert.equal(await flow.apply('p0'), undefined, 'no flow yet: no plan to apply');
    flow.close('p0');
    assert.equal(builds, 0, 'applying or closing before any plan loads nothing');
    await flow.planForRule('no-claude');
    await flow.planFromCommand();
    await flow.apply('p1');
    flow.close('p1');
    assert.equal(builds, 1);
    assert.deepEqual(asked, ['plan no-claude', 'plan from command', 'apply p1', 'close p1']);
  });

  it('a bundle that cannot be loaded is logged and answered with no plan, and asked for again next time', async () => {
    const lines: string[] = [];
    let attempts = 0;
    const flow = new LazyMigrationFlow(() => { attempts++; throw new Error('Cannot find module dist/migration.js'); }, (line) => lines.push(line));
    assert.equal(await flow.planForRule('no-claude'), undefined);
    assert.equal(await flow.planFromCommand(), undefined);
    assert.equal(attempts, 2);
    assert.deepEqual(lines, Array(2).fill('Move my setup could not be loaded: Cannot find module dist/migration.js'));
  });
});
