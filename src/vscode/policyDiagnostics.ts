import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { PolicyProblem } from '../core/policy/types';
import { Debouncer } from './debouncer';
import type { ParsePolicy } from './lastGoodPolicies';
import type { PolicyStore } from './policyStore';

const POLICY_FILE_NAMES = new Set(['tool-policy.yaml', 'tool-policy.yml', 'tool-policy.json']);
const DEBOUNCE_MS = 150;

/** What the Problems panel entries need from the editor. */
export interface DiagnosticsEditor {
  readonly languages: Pick<typeof vscode.languages, 'createDiagnosticCollection'>;
  readonly workspace: Pick<typeof vscode.workspace, 'textDocuments' | 'onDidOpenTextDocument' | 'onDidChangeTextDocument' | 'onDidCloseTextDocument'>;
  readonly Diagnostic: typeof vscode.Diagnostic;
  readonly Range: typeof vscode.Range;
  readonly DiagnosticSeverity: Pick<typeof vscode.DiagnosticSeverity, 'Error' | 'Warning'>;
}

/**
 * Problems panel entries for policy files open in the editor: the policy files in force,
 * and any file named tool-policy.yaml. Checked as the person types, not only on save.
 */
export class PolicyDiagnostics implements vscode.Disposable {
  private readonly collection: vscode.DiagnosticCollection;
  private readonly timers = new Map<string, Debouncer>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: Pick<PolicyStore, 'policy' | 'onDidChange'>,
    private readonly parse: ParsePolicy,
    private readonly editor: DiagnosticsEditor,
  ) {
    const { workspace } = editor;
    this.collection = editor.languages.createDiagnosticCollection('toolPolicy');
    this.subscriptions = [
      workspace.onDidOpenTextDocument((document) => this.check(document)),
      workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      workspace.onDidCloseTextDocument((document) => {
        // A pending check must not put diagnostics back on a closed file.
        this.timers.get(document.uri.toString())?.dispose();
        this.timers.delete(document.uri.toString());
        this.collection.delete(document.uri);
      }),
      store.onDidChange(() => workspace.textDocuments.forEach((document) => this.check(document))),
    ];
    workspace.textDocuments.forEach((document) => this.check(document));
  }

  /** A file named like a policy, or one of the policy files the store read last (a reload re-checks them all). */
  private isPolicyDocument(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
    const file = document.uri.fsPath;
    return POLICY_FILE_NAMES.has(path.basename(file).toLowerCase()) || this.store.policy.sources.some((source) => source.path === file);
  }

  /** Typing in any other file costs only a look at its name: no timer is set for it. */
  private schedule(document: vscode.TextDocument): void {
    if (!this.isPolicyDocument(document)) return;
    const key = document.uri.toString();
    let debouncer = this.timers.get(key);
    if (!debouncer) {
      debouncer = new Debouncer(DEBOUNCE_MS, () => {
        this.timers.delete(key);
        this.check(document);
      });
      this.timers.set(key, debouncer);
    }
    debouncer.schedule();
  }

  private check(document: vscode.TextDocument): void {
    if (!this.isPolicyDocument(document)) return;
    // Read in the policy reader's worker thread, like the policy itself: a large file being
    // typed never holds the editor. A reply for an older version of the text is dropped.
    const version = document.version;
    const current = () => !document.isClosed && document.version === version;
    this.parse(document.getText(), { layer: 'user', path: document.uri.fsPath }).then((result) => {
      if (!current()) return;
      const problems = result.ok ? result.warnings : result.problems;
      this.collection.set(document.uri, problems.map((problem) => this.diagnostic(problem)));
    }, (error: unknown) => {
      if (!current()) return;
      const { Diagnostic, Range, DiagnosticSeverity } = this.editor;
      const diagnostic = new Diagnostic(new Range(0, 0, 0, 0), `The policy reader failed: ${String(error)}`, DiagnosticSeverity.Error);
      diagnostic.source = 'Tool Policy';
      this.collection.set(document.uri, [diagnostic]);
    });
  }

  private diagnostic(problem: PolicyProblem): vscode.Diagnostic {
    const { Diagnostic, Range, DiagnosticSeverity } = this.editor;
    // Lines and columns count from 1 in a problem, from 0 in the editor; an empty range is widened to one character.
    const start = [Math.max(problem.line - 1, 0), Math.max(problem.column - 1, 0)] as const;
    const end = [Math.max(problem.endLine - 1, 0), Math.max(problem.endColumn - 1, 0)] as const;
    const endsAfterStart = end[0] > start[0] || (end[0] === start[0] && end[1] > start[1]);
    const range = endsAfterStart ? new Range(start[0], start[1], end[0], end[1]) : new Range(start[0], start[1], start[0], start[1] + 1);
    const severity = problem.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
    const diagnostic = new Diagnostic(range, problem.path ? `${problem.path}: ${problem.message}` : problem.message, severity);
    diagnostic.source = 'Tool Policy';
    return diagnostic;
  }

  dispose(): void {
    this.timers.forEach((debouncer) => debouncer.dispose());
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.collection.dispose();
  }
}
