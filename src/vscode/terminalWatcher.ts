import type * as vscode from 'vscode';
import type { Invocation, ShellDialect } from '../core/detect/invocation';
import type { TypedCommandLine } from '../core/detect/gatherEvidence';
import type { ProcessInfo, ProcessReader } from '../core/detect/processTree';
import { Debouncer } from './debouncer';
import { DistinctLog } from './distinctLog';
import { Emitter } from './emitter';
import type { Parsers } from './parsersLoader';

/** The syntax a terminal's shell reads, where the editor knows the shell. */
function shellDialect(terminal: vscode.Terminal): ShellDialect | undefined {
  // `state.shell` is newer than the API this extension is built against: read it defensively.
  const reported = (terminal.state as { shell?: unknown }).shell;
  const options = terminal.creationOptions as { shellPath?: unknown };
  const name = typeof reported === 'string' ? reported : typeof options.shellPath === 'string' ? options.shellPath.split(/[\\/]/).pop() ?? '' : '';
  const shell = name.toLowerCase().replace(/\.exe$/, '');
  if (shell === 'pwsh' || shell === 'powershell') return 'powershell';
  if (shell === 'cmd') return 'cmd';
  if (shell === 'fish') return 'fish';
  if (/^(bash|zsh|sh|dash|ksh|mksh|csh|tcsh|gitbash|wsl)$/.test(shell)) return 'posix';
  return undefined;
}

/** The terminal's shell process id; undefined when it has none, or none within PROCESS_ID_TIMEOUT_MS. */
async function processIdOf(terminal: vscode.Terminal): Promise<number | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      Promise.resolve(terminal.processId).catch(() => undefined),
      new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), PROCESS_ID_TIMEOUT_MS); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lets the extension host run other work between slices of a long command line. */
const yieldToHost = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface TerminalProcesses {
  readonly terminalName: string;
  readonly processes: readonly ProcessInfo[];
}

/** Waits this long for a terminal's process id before giving up for this scan. */
const PROCESS_ID_TIMEOUT_MS = 2000;
/** Bursts of terminal events (start, end, open) collapse into one scan. */
const SCAN_DEBOUNCE_MS = 150;
const MAX_COMMANDS_PER_TERMINAL = 20;

/** What watching the terminals needs from the editor. */
export interface TerminalEditor {
  readonly window: Pick<typeof vscode.window, 'terminals' | 'onDidOpenTerminal' | 'onDidCloseTerminal' | 'onDidChangeTerminalState'
    | 'onDidStartTerminalShellExecution' | 'onDidEndTerminalShellExecution'>;
  readonly workspace: Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration'>;
}

/**
 * Watches the integrated terminals: commands run through shell integration, and the
 * processes below each terminal's shell (shell integration is often off). Scans only
 * while at least one terminal is open: on terminal events and every
 * `toolPolicy.terminal.scanIntervalSeconds`; no timer runs without a terminal.
 * Only commands that `isRelevant` accepts are kept: nothing else is recorded.
 */
export class TerminalWatcher implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly commands = new Map<vscode.Terminal, TypedCommandLine[]>();
  private processes = new Map<vscode.Terminal, readonly ProcessInfo[]>();
  private interval: ReturnType<typeof setInterval> | undefined;
  private readonly scanSoon = new Debouncer(SCAN_DEBOUNCE_MS, () => void this.scan());
  private scanning: Promise<void> | undefined;
  private rescanRequested = false;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[];

  /** Command lines are read one at a time, in the order they ran. */
  private reading: Promise<void> = Promise.resolve();

  private parserRequested = false;
  /** Why the processes could not be listed, each reason once (the scan repeats every few seconds). */
  private readonly scanErrors: DistinctLog;
  /** The line each running execution was recorded with. */
  private readonly recordedLines = new WeakMap<vscode.TerminalShellExecution, string>();
  /** The entry each execution's start added, so that its end corrects it instead of adding a second. */
  private readonly entries = new WeakMap<vscode.TerminalShellExecution, TypedCommandLine>();

  constructor(
    private readonly reader: ProcessReader,
    private readonly parsers: Pick<Parsers, 'reader'>,
    private readonly isRelevant: (invocations: readonly Invocation[]) => boolean,
    private readonly log: (message: string) => void,
    private readonly editor: TerminalEditor,
  ) {
    const { window, workspace } = editor;
    this.subscriptions = [
      window.onDidOpenTerminal(() => this.onTerminalsChanged()),
      window.onDidCloseTerminal((terminal) => {
        this.commands.delete(terminal);
        this.processes.delete(terminal);
        this.onTerminalsChanged();
        this.changed.fire();
      }),
      window.onDidChangeTerminalState(() => this.changed.fire()),
      window.onDidStartTerminalShellExecution((event) => {
        this.recordedLines.set(event.execution, event.execution.commandLine.value);
        this.record(event.terminal, event.execution.commandLine.value, event.execution);
        this.scheduleScan();
      }),
      window.onDidEndTerminalShellExecution((event) => {
        // Some shells report the line only once it has run, or a part of it at its start
        // (typed ahead while another command ran, read back from the screen): the end's
        // line is the one that ran, and it takes the place of the start's.
        const line = event.execution.commandLine.value;
        if (line !== this.recordedLines.get(event.execution)) this.record(event.terminal, line, event.execution);
        this.recordedLines.delete(event.execution);
        this.scheduleScan();
      }),
      workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('toolPolicy.terminal.scanIntervalSeconds')) this.restartInterval();
      }),
    ];
    this.scanErrors = new DistinctLog(log);
  }

  /**
   * Looks at the terminals already open (a scan, the interval): not in the constructor,
   * which runs on activation's path, but once activation has returned. Does nothing once
   * disposed.
   */
  start(): void {
    if (!this.disposed) this.onTerminalsChanged();
  }

  /** Commands typed in the open terminals that may run a tool the policy names, as plain data. */
  typedCommands(): TypedCommandLine[] {
    return [...this.commands.values()].flat();
  }

  terminalProcesses(): TerminalProcesses[] {
    return [...this.processes.entries()].map(([terminal, processes]) => ({ terminalName: terminal.name, processes }));
  }

  private record(terminal: vscode.Terminal, commandLine: string, execution: vscode.TerminalShellExecution): void {
    if (!commandLine.trim()) return;
    const at = new Date();
    const dialect = shellDialect(terminal);
    this.reading = this.reading.then(async () => {
      try {
        const reader = await this.parsers.reader();
        const invocations = await reader.readCommandLine(commandLine, dialect, yieldToHost);
        if (!this.isRelevant(invocations) || !this.editor.window.terminals.includes(terminal)) return;
        const list = this.commands.get(terminal) ?? [];
        const entry: TypedCommandLine = { terminalName: terminal.name, commandLine, at: at.toISOString(), invocations };
        // The start's entry (if it was relevant) is corrected in its place; a line that
        // only the end shows as relevant is added. An end line that runs nothing the
        // policy names leaves the start's entry as it was: what was seen stays seen.
        const started = this.entries.get(execution);
        const index = started === undefined ? -1 : list.indexOf(started);
        if (index >= 0) list[index] = { ...entry, at: (started as TypedCommandLine).at };
        else list.push(entry);
        this.entries.set(execution, index >= 0 ? list[index] as TypedCommandLine : entry);
        this.commands.set(terminal, list.slice(-MAX_COMMANDS_PER_TERMINAL));
        this.changed.fire();
      } catch (error) {
        this.log(`Reading a terminal command line failed: ${String(error)}`);
      }
    });
  }

  /** Resolves once every command line seen so far has been read. */
  whenRead(): Promise<void> {
    return this.reading;
  }

  private onTerminalsChanged(): void {
    this.restartInterval();
    // A closed terminal's processes went with it: without terminals there is nothing to scan.
    if (this.editor.window.terminals.length > 0) this.scheduleScan();
  }

  private restartInterval(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    if (this.editor.window.terminals.length === 0) return;
    const seconds = this.editor.workspace.getConfiguration('toolPolicy').get<number>('terminal.scanIntervalSeconds', 10);
    const ms = Math.min(Math.max(Number.isFinite(seconds) ? seconds : 10, 1), 3600) * 1000;
    this.interval = setInterval(() => void this.scan(), ms);
  }

  scheduleScan(): void {
    this.scanSoon.schedule();
  }

  /** Reads every terminal's process subtree now; concurrent requests share one scan. */
  scan(): Promise<void> {
    if (this.scanning) {
      this.rescanRequested = true;
      return this.scanning;
    }
    this.scanning = this.scanOnce().finally(() => {
      this.scanning = undefined;
      if (this.rescanRequested) {
        this.rescanRequested = false;
        void this.scan();
      }
    });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const terminals = [...this.editor.window.terminals];
    // An open terminal will run commands: load the parser now, in the background, so the
    // first typed line does not wait for it (it still never loads without a terminal).
    if (terminals.length > 0 && !this.parserRequested) {
      this.parserRequested = true;
      this.parsers.reader().catch((error: unknown) => this.log(`Loading the shell parser failed: ${String(error)}`));
    }
    const next = new Map<vscode.Terminal, readonly ProcessInfo[]>();
    await Promise.all(terminals.map(async (terminal) => {
      const pid = await processIdOf(terminal);
      if (pid === undefined) return;
      try {
        next.set(terminal, await this.reader.descendants([pid]));
      } catch (error) {
        // Unreadable this time (PowerShell printed no JSON, ps failed, …): try again next
        // scan, and say why in the output channel, once per distinct reason.
        this.scanErrors.report(`Listing the processes started in the terminals failed, so they are not checked: ${error instanceof Error ? error.message : String(error)}`);
        next.set(terminal, []);
      }
    }));
    const signature = (map: Map<vscode.Terminal, readonly ProcessInfo[]>) =>
      [...map.entries()].map(([t, list]) => `${t.name}:${list.map((p) => `${p.pid}/${p.name}/${p.argv.join(' ')}`).join(',')}`).join('|');
    const changed = signature(next) !== signature(this.processes);
    this.processes = next;
    if (changed) this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    if (this.interval) clearInterval(this.interval);
    this.scanSoon.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
