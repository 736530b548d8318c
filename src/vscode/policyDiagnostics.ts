import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePolicyOffThread } from '../machine/policyParseWorker';
import type { PolicyProblem } from '../core/policy/types';
import { Debouncer } from './debouncer';
import type { PolicyStore } from './policyStore';

const POLICY_FILE_NAMES = new Set(['tool-policy.yaml', 'tool-policy.yml', 'tool-policy.json']);
const DEBOUNCE_MS = 150;

function toRange(problem: PolicyProblem): vscode.Range {
  const start = new vscode.Position(Math.max(problem.line - 1, 0), Math.max(problem.column - 1, 0));
  const end = new vscode.Position(Math.max(problem.endLine - 1, 0), Math.max(problem.endColumn - 1, 0));
  return new vscode.Range(start, end.isAfter(start) ? end : start.translate(0, 1));
}

/**
 * Problems panel entries for policy files open in the editor: the policy files in force,
 * and any file named tool-policy.yaml. Checked as the person types, not only on save.
 */
export class PolicyDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('toolPolicy');
  private readonly timers = new Map<string, Debouncer>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: PolicyStore) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // A pending check must not put diagnostics back on a closed file.
        this.timers.get(document.uri.toString())?.dispose();
        this.timers.delete(document.uri.toString());
        this.collection.delete(document.uri);
      }),
      store.onDidChange(() => vscode.workspace.textDocuments.forEach((document) => this.check(document))),
    ];
    vscode.workspace.textDocuments.forEach((document) => this.check(document));
  }

  private isPolicyDocument(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
    const file = document.uri.fsPath;
    return POLICY_FILE_NAMES.has(path.basename(file).toLowerCase()) || this.store.locations().some((location) => location.path === file);
  }

  /** Typing in any other file costs only the name check: no timer is set for it. */
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

  check(document: vscode.TextDocument): void {
    if (!this.isPolicyDocument(document)) return;
    // Read in the policy reader's worker thread, like the policy itself: a large file being
    // typed never holds the editor. A reply for an older version of the text is dropped.
    const version = document.version;
    parsePolicyOffThread(document.getText(), { layer: 'user', path: document.uri.fsPath }).then((result) => {
      if (document.isClosed || document.version !== version) return;
      const problems = result.ok ? result.warnings : result.problems;
      this.collection.set(document.uri, problems.map((problem) => {
        const severity = problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error;
        const diagnostic = new vscode.Diagnostic(toRange(problem), problem.path ? `${problem.path}: ${problem.message}` : problem.message, severity);
        diagnostic.source = 'Tool Policy';
        return diagnostic;
      }));
    }, (error: unknown) => {
      if (document.isClosed || document.version !== version) return;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `The policy reader failed: ${String(error)}`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'Tool Policy';
      this.collection.set(document.uri, [diagnostic]);
    });
  }


  dispose(): void {
    this.timers.forEach((debouncer) => debouncer.dispose());
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.collection.dispose();
  }
}
