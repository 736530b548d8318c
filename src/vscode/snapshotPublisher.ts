import type * as vscode from 'vscode';
import type { Observables } from '../core/detect/gatherEvidence';
import { nextPhaseChange } from '../core/findings';
import type { MonotonicClock, Subject } from '../core/phase';
import type { Translate } from '../core/present/localize';
import { mergeLayers, type EffectivePolicy } from '../core/policy/mergeLayers';
import { snapshotSteps, type Snapshot } from '../core/snapshot';
import { runToEnd, type Steps } from '../core/steps';
import { runInSlices, type SliceClock } from './slices';
import type { Enforcer } from './enforcer';
import type { ExtensionInventory } from './extensionInventory';
import type { InstalledCommandsScanner } from './installedCommandsScanner';
import { Emitter } from './emitter';
import type { McpWatcher } from './mcpWatcher';
import { readAllowedSettings } from './allowedSettings';
import type { PolicyStore } from './policyStore';
import type { TerminalWatcher } from './terminalWatcher';
import type { Person } from '../core/person';
import type { PersonReading } from '../machine/person';
import type { Acknowledgements } from './acknowledgements';

let policyOfNoFile: EffectivePolicy | undefined;
/** The policy of no file: built on first use, not while the extension's bundle is loaded. */
const nothingRead = (): EffectivePolicy => (policyOfNoFile ??= mergeLayers([]));

/** Longest single wait for a phase boundary; setTimeout cannot wait longer than ~24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;


/** Where the publisher reads its inputs; each is built before it. */
export interface SnapshotSources {
  readonly store: Pick<PolicyStore, 'policy' | 'load' | 'onDidChange'>;
  readonly inventory: Pick<ExtensionInventory, 'list' | 'problems' | 'readInstalled' | 'onDidChange'>;
  readonly terminals: Pick<TerminalWatcher, 'typedCommands' | 'terminalProcesses' | 'scan' | 'onDidChange'>;
  readonly installedCommands: Pick<InstalledCommandsScanner, 'found' | 'problems' | 'scan' | 'onDidChange'>;
  readonly mcpServers: Pick<McpWatcher, 'seen' | 'problems' | 'onDidChange'>;
  readonly enforcer: Pick<Enforcer, 'enforced' | 'onDidChange'>;
  readonly clock: Pick<MonotonicClock, 'now' | 'state'>;
  readonly t: Translate;
  /**
   * Who the person is to the OS (name, uid, groups), read off the activation path
   * (src/machine/person.ts); exceptions by group wait for it.
   */
  readonly person?: Promise<PersonReading>;
  /**
   * Resolves once what the product remembers (the latest time seen, the block's record,
   * the notification throttle) has been read: no phase is decided and no snapshot counts
   * as loaded before, so a clock turned back cannot undo a deadline at start-up.
   */
  readonly remembered?: Promise<unknown>;
  /** The OS user's name until the person has been read (src/machine/user.ts). */
  readonly userName: () => string;
  /** Windows: folder paths, user and group names compare as Windows compares them. */
  readonly windows: boolean;
  /** Acknowledgements and first-seen times (the state folder); a change is shown. */
  readonly memory?: Pick<Acknowledgements, 'current' | 'onDidChange'>;
}

/** What publishing needs from the editor. */
export interface PublisherEditor {
  readonly env: Pick<typeof vscode.env, 'appName' | 'uriScheme' | 'language'>;
  readonly window: Pick<typeof vscode.window, 'terminals'>;
  readonly workspace: Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration' | 'workspaceFolders'>;
}

/** What views and effects subscribe to. */
export interface Snapshots {
  readonly current: Snapshot;
  readonly onDidPublish: vscode.Event<Snapshot>;
}

/**
 * The one place the flow runs: on any input change it reads every source as plain data,
 * builds a Snapshot (core/snapshot.ts) and publishes it. Status bar, panel, notifier and
 * enforcer only subscribe; none of them is called from here.
 */
export class SnapshotPublisher implements Snapshots, vscode.Disposable {
  /** Built on first read (the first `refresh`, or a view asking first), not at activation. */
  private snapshot: Snapshot | undefined;
  private generation = 0;
  private loaded = false;
  private policyRead = false;
  private rememberedRead: boolean;
  private phaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** The commands PATH was last scanned for; a policy that adds `commands:` triggers a new scan. */
  private scannedCommands: string | undefined;
  private readonly published = new Emitter<Snapshot>();
  readonly onDidPublish = this.published.event;
  private readonly subscriptions: vscode.Disposable[];
  private person: Person | undefined;
  private disposed = false;
  /** The snapshot being built in slices, if any; a refresh asked meanwhile is built after it. */
  private building: { stop(): void; readonly waiters: readonly (() => void)[] } | undefined;
  private stale = false;
  /** Refreshes waiting for a publication that includes what they asked for. */
  private waiting: (() => void)[] = [];

  constructor(
    private readonly sources: SnapshotSources,
    private readonly editor: PublisherEditor,
    /** Where slices are timed and continued (the host's clock and `setImmediate`); tests pass their own. */
    private readonly sliceClock?: SliceClock,
  ) {
    const { store, inventory, terminals, installedCommands, mcpServers, enforcer } = sources;
    this.rememberedRead = sources.remembered === undefined;
    sources.remembered?.then(() => {
      this.rememberedRead = true;
      if (this.policyRead && !this.disposed) this.policyChanged();
    }, () => undefined);
    sources.person?.then((reading) => {
      this.person = reading.person;
      if (!this.disposed) void this.refresh();
    }, () => undefined);
    this.subscriptions = [
      store.onDidChange(() => {
        this.policyRead = true;
        if (this.rememberedRead) this.policyChanged();
      }),
      inventory.onDidChange(() => this.refresh()),
      terminals.onDidChange(() => this.refresh()),
      installedCommands.onDidChange(() => this.refresh()),
      mcpServers.onDidChange(() => this.refresh()),
      // The second half of the enforcement loop (see extension.ts): a changed block is shown.
      enforcer.onDidChange(() => this.refresh()),
      ...(sources.memory ? [sources.memory.onDidChange(() => this.refresh())] : []),
      editor.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('toolPolicy.statusBar.showWhenCompliant')) void this.refresh();
      }),
    ];
  }

  /** The latest snapshot published; before the first, one built from what the sources hold now. */
  get current(): Snapshot {
    this.snapshot ??= runToEnd(this.build());
    return this.snapshot;
  }

  /**
   * Recomputes from what the sources hold now and publishes the result; resolves once it is
   * published. The work runs in slices (src/vscode/slices.ts): a policy of ordinary size is
   * published before this returns, one of tens of thousands of rules over several turns of
   * the event loop, without stalling the editor. A refresh asked while one is being built
   * is built right after it, from the sources as they are then.
   */
  refresh(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const published = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.stale = true;
    if (!this.building) this.buildAndPublish();
    return published;
  }

  private buildAndPublish(): void {
    this.stale = false;
    const waiters = this.waiting.splice(0);
    // Set before the first slice runs, and kept while the result is announced: a listener
    // that refreshes then has its refresh built after every listener has this one.
    const building = { stop: () => undefined as void, waiters };
    this.building = building;
    const finish = (built: Snapshot | undefined): void => {
      if (built && !this.disposed) {
        // `current`, read before the first publication while this was being built, built a
        // newer one from the sources as they were later: that one is the one published.
        const snapshot = this.snapshot && this.snapshot.generation > built.generation ? this.snapshot : built;
        this.snapshot = snapshot;
        this.schedulePhaseChange(snapshot);
        this.published.fire(snapshot);
      }
      if (this.building === building) this.building = undefined;
      for (const resolve of waiters) resolve();
      if (this.stale && !this.building && !this.disposed) this.buildAndPublish();
    };
    const failed = (error: unknown): void => {
      // A defect of the engine, or a source that threw: named in the log; later refreshes still run.
      console.error('Tool Policy: the snapshot could not be built', error);
      finish(undefined);
    };
    let steps: Steps<Snapshot>;
    try {
      // The sources are read here, before the first piece.
      steps = this.build();
    } catch (error) {
      failed(error);
      return;
    }
    building.stop = runInSlices(steps, finish, failed, this.sliceClock).stop;
  }

  /** Re-reads the policy files, the terminals' processes, PATH and the installed extensions, then publishes. */
  async rescan(): Promise<void> {
    const policy = await this.sources.store.load();
    this.scannedCommands = commandsKey(policy.tools);
    await Promise.all([this.sources.terminals.scan(), this.sources.installedCommands.scan(policy.tools), this.sources.inventory.readInstalled()]);
    await this.refresh();
  }

  private policyChanged(): void {
    this.loaded = true;
    this.scanPathIfCommandsChanged();
    void this.refresh();
  }

  private scanPathIfCommandsChanged(): void {
    const tools = this.sources.store.policy.tools;
    const key = commandsKey(tools);
    if (this.scannedCommands === undefined || key === this.scannedCommands) return;
    this.scannedCommands = key;
    void this.sources.installedCommands.scan(tools);
  }

  /** The snapshot of what the sources hold now (read here, before the first piece). */
  private build(): Steps<Snapshot> {
    const { store, inventory, terminals, installedCommands, mcpServers, enforcer, clock, t } = this.sources;
    const { env, window, workspace } = this.editor;
    const seen: Observables = {
      extensions: inventory.list(),
      hostEditor: { appName: env.appName, uriScheme: env.uriScheme },
      installedCommands: installedCommands.found(),
      typedCommands: terminals.typedCommands(),
      terminalProcesses: terminals.terminalProcesses(),
      terminalNames: window.terminals.map((terminal) => terminal.name),
      mcpServers: mcpServers.seen(),
      // What could not be read: the views may not call the result compliant.
      unread: [...inventory.problems(), ...installedCommands.problems(), ...mcpServers.problems()],
    };
    return snapshotSteps({
      generation: ++this.generation,
      loaded: this.loaded,
      // No rule is evaluated before the latest time seen is known: its phase could come out too lenient.
      policy: this.rememberedRead ? store.policy : nothingRead(),
      seen,
      now: clock.now(),
      subject: this.subject(),
      t,
      showWhenCompliant: workspace.getConfiguration('toolPolicy').get<boolean>('statusBar.showWhenCompliant', false),
      locale: env.language,
      enforced: enforcer.enforced,
      allowed: readAllowedSettings(workspace),
      clock: clock.state(),
      ...(this.sources.memory ? { memory: this.sources.memory.current } : {}),
    });
  }

  /** One timer to the next phase boundary, never polling; none when nothing will change. */
  private schedulePhaseChange(snapshot: Snapshot): void {
    if (this.phaseTimer) clearTimeout(this.phaseTimer);
    this.phaseTimer = undefined;
    const next = nextPhaseChange(snapshot.findings);
    if (!next) return;
    const wait = Math.min(Math.max(next.getTime() - snapshot.now.getTime(), 0) + 50, MAX_TIMER_MS);
    this.phaseTimer = setTimeout(() => void this.refresh(), wait);
  }

  private subject(): Subject {
    const { person } = this;
    return {
      user: person?.user ?? this.sources.userName(),
      ...(person?.uid !== undefined ? { uid: person.uid } : {}),
      groups: person?.groups ?? [],
      windowsNames: this.sources.windows,
      workspaceFolders: (this.editor.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
      caseInsensitivePaths: this.sources.windows,
    };
  }

  dispose(): void {
    this.disposed = true;
    // A snapshot being built stops; whoever waits for it is let go.
    this.building?.stop();
    for (const resolve of [...this.building?.waiters ?? [], ...this.waiting.splice(0)]) resolve();
    this.building = undefined;
    if (this.phaseTimer) clearTimeout(this.phaseTimer);
    this.subscriptions.forEach((s) => s.dispose());
    this.published.dispose();
  }
}

function commandsKey(tools: readonly { readonly commands: readonly string[] }[]): string {
  return [...new Set(tools.flatMap((tool) => tool.commands.map((command) => command.toLowerCase())))].sort().join('\n');
}
