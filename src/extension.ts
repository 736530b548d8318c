import * as vscode from 'vscode';
import { processReaderFor } from './machine/processes';
import type { ToolDefinition } from './core/tools';
import { MonotonicClock } from './core/phase';
import type { Translate } from './core/present/localize';
import { PolicyController } from './vscode/controller';
import { registerCommands } from './vscode/commands';
import { ExtensionInventory } from './vscode/extensionInventory';
import { InstalledCommandsScanner } from './vscode/installedCommandsScanner';
import { PolicyDiagnostics } from './vscode/policyDiagnostics';
import { PANEL_VIEW_TYPE, PolicyPanel } from './vscode/policyPanel';
import { PolicyStatusBar } from './vscode/statusBar';
import { Notifier } from './vscode/notifier';
import { Enforcer } from './vscode/enforcer';
import { focusTerminal, uninstallWithConfirmation } from './vscode/remediation';
import { PolicyStore } from './vscode/policyStore';
import { TerminalWatcher } from './vscode/terminalWatcher';
import { createDetectors, type Detectors } from './vscode/detectorsLoader';
import { McpWatcher, mcpConfigFiles, userMcpFile } from './vscode/mcpWatcher';

const LATEST_TIME_KEY = 'toolPolicy.latestTimeSeen';

/** What the extension exposes to other code (its host tests read the live state through it). */
export interface ToolPolicyApi {
  readonly controller: PolicyController;
  readonly terminals: TerminalWatcher;
  readonly mcpServers: McpWatcher;
  readonly detectors: Detectors;
  readonly notifier: Notifier;
  readonly enforcer: Enforcer;
  readonly statusBarItem: vscode.StatusBarItem;
  readonly panel: PolicyPanel;
  /** Resolves once the first policy load and status-bar update are done. */
  readonly ready: Promise<void>;
  /** Start-up costs, for the benchmarks: milliseconds and bytes. */
  readonly timings: { activateSyncMs: number; firstStatusMs?: number; heapGrowthBytes?: number };
}

export function activate(context: vscode.ExtensionContext): ToolPolicyApi {
  const started = performance.now();
  const heapAtStart = process.memoryUsage().heapUsed;
  const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
  const clock = new MonotonicClock(Date.now, context.globalState.get<number>(LATEST_TIME_KEY, 0), (latest) => {
    void context.globalState.update(LATEST_TIME_KEY, latest);
  });
  const output = vscode.window.createOutputChannel('Tool Policy');
  const store = new PolicyStore();
  const inventory = new ExtensionInventory(context.extensionUri.fsPath);
  const statusBar = new PolicyStatusBar();
  const panel = new PolicyPanel(context.extensionUri, { uninstall: uninstallWithConfirmation, focusTerminal });
  const installedCommands = new InstalledCommandsScanner();
  // The watcher asks the controller which commands matter, so it records nothing else.
  // The shell and MCP parsers load from dist/ on first use, not at activation.
  const detectors = createDetectors(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath);
  const log = (message: string) => output.appendLine(message);
  const relevance = { ruledTools: (): readonly ToolDefinition[] => [] };
  const terminals = new TerminalWatcher(processReaderFor(process.platform), detectors, () => relevance.ruledTools(), log);
  const userMcp = userMcpFile(context.globalStorageUri);
  const mcpServers = new McpWatcher(() => mcpConfigFiles(userMcp), detectors, log);
  const controller = new PolicyController(store, inventory, statusBar, panel, clock, t, terminals, installedCommands, mcpServers);
  relevance.ruledTools = () => controller.ruledTools();
  const notifier = new Notifier(context.globalState, t, () => controller.showPanel(), uninstallWithConfirmation);
  const enforcer = new Enforcer(context.globalState, output);
  controller.setEnforced(() => enforcer.enforced);
  context.subscriptions.push(controller.onDidRefresh(() => {
    notifier.notify(controller.currentFindings, controller.policy.organization, clock.now());
    // Only once the policy has been read: an unread policy must not undo a block.
    if (controller.policy.sources.length > 0) void enforcer.apply(controller.currentFindings);
  }));

  context.subscriptions.push(
    output,
    installedCommands,
    terminals,
    mcpServers,
    store,
    inventory,
    statusBar,
    panel,
    controller,
    new PolicyDiagnostics(store),
    ...registerCommands(controller, store, output),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel) => {
        await ready;
        panel.revive(webviewPanel, controller.panelModel());
      },
    }),
  );

  // Reading files is asynchronous: activation returns at once and the status bar
  // appears when the policy has been read.
  const ready = store.load().then((policy) => Promise.all([installedCommands.scan(policy.tools), inventory.readDisabled()])).then(() => undefined, (error: unknown) => {
    output.appendLine(`Loading the policy failed: ${String(error)}`);
  });
  const timings: ToolPolicyApi['timings'] = { activateSyncMs: 0 };
  const firstRefresh = controller.onDidRefresh(() => {
    firstRefresh.dispose();
    timings.firstStatusMs = performance.now() - started;
    timings.heapGrowthBytes = process.memoryUsage().heapUsed - heapAtStart;
  });
  context.subscriptions.push(firstRefresh);
  timings.activateSyncMs = performance.now() - started;
  return { controller, terminals, mcpServers, detectors, notifier, enforcer, statusBarItem: statusBar.item, panel, ready, timings };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
