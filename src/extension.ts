/**
 * The composition root: every part is built after the parts it needs, handed them in its
 * constructor, and tracked for disposal. Data flows one way:
 *
 *   policy files ─ PolicyStore ─┐
 *   extensions, terminals, PATH, ┴─ SnapshotPublisher ── Snapshot ──┬─ status bar
 *   MCP server definitions
 *                                  (core/snapshot.ts, pure)         ├─ policy panel
 *                                                                   ├─ notifier
 *                                                                   └─ enforcer
 *
 * The one loop: the enforcer writes `extensions.allowed`; the editor then disables the
 * extension, `extensions.onDidChange` fires and a new snapshot is published. It is
 * bounded because the enforcer acts only when the set of ids to block differs from the
 * one it last acted on, and announces a change (which refreshes again) only when the set
 * it has blocked changed: each distinct block set costs at most one write and two
 * refreshes, then the snapshots reach a fixed point.
 */
import * as vscode from 'vscode';
import { runsRuledTool } from './core/detect/gatherEvidence';
import { MonotonicClock } from './core/phase';
import type { Translate } from './core/present/localize';
import { readCurrentPerson } from './machine/person';
import { processReaderFor } from './machine/processes';
import { registerCommands } from './vscode/commands';
import { Enforcer } from './vscode/enforcer';
import { ExtensionInventory } from './vscode/extensionInventory';
import { InstalledCommandsScanner } from './vscode/installedCommandsScanner';
import { Notifier } from './vscode/notifier';
import { PolicyDiagnostics } from './vscode/policyDiagnostics';
import { PANEL_VIEW_TYPE, PolicyPanel } from './vscode/policyPanel';
import { PolicyStore } from './vscode/policyStore';
import { focusTerminal, uninstallWithConfirmation } from './vscode/remediation';
import { SnapshotPublisher } from './vscode/snapshotPublisher';
import { PolicyStatusBar } from './vscode/statusBar';
import { TerminalWatcher } from './vscode/terminalWatcher';
import { exportedApi } from './vscode/testApi';
import { createDetectors, type Detectors } from './vscode/detectorsLoader';
import { McpWatcher, mcpConfigFiles, userMcpFile } from './vscode/mcpWatcher';

const LATEST_TIME_KEY = 'toolPolicy.latestTimeSeen';

/** The live parts, handed to the host tests and the benchmark probe (Test mode only). */
export interface TestApi {
  readonly snapshots: SnapshotPublisher;
  readonly store: PolicyStore;
  readonly terminals: TerminalWatcher;
  readonly mcpServers: McpWatcher;
  readonly detectors: Detectors;
  readonly notifier: Notifier;
  readonly enforcer: Enforcer;
  readonly statusBarItem: vscode.StatusBarItem;
  readonly panel: PolicyPanel;
  readonly clock: MonotonicClock;
  /** The extension's global storage (last good policies, enforcement record). */
  readonly storage: vscode.Memento;
  /** Resolves once the policy has been read and the first snapshot published. */
  readonly ready: Promise<void>;
  /** Start-up costs, for the benchmarks: milliseconds and bytes. */
  readonly timings: { activateSyncMs: number; firstStatusMs?: number; heapGrowthBytes?: number };
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const heapAtStart = process.memoryUsage().heapUsed;
  const testRun = context.extensionMode === vscode.ExtensionMode.Test;
  const track = <T extends vscode.Disposable>(part: T): T => {
    context.subscriptions.push(part);
    return part;
  };
  const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

  // Sources: each reads one kind of input and announces changes.
  // Read through Date.now each time, so a test can set the clock back as a person could.
  const clock = new MonotonicClock(() => Date.now(), context.globalState.get<number>(LATEST_TIME_KEY, 0), (latest) => {
    void context.globalState.update(LATEST_TIME_KEY, latest);
  });
  const output = track(vscode.window.createOutputChannel('Tool Policy'));
  const store = track(new PolicyStore({
    storage: context.globalState,
    // Test runs point the managed layer at a temporary file; nothing else can move it.
    ...(testRun && process.env.TOOL_POLICY_TEST_MANAGED_FILE ? { managedPathOverride: process.env.TOOL_POLICY_TEST_MANAGED_FILE } : {}),
  }));
  const inventory = track(new ExtensionInventory(context.extensionUri.fsPath));
  const installedCommands = track(new InstalledCommandsScanner());
  // The shell and MCP parsers load from dist/ on first use, not at activation.
  const detectors = createDetectors(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath);
  const log = (message: string) => output.appendLine(message);
  // Only lines that run a tool some rule names are kept: nothing else typed is recorded.
  const terminals = track(new TerminalWatcher(processReaderFor(process.platform), detectors,
    (invocations) => runsRuledTool(store.policy.rules, store.policy.tools, invocations), log));
  const mcpServers = track(new McpWatcher(() => mcpConfigFiles(userMcpFile(context.globalStorageUri)), detectors, log));
  const enforcer = track(new Enforcer(context.globalState, output));

  // The flow: one snapshot, published on every change.
  // The person's groups come from the OS's group database through a child process: read
  // in the background, never on the activation path.
  const person = readCurrentPerson(process.platform);
  const publisher = track(new SnapshotPublisher({ store, inventory, terminals, installedCommands, mcpServers, enforcer, clock, t, person }));

  // Views and effects: each subscribes to the snapshots.
  const statusBar = track(new PolicyStatusBar(publisher));
  const panel = track(new PolicyPanel(context.extensionUri, { uninstall: uninstallWithConfirmation, focusTerminal }, publisher));
  const notifier = new Notifier(context.globalState, t, () => panel.show(), uninstallWithConfirmation);
  track(publisher.onDidPublish((snapshot) => notifier.notify(snapshot)));
  track(publisher.onDidPublish((snapshot) => void enforcer.apply(snapshot)));
  track(new PolicyDiagnostics(store));
  for (const command of registerCommands({ publisher, panel, store, output })) track(command);

  // Reading files is asynchronous: activation returns at once, and the status bar
  // appears when the policy has been read.
  // The first reading waits for the person (a few milliseconds of `id`): a group exception
  // must be in force before any notice is shown, or its members would see one first.
  const ready = person.then(() => undefined, () => undefined).then(() => publisher.rescan()).then(undefined, (error: unknown) => {
    output.appendLine(`Loading the policy failed: ${String(error)}`);
  });
  track(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (webviewPanel) => {
      await ready;
      panel.revive(webviewPanel);
    },
  }));

  const timings: TestApi['timings'] = { activateSyncMs: 0 };
  const firstStatus = track(publisher.onDidPublish(() => {
    firstStatus.dispose();
    timings.firstStatusMs = performance.now() - started;
    timings.heapGrowthBytes = process.memoryUsage().heapUsed - heapAtStart;
  }));
  timings.activateSyncMs = performance.now() - started;
  return exportedApi(context.extensionMode, { snapshots: publisher, store, terminals, mcpServers, detectors, notifier, enforcer, statusBarItem: statusBar.item, panel, clock, storage: context.globalState, ready, timings });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
