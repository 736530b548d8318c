import type * as vscode from 'vscode';
import { decidePairs, type MigrationPair } from '../core/migrate/pairs';
import type { MigrationPlan, MigrationPlatform } from '../core/migrate/types';
import type { UserConfigPlace } from '../core/migrate/layout';
import { summarise } from '../core/migrate/plan';
import type { EffectivePolicy } from '../core/policy/mergeLayers';
import { appliedView, failedView, planningView, planView, type MigrationNames, type MigrationView } from '../core/present/migrationView';
import type { Translate } from '../core/present/localize';

/** What the flow needs from the editor. */
export interface MigrationFlowEditor {
  readonly window: Pick<typeof vscode.window, 'showWarningMessage' | 'showInformationMessage' | 'showQuickPick'>;
  readonly workspace: Pick<typeof vscode.workspace, 'workspaceFolders'>;
  readonly l10n: Pick<typeof vscode.l10n, 't'>;
}

/** The engine, off the editor's thread (src/machine/migrate/moveWorker.ts). */
export interface MoveEngine {
  plan(locations: { home: string; projects: readonly string[]; platform: MigrationPlatform; userPlace: UserConfigPlace }, pairs: ReadonlyArray<Pick<MigrationPair, 'from' | 'to'>>): Promise<MigrationPlan[]>;
  apply(plan: MigrationPlan): Promise<{ readonly plan: MigrationPlan }>;
}

/** Where the panel shows the plan. */
export interface MigrationSurface {
  show(): void;
  showMigration(view: MigrationView | undefined): void;
}

export interface MigrationFlowParts {
  readonly engine: MoveEngine;
  readonly policy: () => Pick<EffectivePolicy, 'rules' | 'tools'>;
  readonly panel: MigrationSurface;
  /** The person's home folder and where their user-level Claude Code files are. */
  readonly home: () => { readonly path: string; readonly place: UserConfigPlace; readonly note?: string };
  readonly platform: MigrationPlatform;
  /** Where failures are recorded for the person (the extension's output channel). */
  readonly log: (message: string) => void;
}

interface Current {
  readonly id: string;
  readonly names: MigrationNames;
  readonly notes: readonly string[];
  stage: MigrationView['stage'];
  plan?: MigrationPlan;
}

let planCounter = 0;

/**
 * "Move my setup to <alternative>" in the editor (SPEC §4): makes the plan `tool-policy
 * migrate` makes, for the home folder and the workspace folders, shows it in the panel,
 * and writes it only after the person confirms in a modal dialog. One plan at a time: a
 * new one replaces the one shown, and an answer for a replaced plan is dropped.
 */
export class MigrationFlow {
  private current: Current | undefined;
  private readonly t: Translate;

  constructor(private readonly editor: MigrationFlowEditor, private readonly parts: MigrationFlowParts) {
    this.t = (message, ...args) => editor.l10n.t(message, ...args);
  }

  /** The plan on show, if any (tests and the panel's message checks). */
  get shownPlanId(): string | undefined {
    return this.current?.id;
  }

  /** From a rule's card: the move that rule asks for. */
  async planForRule(ruleId: string): Promise<MigrationView | undefined> {
    const rules = this.parts.policy().rules.filter((rule) => rule.id === ruleId);
    const pair = decidePairs(rules, undefined, undefined).pairs[0];
    if (!pair) {
      void this.editor.window.showInformationMessage(this.t('Rule {0} names no tool that a setup can be moved to.', ruleId));
      return undefined;
    }
    return this.plan(pair);
  }

  /** The `toolPolicy.migrate` command: every move the policy asks for; the person picks one when there are several. */
  async planFromCommand(): Promise<MigrationView | undefined> {
    const { pairs, untargeted, unsupported } = decidePairs(this.parts.policy().rules, undefined, undefined);
    const { window } = this.editor;
    if (pairs.length === 0) {
      const why = [...unsupported, ...untargeted.map((id) => this.t('Rule {0} names no alternative.tool.', id))];
      void window.showInformationMessage(why.length > 0
        ? this.t('There is no setup to move: {0}', why.join(' '))
        : this.t('There is no setup to move: no rule of the policy covers Claude Code.'));
      return undefined;
    }
    let pair: MigrationPair | undefined = pairs[0];
    if (pairs.length > 1) {
      const names = (p: MigrationPair) => this.names(p);
      const picked = await window.showQuickPick(pairs.map((p) => ({
        label: this.t('Move my setup to {0}', names(p).toName), description: names(p).fromName, detail: p.rules.join(', '), pair: p,
      })), { placeHolder: this.t('Which move?') });
      pair = picked?.pair;
    }
    return pair ? this.plan(pair) : undefined;
  }

  private names(pair: Pick<MigrationPair, 'from' | 'to'>): MigrationNames {
    const tools = this.parts.policy().tools;
    const name = (id: string) => tools.find((tool) => tool.id === id)?.name ?? id;
    return { fromName: name(pair.from), toName: name(pair.to) };
  }

  private async plan(pair: MigrationPair): Promise<MigrationView> {
    const home = this.parts.home();
    const projects = (this.editor.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
    const current: Current = { id: `plan-${++planCounter}-${Date.now().toString(36)}`, names: this.names(pair), notes: home.note !== undefined ? [home.note] : [], stage: 'planning' };
    this.current = current;
    this.parts.panel.show();
    this.publish(planningView(current.id, current.names, this.t));
    let view: MigrationView;
    try {
      const [plan] = await this.parts.engine.plan({ home: home.path, projects, platform: this.parts.platform, userPlace: home.place }, [pair]);
      if (!plan) throw new Error('the engine made no plan');
      current.plan = plan;
      current.stage = 'plan';
      view = planView(current.id, plan, current.names, this.t, { notes: current.notes });
    } catch (error) {
      current.stage = 'failed';
      view = failedView(current.id, current.names, this.t('The plan could not be made: {0}', describe(error)), this.t);
      this.parts.log(`Move my setup: ${describe(error)}`);
    }
    if (this.current === current) this.publish(view);
    return view;
  }

  /**
   * The panel's Apply: asks in a modal dialog, then writes only new files and entries.
   * Returns the view shown afterwards; nothing is written unless the person confirms.
   */
  async apply(planId: string): Promise<MigrationView | undefined> {
    const current = this.current;
    if (!current || current.id !== planId || current.stage !== 'plan' || !current.plan) return undefined;
    const plan = current.plan;
    const count = summarise(plan).write;
    if (count === 0) return undefined;
    const confirm = this.t('Move my setup');
    // Marked as applying while the dialog is open: a second click asks nothing more.
    current.stage = 'applying';
    const answer = await this.editor.window.showWarningMessage(
      this.t('Move your {0} setup to {1}?', current.names.fromName, current.names.toName),
      { modal: true, detail: this.t('{0} items are written as new files or new entries. Nothing is overwritten or deleted; what is left for you is listed afterwards.', count) },
      confirm,
    );
    if (this.current !== current) return undefined;
    if (answer !== confirm) {
      current.stage = 'plan';
      return planView(current.id, plan, current.names, this.t, { notes: current.notes });
    }
    this.publish(planView(current.id, plan, current.names, this.t, { applying: true, notes: current.notes }));
    let view: MigrationView;
    try {
      const applied = await this.parts.engine.apply(plan);
      current.plan = applied.plan;
      current.stage = 'applied';
      view = appliedView(current.id, applied.plan, current.names, this.t, current.notes);
    } catch (error) {
      current.stage = 'failed';
      view = failedView(current.id, current.names, this.t('Writing stopped: {0}. Plan again to see what was written.', describe(error)), this.t);
      this.parts.log(`Move my setup: ${describe(error)}`);
    }
    if (this.current === current) this.publish(view);
    return view;
  }

  /** The panel's Close: the plan leaves the panel. */
  close(planId: string): void {
    if (this.current?.id !== planId) return;
    this.current = undefined;
    this.parts.panel.showMigration(undefined);
  }

  private publish(view: MigrationView): void {
    this.parts.panel.showMigration(view);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
