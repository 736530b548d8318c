/**
 * The composition root: every part is built after the parts it needs, handed them in its
 * constructor (the editor's API as `vscode` itself, of which each part sees only what it
 * declares; the machine through src/machine readers), and tracked for disposal. Data
 * flows one way:
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
 *
 * `activate()` only wires: nothing is read, watched, scanned or computed before it
 * returns. The first look at the files (the state folder, the policy, MCP definitions,
 * installed extensions, PATH), at the open terminals and at the person's groups, and the
 * first snapshot, follow on the next turn of the event loop (AfterActivation), and never
 * start if the extension is deactivated first; so do the output channel's creation and the
 * policy panel's serializer, the editor API calls that can wait. "Move my setup" is a bundle of its own,
 * loaded when first asked for: activation neither compiles nor runs it.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { runsRuledTool } from './core/detect/gatherEvidence';
import { MonotonicClock } from './core/phase';
import type { Translate } from './core/present/localize';
import { findCommandsInstalledHere } from './machine/commandsOnPath';
import { scanExtensionsFolder } from './machine/extensionsFolder';
import { watchFromNearestFolder } from './machine/folderWatch';
import { realPathOutside, somethingAt } from './machine/pathChecks';
import { readPolicyFile } from './machine/policyFile';
import { parsePolicyOffThread } from './machine/policyParseWorker';
import { readCurrentPerson } from './machine/person';
import { processReaderFor } from './machine/processes';
import { configPlace } from './machine/migrate/configPlace';
import { readTextFile } from './machine/regularFile';
import { FindingMemoryStore } from './machine/findingMemory';
import { StateFolder, stateFolderPath } from './machine/stateFolder';
import { Acknowledgements } from './vscode/acknowledgements';
import { AfterActivation } from './vscode/afterActivation';
import { currentUserName, expandHome } from './machine/user';
import { registerCommands } from './vscode/commands';
import { Enforcer } from './vscode/enforcer';
import { ExtensionInventory } from './vscode/extensionInventory';
import { fileWatcher } from './vscode/fileWatch';
import { InstalledCommandsScanner } from './vscode/installedCommandsScanner';
import { LazyOutputChannel } from './vscode/lazyOutputChannel';
import { LastGoodPolicies, type ParsePolicy } from './vscode/lastGoodPolicies';
import { MAX_MCP_FILE_BYTES, McpWatcher, mcpConfigFiles, userMcpFile } from './vscode/mcpWatcher';
import { Notifier } from './vscode/notifier';
import { createParsers } from './vscode/parsersLoader';
import { PolicyDiagnostics } from './vscode/policyDiagnostics';
import { PolicyFileLocator } from './vscode/policyFileLocator';
import { LazyMigrationFlow, migrationBundleIn } from './vscode/migrationLoader';
import { PANEL_VIEW_TYPE, PolicyPanel } from './vscode/policyPanel';
import { PolicyStore } from './vscode/policyStore';
import { ProductState } from './vscode/productState';
import { focusTerminal, uninstallWithConfirmation } from './vscode/remediation';
import { SnapshotPublisher } from './vscode/snapshotPublisher';
import { PolicyStatusBar } from './vscode/statusBar';
import { TerminalWatcher } from './vscode/terminalWatcher';
import { clockSource, exportedApi, measuredParsers, measuredProcessReader, newProbes, type TestApi } from './vscode/testApi';

export type { TestApi } from './vscode/testApi';

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const heapAtStart = process.memoryUsage().heapUsed;
  const testRun = context.extensionMode === vscode.ExtensionMode.Test;
  const probes = newProbes();
  const track = <T extends vscode.Disposable>(part: T): T => {
    context.subscriptions.push(part);
    return part;
  };
  const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
  const parse: ParsePolicy = (input, location) => parsePolicyOffThread(input, location);
  const watch = fileWatcher(vscode, watchFromNearestFolder);

  // Disposed first: work still waiting for the next turn never starts.
  const after = track(new AfterActivation());
  const output = track(new LazyOutputChannel(() => vscode.window.createOutputChannel('Tool Policy')));
  void after.run(() => output.open()).then(undefined, () => undefined);
  const log = (message: string) => output.appendLine(message);
  // What the product remembers lives in the state folder, not in the editor's storage
  // (in a web editor, the browser's); read on the next turn, before any phase is decided.
  // One state folder (SPEC §4) for everything the product remembers, shared with `tool-policy scan`.
  const stateFolder = new StateFolder(stateFolderPath(process.platform, process.env, os.homedir()));
  const state = track(new ProductState(stateFolder, context.globalState, log));
  const clock = new MonotonicClock(clockSource(testRun, process.env), 0, (latest) => state.rememberLatestTime(latest));
  const remembered = after.run(() => state.load()).then(() => clock.recall(state.latestTime.get().latestSeen));

  // Sources: each reads one kind of input and announces changes.
  const locator = track(new PolicyFileLocator(vscode, {
    platform: process.platform, env: process.env, expandHome, readFile: readPolicyFile, somethingAt,
    // Test runs point the managed layer at a temporary file; nothing else can move it.
    ...(testRun && process.env.TOOL_POLICY_TEST_MANAGED_FILE ? { managedPathOverride: process.env.TOOL_POLICY_TEST_MANAGED_FILE } : {}),
  }));
  const store = track(new PolicyStore(locator, new LastGoodPolicies(state.lastGoodPolicies, parse), { read: readPolicyFile, parse, realPathOutside, watch }));
  // The same readers as `tool-policy scan`: one answer for an extensions folder and for PATH.
  const inventory = track(new ExtensionInventory(context.extensionUri.fsPath, vscode, { read: (folder) => scanExtensionsFolder({ editor: vscode.env.appName, path: folder }), watch }, context.extensionMode === vscode.ExtensionMode.Production));
  const installedCommands = track(new InstalledCommandsScanner(findCommandsInstalledHere));
  // The shell and MCP parsers load from dist/ on first use, not at activation.
  const distDir = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath;
  const loadedParsers = createParsers(distDir);
  const parsers = testRun ? measuredParsers(loadedParsers, probes) : loadedParsers;
  const processReader = testRun ? measuredProcessReader(processReaderFor(process.platform), probes) : processReaderFor(process.platform);
  // Only lines that run a tool some rule names are kept: nothing else typed is recorded.
  const terminals = track(new TerminalWatcher(processReader, parsers,
    (invocations) => runsRuledTool(store.policy.rules, store.policy.tools, invocations), log, vscode));
  const mcpFiles = () => mcpConfigFiles(vscode.workspace, userMcpFile(context.globalStorageUri));
  const mcpServers = track(new McpWatcher({ list: mcpFiles, read: (file) => readTextFile(file, MAX_MCP_FILE_BYTES), watch }, parsers, log, vscode.workspace));
  const enforcer = track(new Enforcer(state.blockRecord, log, vscode));

  // The flow: one snapshot, published on every change.
  // The person's groups come from the OS's group database through a child process: read
  // in the background once activation has returned, never on the activation path.
  const person = after.run(() => readCurrentPerson(process.platform));
  // Acknowledgements and first-seen times live in the state folder, shared with `tool-policy scan`; read on first use.
  const memory = track(new Acknowledgements(new FindingMemoryStore(stateFolder), () => clock.now(), log));
  const publisher = track(new SnapshotPublisher({
    store, inventory, terminals, installedCommands, mcpServers, enforcer, clock, t,
    person, remembered, userName: currentUserName, windows: process.platform === 'win32', memory,
  }, vscode));

  // Views and effects: each subscribes to the snapshots.
  const uninstall = (extensionId: string, toolName: string) => uninstallWithConfirmation(vscode, extensionId, toolName);
  const statusBar = track(new PolicyStatusBar(publisher, vscode));
  const panel: PolicyPanel = track(new PolicyPanel(context.extensionUri, {
    uninstall, focusTerminal: (name) => focusTerminal(vscode, name),
    acknowledge: (ruleId) => memory.acknowledge(publisher.current.findings, new Set([ruleId])),
    planMigration: (ruleId) => migration.planForRule(ruleId), applyMigration: (id) => migration.apply(id), closeMigration: (id) => migration.close(id),
  }, publisher, vscode));
  const loadMigration = migrationBundleIn(distDir);
  const migration = new LazyMigrationFlow(() => {
    const { MigrationFlow, MoveOffThread } = loadMigration();
    return new MigrationFlow(vscode, {
      engine: new MoveOffThread(), policy: () => store.policy, panel, log,
      home: () => ({ path: os.homedir(), ...configPlace(process.env.CLAUDE_CONFIG_DIR, os.homedir()) }),
      platform: process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux',
    });
  }, log);
  const notifier = new Notifier(vscode, state.notificationHistory, t, () => panel.show(), uninstall);
  track(publisher.onDidPublish((snapshot) => notifier.notify(snapshot)));
  track(publisher.onDidPublish((snapshot) => void enforcer.apply(snapshot)));
  track(publisher.onDidPublish((snapshot) => { if (snapshot.loaded) void memory.see(snapshot.findings, snapshot.now); }));
  track(memory.register(vscode, () => publisher.current.findings));
  const version = () => String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const commands = registerCommands(vscode, {
    publisher, panel, migration, store, output, files: { read: readPolicyFile, parse },
    defaultFolder: () => process.cwd(),
    reportContext: () => ({ host: os.hostname(), home: os.homedir(), version: version() }),
  });
  for (const command of commands) track(command);

  // Reading files is asynchronous and starts after activation returns; the status bar
  // appears when the policy has been read.
  // The first reading waits for the person (a few milliseconds of `id`): a group exception
  // must be in force before any notice is shown, or its members would see one first.
  const ready = after.run(() => {
    after.track(new PolicyDiagnostics(store, parse, vscode));
    terminals.start();
    void mcpServers.start();
    return Promise.all([person.then(() => undefined, () => undefined), remembered]);
  }).then(() => after.disposed ? undefined : publisher.rescan()).then(undefined, (error: unknown) => {
    // Deactivated before the start: nothing was read, and there is nothing to tell.
    if (!after.disposed) log(`Loading the policy failed: ${String(error)}`);
  });
  // A panel left open is revived once the first reading is done; until its serializer is
  // registered (on the next turn), the editor holds the panel back rather than drop it.
  void after.run(() => after.track(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (webviewPanel) => {
      await ready;
      panel.revive(webviewPanel);
    },
  }))).then(undefined, () => undefined);

  const { activation } = probes;
  const firstStatus = track(publisher.onDidPublish(() => {
    firstStatus.dispose();
    activation.firstStatusMs = performance.now() - started;
    activation.heapGrowthBytes = process.memoryUsage().heapUsed - heapAtStart;
  }));
  activation.activateSyncMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  activation.activateCpuMs = (cpu.user + cpu.system) / 1000;
  return exportedApi(context.extensionMode, vscode.ExtensionMode.Test, () => ({
    snapshots: publisher, statusBarItem: statusBar.item, terminals, mcpConfigFiles: mcpFiles, ready, probes,
  }));
}

export function deactivate(): void {
  // Every part is disposed through context.subscriptions; the policy reader's thread
  // (src/machine/policyParseWorker.ts) ends by itself once idle and never keeps the host alive.
}
