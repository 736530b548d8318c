import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readPolicyFile } from '../machine/policyFile';
import { parsePolicyOffThread } from '../machine/policyParseWorker';
import { formatProblem, type PolicyProblem } from '../core/policy/types';
import { buildReport, reportToMarkdown } from '../core/present/report';
import { buildEditorReport } from '../core/report/editorReport';
import type { PolicyPanel } from './policyPanel';
import type { PolicyStore } from './policyStore';
import type { SnapshotPublisher } from './snapshotPublisher';

export interface CommandTargets {
  readonly publisher: SnapshotPublisher;
  readonly panel: PolicyPanel;
  readonly store: PolicyStore;
  readonly output: vscode.OutputChannel;
}

/** Registers the five commands the extension contributes (package.json `contributes.commands`). */
export function registerCommands({ publisher, panel, store, output }: CommandTargets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('toolPolicy.showPanel', () => panel.show()),
    vscode.commands.registerCommand('toolPolicy.rescan', () => publisher.rescan()),
    vscode.commands.registerCommand('toolPolicy.openPolicyFile', () => openPolicyFile(store)),
    vscode.commands.registerCommand('toolPolicy.validatePolicy', (target?: vscode.Uri) => validatePolicy(store, output, target)),
    vscode.commands.registerCommand('toolPolicy.exportReport', (target?: vscode.Uri) => exportReport(publisher, target)),
  ];
}

async function openPolicyFile(store: PolicyStore): Promise<void> {
  const existing = store.policy.sources.filter((source) => source.status !== 'missing');
  if (existing.length === 0) {
    const where = store.locations().map((l) => `${l.layer}: ${l.path}`).join('; ');
    void vscode.window.showInformationMessage(vscode.l10n.t('No policy file was found. Looked in: {0}', where));
    return;
  }
  let chosen = existing[0];
  if (existing.length > 1) {
    const pick = await vscode.window.showQuickPick(
      existing.map((source) => ({ label: path.basename(source.path), description: source.layer, detail: source.path, source })),
      { placeHolder: vscode.l10n.t('Which policy file?') },
    );
    chosen = pick?.source;
  }
  if (chosen) await vscode.window.showTextDocument(vscode.Uri.file(chosen.path), { preview: false });
}

/**
 * The text to check: a file given to the command is read from disk unless the person has
 * unsaved edits to it open (an open document's text can lag behind the file by a moment);
 * without one, the active policy editor's text.
 */
async function textToValidate(target: vscode.Uri | undefined): Promise<{ name: string; input: string | Uint8Array } | { name: string; problem: string } | undefined> {
  if (target) {
    const name = target.fsPath || target.toString();
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === target.toString());
    if (open?.isDirty || target.scheme !== 'file') return { name, input: (open ?? await vscode.workspace.openTextDocument(target)).getText() };
    const read = await readPolicyFile(target.fsPath);
    if (read.kind === 'missing') return { name, problem: 'no such file' };
    return read.kind === 'unreadable' ? { name, problem: read.message } : { name, input: read.bytes };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || !['yaml', 'json', 'jsonc'].includes(editor.document.languageId)) return undefined;
  return { name: editor.document.uri.fsPath || editor.document.uri.toString(), input: editor.document.getText() };
}

async function validatePolicy(store: PolicyStore, output: vscode.OutputChannel, target?: vscode.Uri): Promise<PolicyProblem[]> {
  const text = await textToValidate(target);
  let problems: PolicyProblem[];
  let checked: string[];
  if (text && 'problem' in text) {
    problems = [{ file: text.name, path: '', message: text.problem, line: 1, column: 1, endLine: 1, endColumn: 1 }];
    checked = [text.name];
  } else if (text) {
    const result = await parsePolicyOffThread(text.input, { layer: 'user', path: text.name });
    problems = result.ok ? [] : [...result.problems];
    // Warnings do not make a file invalid; they are listed with it.
    if (result.ok) for (const warning of result.warnings) output.appendLine(`  ${formatProblem(warning)}`);
    checked = [text.name];
  } else {
    const policy = await store.load();
    problems = [...policy.problems];
    checked = policy.sources.filter((s) => s.status !== 'missing').map((s) => s.path);
  }
  output.appendLine(`[${new Date().toISOString()}] ${vscode.l10n.t('Validated: {0}', checked.join(', ') || '—')}`);
  for (const problem of problems) output.appendLine(`  ${formatProblem(problem)}`);
  if (checked.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No policy file was found to validate.'));
  } else if (problems.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The policy is valid: {0}', checked.join(', ')));
  } else {
    output.show(true);
    const first = problems[0] as PolicyProblem;
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} problem(s) in the policy. First: {1}', problems.length, formatProblem(first)));
  }
  return problems;
}

async function exportReport(publisher: SnapshotPublisher, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = target ?? await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Compliance Report'),
    filters: { Markdown: ['md'], JSON: ['json'] },
    defaultUri: vscode.Uri.file(path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), 'tool-policy-report.md')),
  });
  if (!uri) return undefined;
  // JSON is the scan report (schemas/scan-report.v1.json), the same as `tool-policy scan --format json`;
  // Markdown is the panel's readable form.
  const snapshot = publisher.current;
  const text = uri.path.toLowerCase().endsWith('.json')
    ? `${JSON.stringify(buildEditorReport(snapshot, {
      generatedAt: new Date(), host: os.hostname(), home: os.homedir(), language: vscode.env.language,
      version: String((vscode.extensions.getExtension('tool-policy.tool-policy-notices')?.packageJSON as { version?: unknown } | undefined)?.version ?? '0.0.0'),
    }), null, 2)}\n`
    : reportToMarkdown(buildReport(snapshot.panel, new Date()), (message, ...args) => vscode.l10n.t(message, ...args));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(vscode.l10n.t('Compliance report saved to {0}', uri.fsPath));
  return uri;
}
