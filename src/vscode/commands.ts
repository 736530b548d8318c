import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePolicyOffThread } from '../machine/policyParseWorker';
import { formatProblem, type PolicyProblem } from '../core/policy/types';
import { buildReport, reportToMarkdown } from '../core/present/report';
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

async function validatePolicy(store: PolicyStore, output: vscode.OutputChannel, target?: vscode.Uri): Promise<PolicyProblem[]> {
  const editor = vscode.window.activeTextEditor;
  const document = target
    ? await vscode.workspace.openTextDocument(target)
    : editor && ['yaml', 'json', 'jsonc'].includes(editor.document.languageId) ? editor.document : undefined;
  let problems: PolicyProblem[];
  let checked: string[];
  if (document) {
    const result = await parsePolicyOffThread(document.getText(), { layer: 'user', path: document.uri.fsPath || document.uri.toString() });
    problems = result.ok ? [] : [...result.problems];
    // Warnings do not make a file invalid; they are listed with it.
    if (result.ok) for (const warning of result.warnings) output.appendLine(`  ${formatProblem(warning)}`);
    checked = [document.uri.fsPath || document.uri.toString()];
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
  const report = buildReport(publisher.current.panel, new Date());
  const text = uri.path.toLowerCase().endsWith('.json') ? `${JSON.stringify(report, null, 2)}\n` : reportToMarkdown(report, (message, ...args) => vscode.l10n.t(message, ...args));
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(vscode.l10n.t('Compliance report saved to {0}', uri.fsPath));
  return uri;
}
