import { strict as assert } from 'node:assert';
import { mergeLayers } from '../../../src/core/policy/mergeLayers';
import { DEFAULT_USER_PLACE } from '../../../src/core/migrate/layout';
import { recordWrites, summarise } from '../../../src/core/migrate/plan';
import type { MigrationPlan } from '../../../src/core/migrate/types';
import type { MigrationView } from '../../../src/core/present/migrationView';
import { MigrationFlow, type MoveEngine } from '../../../src/vscode/migrationFlow';
import { loadOk } from '../helpers';
import { samplePlan } from '../migrationFixture';
import { as, fakeEditor, folder, type FakeEditor } from './fakeEditor';
import { claudePolicy } from './snapshots';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The engine as the flow sees it, answering when the test says so. */
class FakeEngine implements MoveEngine {
  readonly planned: Array<{ locations: unknown; pairs: unknown }> = [];
  readonly applied: MigrationPlan[] = [];
  plans: MigrationPlan[] = [samplePlan('qoder')];
  failPlan: Error | undefined;
  private release: (() => void) | undefined;
  /** Set to hold the next plan until `finish()`. */
  hold = false;

  async plan(locations: unknown, pairs: unknown): Promise<MigrationPlan[]> {
    this.planned.push({ locations, pairs });
    if (this.hold) await new Promise<void>((resolve) => { this.release = resolve; });
    if (this.failPlan) throw this.failPlan;
    return this.plans;
  }

  finish(): void {
    this.release?.();
  }

  async apply(plan: MigrationPlan): Promise<{ plan: MigrationPlan }> {
    this.applied.push(plan);
    return { plan: recordWrites(plan, plan.writes.map((write) => ({ itemIds: write.itemIds, outcome: 'written' as const }))) };
  }
}

describe('"Move my setup" (editor layer, through fakes)', () => {
  let editor: FakeEditor;
  let engine: FakeEngine;
  let views: Array<MigrationView | undefined>;
  let shown: number;
  let modals: unknown[];
  let logged: string[];
  let policyText: string;

  const build = () => new MigrationFlow(as<ConstructorParameters<typeof MigrationFlow>[0]>({
    ...editor,
    window: {
      ...editor.window,
      showWarningMessage: (message: string, options: unknown, ...items: unknown[]) => {
        modals.push(options);
        return editor.window.showWarningMessage(message, ...items);
      },
      showQuickPick: async (items: Array<{ label: string }>) => { picks.push(items.map((i) => i.label)); return items[1]; },
    },
  }), {
    engine,
    policy: () => mergeLayers([{ layer: 'user', path: '/p.yaml', status: 'ok', policy: loadOk(policyText, 'user', '/p.yaml'), problems: [] }]),
    panel: { show: () => { shown++; }, showMigration: (view) => { views.push(view); } },
    home: () => ({ path: '/home/dev', place: DEFAULT_USER_PLACE }),
    platform: 'linux',
    log: (line) => logged.push(line),
  });
  let picks: string[][];
  let flow: MigrationFlow;

  beforeEach(() => {
    editor = fakeEditor();
    editor.workspace.workspaceFolders = [folder('/home/dev/shop'), folder('/remote/x', 'vscode-remote')];
    engine = new FakeEngine();
    views = [];
    shown = 0;
    modals = [];
    logged = [];
    picks = [];
    policyText = claudePolicy({ alternativeTool: 'qoder' });
    flow = build();
  });

  const last = () => views.at(-1);
  const modal = () => editor.shown.filter((m) => m.severity === 'warning');

  it('plans the rule\'s move for the home folder and the workspace\'s own folders, showing "reading" first', async () => {
    engine.hold = true;
    const done = flow.planForRule('claude-ban');
    await settle();
    assert.equal(shown, 1, 'the panel is brought up');
    assert.equal(last()?.stage, 'planning');
    engine.finish();
    const view = await done;
    assert.deepEqual(engine.planned, [{
      locations: { home: '/home/dev', projects: ['/home/dev/shop'], platform: 'linux', userPlace: DEFAULT_USER_PLACE },
      pairs: [{ from: 'claude-code', to: 'qoder', rules: ['claude-ban'] }],
    }]);
    assert.equal(view?.stage, 'plan');
    assert.equal(last(), view);
    assert.equal(view?.title, 'Move my setup from Claude Code to Qoder');
    assert.equal(view?.canApply, true);
  });

  it('Apply asks in a modal dialog; Cancel writes nothing and leaves the plan as it was', async () => {
    const view = await flow.planForRule('claude-ban') as MigrationView;
    assert.equal(summarise(engine.plans[0] as MigrationPlan).write, 5);
    const asked = flow.apply(view.id);
    await settle();
    assert.equal(modal().length, 1);
    assert.deepEqual(modals, [{ modal: true, detail: `${summarise(engine.plans[0] as MigrationPlan).write} items are written as new files or new entries. Nothing is overwritten or deleted; what is left for you is listed afterwards.` }]);
    assert.equal(modal()[0]?.message, 'Move your Claude Code setup to Qoder?');
    assert.deepEqual(modal()[0]?.items, ['Move my setup']);
    // A second click while the dialog is open asks nothing more.
    assert.equal(await flow.apply(view.id), undefined);
    assert.equal(modal().length, 1);
    modal()[0]?.answer(undefined);
    const after = await asked;
    assert.deepEqual(engine.applied, [], 'nothing written');
    assert.equal(after?.stage, 'plan');
    assert.equal(last(), view, 'the panel still shows the same plan');
  });

  it('Confirm writes through the engine, then lists what was written and what is left', async () => {
    const view = await flow.planForRule('claude-ban') as MigrationView;
    const asked = flow.apply(view.id);
    await settle();
    modal()[0]?.answer('Move my setup');
    const after = await asked;
    assert.equal(engine.applied.length, 1);
    assert.equal(engine.applied[0], engine.plans[0], 'the plan shown is the plan written');
    assert.deepEqual(views.map((v) => v?.stage), ['planning', 'plan', 'applying', 'applied']);
    assert.equal(after?.stage, 'applied');
    assert.ok((after?.written.length ?? 0) > 0);
    assert.equal(await flow.apply(view.id), undefined, 'an applied plan is not applied again');
    assert.equal(engine.applied.length, 1);
  });

  it('answers only for the plan shown: a stale id, a replaced plan, a closed plan', async () => {
    const first = await flow.planForRule('claude-ban') as MigrationView;
    const second = await flow.planForRule('claude-ban') as MigrationView;
    assert.notEqual(first.id, second.id);
    assert.equal(await flow.apply(first.id), undefined);
    assert.equal(modal().length, 0);
    flow.close(first.id);
    assert.equal(last(), second, 'closing a replaced plan does nothing');
    flow.close(second.id);
    assert.equal(last(), undefined);
    assert.equal(await flow.apply(second.id), undefined);
    assert.deepEqual(engine.applied, []);
  });

  it('a plan with nothing to write offers no Apply and asks nothing', async () => {
    const plan = samplePlan('qoder');
    engine.plans = [{ ...plan, writes: [], items: plan.items.map((i) => (i.state === 'write' ? { ...i, state: 'done' as const } : i)) }];
    const view = await flow.planForRule('claude-ban') as MigrationView;
    assert.equal(view.canApply, false);
    assert.equal(await flow.apply(view.id), undefined);
    assert.equal(modal().length, 0);
  });

  it('a plan that cannot be made is shown as such and logged; nothing is written', async () => {
    engine.failPlan = new Error('EACCES: /home/dev');
    const view = await flow.planForRule('claude-ban');
    assert.equal(view?.stage, 'failed');
    assert.equal(view?.error, 'The plan could not be made: EACCES: /home/dev');
    assert.deepEqual(logged, ['Move my setup: EACCES: /home/dev']);
    assert.deepEqual(engine.applied, []);
  });

  it('a rule that names no target: says so, plans nothing', async () => {
    policyText = claudePolicy();
    assert.equal(await flow.planForRule('claude-ban'), undefined);
    assert.deepEqual(editor.shown.map((m) => m.message), ['Rule claude-ban names no tool that a setup can be moved to.']);
    assert.deepEqual(engine.planned, []);
  });

  it('the command: the policy\'s one move; several: the person picks; none: why', async () => {
    assert.equal((await flow.planFromCommand())?.stage, 'plan');
    assert.deepEqual(engine.planned.map((p) => p.pairs), [[{ from: 'claude-code', to: 'qoder', rules: ['claude-ban'] }]]);
    policyText = [claudePolicy({ alternativeTool: 'qoder' }).trimEnd(), '  - id: second', '    tool: claude-code', '    alternative: { name: Cursor, tool: cursor }', ''].join('\n');
    await flow.planFromCommand();
    assert.deepEqual(picks, [['Move my setup to Qoder', 'Move my setup to Cursor']]);
    assert.deepEqual(engine.planned.at(-1)?.pairs, [{ from: 'claude-code', to: 'cursor', rules: ['second'] }]);
    policyText = claudePolicy();
    assert.equal(await flow.planFromCommand(), undefined);
    assert.deepEqual(editor.shown.at(-1)?.message, 'There is no setup to move: Rule claude-ban names no alternative.tool.');
  });
});
