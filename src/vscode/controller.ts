import * as os from 'node:os';
import * as vscode from 'vscode';
import { matchExtensions } from '../core/detect/extensions';
import { evaluateFindings, nextPhaseChange, type Finding } from '../core/findings';
import type { MonotonicClock, Subject } from '../core/phase';
import type { EffectivePolicy } from '../core/policy/mergeLayers';
import type { Translate } from '../core/present/localize';
import { buildPanelModel, type PanelModel } from '../core/present/panelModel';
import { buildStatusView, type StatusView } from '../core/present/statusView';
import type { ExtensionInventory } from './extensionInventory';
import type { PolicyPanel } from './policyPanel';
import type { PolicyStatusBar } from './statusBar';
import type { PolicyStore } from './policyStore';

/** Longest single wait for a phase boundary; setTimeout cannot wait longer than ~24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

/** One-way flow: sources → policy → findings → views. Recomputes on any input change. */
export class PolicyController implements vscode.Disposable {
  private findings: Finding[] = [];
  private status: StatusView | undefined;
  private phaseTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** Fires after every recomputation (tests and benchmarks wait on it). */
  readonly onDidRefresh = this.refreshed.event;

  constructor(
    private readonly store: PolicyStore,
    private readonly inventory: ExtensionInventory,
    private readonly statusBar: PolicyStatusBar,
    private readonly panel: PolicyPanel,
    private readonly clock: MonotonicClock,
    private readonly t: Translate,
  ) {
    this.subscriptions.push(
      store.onDidChange(() => this.refresh()),
      inventory.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('toolPolicy.statusBar.showWhenCompliant')) this.refresh();
      }),
    );
  }

  get policy(): EffectivePolicy {
    return this.store.policy;
  }

  get currentFindings(): readonly Finding[] {
    return this.findings;
  }

  get currentStatus(): StatusView | undefined {
    return this.status;
  }

  subject(): Subject {
    return {
      user: currentUser(),
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    };
  }

  panelModel(): PanelModel {
    return buildPanelModel(this.store.policy, this.findings, this.t);
  }

  refresh(): void {
    const policy = this.store.policy;
    const now = this.clock.now();
    const observations = matchExtensions(policy.tools, this.inventory.list());
    this.findings = evaluateFindings(policy.rules, policy.tools, observations, now, this.subject());
    const showWhenCompliant = vscode.workspace.getConfiguration('toolPolicy').get<boolean>('statusBar.showWhenCompliant', false);
    this.status = buildStatusView(policy, this.findings, showWhenCompliant, this.t);
    this.statusBar.show(this.status);
    if (this.panel.isOpen) this.panel.update(this.panelModel());
    this.schedulePhaseChange(now);
    this.refreshed.fire();
  }

  showPanel(): void {
    this.panel.show(this.panelModel());
  }

  /** One timer to the next phase boundary, never polling; none when nothing will change. */
  private schedulePhaseChange(now: Date): void {
    if (this.phaseTimer) clearTimeout(this.phaseTimer);
    this.phaseTimer = undefined;
    const next = nextPhaseChange(this.findings);
    if (!next) return;
    const wait = Math.min(Math.max(next.getTime() - now.getTime(), 0) + 50, MAX_TIMER_MS);
    this.phaseTimer = setTimeout(() => this.refresh(), wait);
  }

  dispose(): void {
    if (this.phaseTimer) clearTimeout(this.phaseTimer);
    this.subscriptions.forEach((s) => s.dispose());
    this.refreshed.dispose();
  }
}
