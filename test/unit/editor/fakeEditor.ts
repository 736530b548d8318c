/**
 * A small stand-in for the parts of the VS Code API the editor classes use, in plain Node:
 * each class declares what it needs (a `Pick<>` of the API) and these fakes supply it,
 * recording what the class did so the tests observe it from outside.
 */
import type * as vscode from 'vscode';
import { Emitter } from '../../../src/vscode/emitter';

/** Typed as the API's own object: the class sees only the members it declares. */
export const as = <T>(value: unknown): T => value as T;

export class FakeMemento {
  readonly values = new Map<string, unknown>();
  readonly updates: Array<[string, unknown]> = [];
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  update(key: string, value: unknown): Promise<void> {
    this.updates.push([key, value]);
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

/** A value the product remembers (src/vscode/remembered.ts), held in memory: the class's seam to the state folder. */
export class FakeRemembered<T> {
  /** Each value written, in order. */
  readonly writes: T[] = [];
  constructor(public value: T) {}
  get(): T {
    return this.value;
  }
  load(): Promise<void> {
    return Promise.resolve();
  }
  update(change: (current: T) => T): Promise<void> {
    this.value = change(this.value);
    this.writes.push(this.value);
    return Promise.resolve();
  }
}

export interface ConfigurationWrite {
  readonly key: string;
  readonly value: unknown;
  readonly target: unknown;
}

/** Settings by full key (`toolPolicy.policyFile`): the user's value, and what a machine policy sets. */
export class FakeConfiguration {
  readonly user = new Map<string, unknown>();
  readonly policy = new Map<string, unknown>();
  readonly writes: ConfigurationWrite[] = [];
  readonly changed = new Emitter<vscode.ConfigurationChangeEvent>();
  /** Set to make the next write fail. */
  failNextWrite: Error | undefined;

  set(key: string, value: unknown): void {
    if (value === undefined) this.user.delete(key);
    else this.user.set(key, value);
    this.changed.fire({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) || section.startsWith(`${key}.`) });
  }

  section(section: string): vscode.WorkspaceConfiguration {
    const full = (key: string) => `${section}.${key}`;
    return as<vscode.WorkspaceConfiguration>({
      get: <T>(key: string, fallback?: T) => (this.policy.has(full(key)) ? this.policy.get(full(key)) : this.user.has(full(key)) ? this.user.get(full(key)) : fallback) as T,
      inspect: (key: string) => ({
        key: full(key),
        globalValue: this.user.get(full(key)),
        ...(this.policy.has(full(key)) ? { policyValue: this.policy.get(full(key)) } : {}),
      }),
      update: async (key: string, value: unknown, target: unknown) => {
        if (this.failNextWrite) {
          const error = this.failNextWrite;
          this.failNextWrite = undefined;
          throw error;
        }
        this.writes.push({ key: full(key), value, target });
        this.set(full(key), value);
      },
    });
  }
}

export function fileUri(fsPath: string): vscode.Uri {
  return as<vscode.Uri>({ scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}` });
}

export function folder(fsPath: string, scheme = 'file'): vscode.WorkspaceFolder {
  return as<vscode.WorkspaceFolder>({ uri: { ...fileUri(fsPath), scheme }, name: fsPath.split('/').pop(), index: 0 });
}

export class FakeTerminal {
  readonly state: { shell?: string } = {};
  shown = 0;
  constructor(readonly name: string, public processId: Promise<number | undefined> = Promise.resolve(undefined), readonly creationOptions: { shellPath?: string } = {}) {}
  show(): void {
    this.shown++;
  }
}

export interface ShownMessage {
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  readonly items: readonly unknown[];
  /** Answers the message as the person would (undefined: dismissed). */
  answer(choice: unknown): void;
}

/** `vscode.workspace`, `vscode.window`, `vscode.env` and friends, as far as the editor classes use them. */
export function fakeEditor() {
  const configuration = new FakeConfiguration();
  const terminals: FakeTerminal[] = [];
  const shown: ShownMessage[] = [];
  const commandsRun: unknown[][] = [];
  const registered = new Map<string, (...args: unknown[]) => unknown>();
  const openedTerminal = new Emitter<vscode.Terminal>();
  const closedTerminal = new Emitter<vscode.Terminal>();
  const terminalState = new Emitter<vscode.Terminal>();
  const shellStart = new Emitter<vscode.TerminalShellExecutionStartEvent>();
  const shellEnd = new Emitter<vscode.TerminalShellExecutionEndEvent>();
  const foldersChanged = new Emitter<vscode.WorkspaceFoldersChangeEvent>();
  const trustGranted = new Emitter<void>();
  const extensionsChanged = new Emitter<void>();
  const openedDocument = new Emitter<vscode.TextDocument>();
  const changedDocument = new Emitter<vscode.TextDocumentChangeEvent>();
  const closedDocument = new Emitter<vscode.TextDocument>();
  const message = (severity: ShownMessage['severity']) => (text: string, ...items: unknown[]) => new Promise((resolve) => {
    shown.push({ severity, message: text, items: items.filter((item) => typeof item === 'string' || (typeof item === 'object' && item !== null && 'title' in item)), answer: resolve });
  });
  const workspace = {
    workspaceFolders: undefined as vscode.WorkspaceFolder[] | undefined,
    isTrusted: true,
    textDocuments: [] as vscode.TextDocument[],
    getConfiguration: (section?: string) => configuration.section(section ?? ""),
    onDidChangeConfiguration: configuration.changed.event,
    onDidChangeWorkspaceFolders: foldersChanged.event,
    onDidGrantWorkspaceTrust: trustGranted.event,
    onDidOpenTextDocument: openedDocument.event,
    onDidChangeTextDocument: changedDocument.event,
    onDidCloseTextDocument: closedDocument.event,
  };
  const window = {
    get terminals() {
      return terminals as unknown as vscode.Terminal[];
    },
    onDidOpenTerminal: openedTerminal.event,
    onDidCloseTerminal: closedTerminal.event,
    onDidChangeTerminalState: terminalState.event,
    onDidStartTerminalShellExecution: shellStart.event,
    onDidEndTerminalShellExecution: shellEnd.event,
    showErrorMessage: message('error'),
    showWarningMessage: message('warning'),
    showInformationMessage: message('information'),
    statusBarMessages: [] as string[],
    setStatusBarMessage(text: string) {
      window.statusBarMessages.push(text);
      return { dispose: () => undefined };
    },
  };
  const clipboard: string[] = [];
  const opened: string[] = [];
  const env = {
    appName: 'Visual Studio Code',
    uriScheme: 'vscode',
    language: 'en',
    appRoot: '/opt/editor/resources/app',
    clipboard: { writeText: async (text: string) => { clipboard.push(text); } },
    openExternal: async (uri: { toString(): string }) => { opened.push(uri.toString()); return true; },
  };
  const commands = {
    executeCommand: async <T>(...args: unknown[]): Promise<T> => {
      commandsRun.push(args);
      return undefined as T;
    },
    registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
      registered.set(id, run);
      return { dispose: () => registered.delete(id) };
    },
  };
  const l10n = { t: (text: string, ...args: unknown[]) => text.replace(/\{(\d+)\}/g, (_m, index: string) => String(args[Number(index)])) };
  const Uri = {
    joinPath: (base: vscode.Uri, ...parts: string[]) => fileUri([base.fsPath, ...parts].join('/')),
    parse: (value: string) => ({ toString: () => value }),
    file: (fsPath: string) => fileUri(fsPath),
  };
  return {
    configuration, terminals, shown, commandsRun, registered, clipboard, opened,
    emit: { openedTerminal, closedTerminal, terminalState, shellStart, shellEnd, foldersChanged, trustGranted, extensionsChanged, openedDocument, changedDocument, closedDocument },
    workspace, window, env, commands, l10n, Uri,
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ViewColumn: { Active: -1 },
  };
}

export type FakeEditor = ReturnType<typeof fakeEditor>;

/** Opens a terminal as the editor does: listed first, then announced. */
export function openTerminal(editor: FakeEditor, terminal: FakeTerminal): FakeTerminal {
  editor.terminals.push(terminal);
  editor.emit.openedTerminal.fire(as<vscode.Terminal>(terminal));
  return terminal;
}

export function closeTerminal(editor: FakeEditor, terminal: FakeTerminal): void {
  editor.terminals.splice(editor.terminals.indexOf(terminal), 1);
  editor.emit.closedTerminal.fire(as<vscode.Terminal>(terminal));
}
