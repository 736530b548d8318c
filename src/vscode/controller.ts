import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Observation } from '../core/detect/evidence';
import { matchExtensions } from '../core/detect/extensions';
import { matchHostEditor } from '../core/detect/hostEditor';
import { evaluateFindings, nextPhaseChange, type Finding } from '../core/findings';
import type { MonotonicClock, Subject } from '../core/phase';
import type { EffectivePolicy } from '../core/policy/mergeLayers';
import type { Translate } from '../core/present/localize';
import { buildPanelModel, type PanelModel } from '../core/present/panelModel';
import { buildStatusView, type StatusView } from '../core/present/statusView';
import { readAllowedSettings } from './allowedSettings';
import type { ExtensionInventory } from './extensionInventory';
import type { PolicyPanel } from './policyPanel';
import type { PolicyStatusBar } from './statusBar';
import type { InstalledCommandsScanner } from './installedCommandsScanner';
import type { PolicyStore } from './policyStore';
import type { ToolDefinition } from '../core/tools';
import type { TerminalWatcher } from './terminalWatcher';
import type { McpWatcher } from './mcpWatcher';

/** Longest single wait for a phase boundary; setTimeout cannot wait longer than ~24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

let cachedUser: string | undefined;

/** The OS user, read once: it cannot change while the editor runs, and refreshes are frequent. */
function currentUser(): string {
  if (cachedUser === undefined) {
    try {
      cachedUser = os.userInfo().username;
    } catch {
      cachedUser = process.env.USER ?? process.env.USERNAME ?? '';
    }
  }
  return cachedUser;
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
    private readonly terminals: TerminalWatcher,
    private readonly installedCommands: InstalledCommandsScanner,
    private readonly mcpServers: McpWatcher,
  ) {
    this.subscriptions.push(
      store.onDidChange(() => this.refresh()),
      inventory.onDidChange(() => this.refresh()),
      terminals.onDidChange(() => this.refresh()),
      installedCommands.onDidChange(() => this.refresh()),
      mcpServers.onDidChange(() => this.refresh()),
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
      caseInsensitivePaths: process.platform === 'win32',
    };
  }

  panelModel(): PanelModel {
    return buildPanelModel(this.store.policy, this.findings, this.t, { user: this.subject().user, now: this.clock.now(), locale: vscode.env.language, enforced: this.enforced(), allowed: readAllowedSettings() });
  }

  refresh(): void {
    const policy = this.store.policy;
    const now = this.clock.now();
    const observations = this.observe(policy);
    this.findings = evaluateFindings(policy.rules, policy.tools, observations, now, this.subject());
    const showWhenCompliant = vscode.workspace.getConfiguration('toolPolicy').get<boolean>('statusBar.showWhenCompliant', false);
    this.status = buildStatusView(policy, this.findings, showWhenCompliant, this.t, vscode.env.language);
    this.statusBar.show(this.status);
    if (this.panel.isOpen) this.panel.update(this.panelModel());
    this.schedulePhaseChange(now);
    this.refreshed.fire();
  }

  private enforced: () => readonly string[] = () => [];

  /** Where the panel learns which extensions `enforce: block` has disabled. */
  setEnforced(read: () => readonly string[]): void {
    this.enforced = read;
  }

  /** Re-reads the policy files, the terminals' processes and PATH, then recomputes. */
  async rescan(): Promise<void> {
    const policy = await this.store.load();
    await Promise.all([this.terminals.scan(), this.installedCommands.scan(policy.tools), this.inventory.readDisabled()]);
    this.refresh();
  }

  /** Everything seen on this machine that belongs to a known tool. */
  private observe(policy: EffectivePolicy): Observation[] {
    const tools = policy.tools;
    const observations: Observation[] = [
      ...matchExtensions(tools, this.inventory.list()),
      ...matchHostEditor(tools, vscode.env.appName, vscode.env.uriScheme),
      ...this.installedCommands.observations(tools),
      ...this.mcpServers.observations(tools),
      ...this.terminals.observations(tools),
    ];
    for (const terminal of vscode.window.terminals) {
      for (const tool of tools) {
        if (tool.terminalNames.some((name) => name.toLowerCase() === terminal.name.toLowerCase())) {
          observations.push({ toolId: tool.id, evidence: { kind: 'terminal', terminalName: terminal.name } });
        }
      }
    }
    return observations;
  }

  /** The tools some rule names (typed commands are kept only when they run one). */
  ruledTools(): ToolDefinition[] {
    const ruled = new Set(this.store.policy.rules.flatMap((rule) => rule.tools));
    return this.store.policy.tools.filter((tool) => ruled.has(tool.id));
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
