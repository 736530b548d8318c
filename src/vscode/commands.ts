import * as path from 'node:path';
import type * as vscode from 'vscode';
import { formatProblem, type PolicyProblem } from '../core/policy/types';
import { markdownReportSteps } from '../core/present/report';
import { prettyJsonSteps } from '../core/report/prettyJson';
import type { PolicyFileRead } from '../machine/policyFile';
import type { ParsePolicy } from './lastGoodPolicies';
import { buildEditorReport } from '../core/report/editorReport';
import type { MigrationFlow } from './migrationFlow';
import type { PolicyPanel } from './policyPanel';
import type { PolicyStore } from './policyStore';
import type { SnapshotPublisher } from './snapshotPublisher';
import { inSlices } from './slices';

/** What the commands need from the editor. */
export interface CommandsEditor {
  readonly commands: Pick<typeof vscode.commands, 'registerCommand'>;
  readonly window: Pick<typeof vscode.window, 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage' | 'showQuickPick'
    | 'showTextDocument' | 'showSaveDialog' | 'activeTextEditor'>;
  readonly workspace: Pick<typeof vscode.workspace, 'textDocuments' | 'openTextDocument' | 'workspaceFolders' | 'fs'>;
  readonly l10n: Pick<typeof vscode.l10n, 't'>;
  readonly Uri: Pick<typeof vscode.Uri, 'file'>;
  readonly env: Pick<typeof vscode.env, 'language'>;
}

export interface CommandTargets {
  readonly publisher: Pick<SnapshotPublisher, 'rescan' | 'current'>;
  readonly panel: Pick<PolicyPanel, 'show'>;
  /** "Move my setup to the sanctioned tool": the plan in the panel, written after a confirmation. */
  readonly migration: Pick<MigrationFlow, 'planFromCommand'>;
  readonly store: Pick<PolicyStore, 'policy' | 'locations' | 'load'>;
  readonly output: Pick<vscode.OutputChannel, 'appendLine' | 'show'>;
  /** How a policy file is read and checked (src/machine readers). */
  readonly files: { read(file: string): Promise<PolicyFileRead>; readonly parse: ParsePolicy };
  /** Where a report is offered to be saved without a workspace folder. */
  readonly defaultFolder: () => string;
  /** What the JSON report says of where it was made: the machine, the home folder, this extension's version. */
  readonly reportContext: () => { readonly host: string; readonly home: string; readonly version: string };
}

/** Registers the commands the extension contributes (package.json `contributes.commands`). */
export function registerCommands(editor: CommandsEditor, targets: CommandTargets): vscode.Disposable[] {
  const { publisher, panel } = targets;
  const { commands } = editor;
  return [
    commands.registerCommand('toolPolicy.showPanel', () => panel.show()),
    commands.registerCommand('toolPolicy.rescan', () => publisher.rescan()),
    commands.registerCommand('toolPolicy.openPolicyFile', () => openPolicyFile(editor, targets)),
    commands.registerCommand('toolPolicy.validatePolicy', (target?: vscode.Uri) => validatePolicy(editor, targets, target)),
    commands.registerCommand('toolPolicy.exportReport', (target?: vscode.Uri) => exportReport(editor, targets, target)),
    commands.registerCommand('toolPolicy.migrate', () => targets.migration.planFromCommand()),
  ];
}

async function openPolicyFile({ window, l10n, Uri }: CommandsEditor, { store }: CommandTargets): Promise<void> {
  const existing = store.policy.sources.filter((source) => source.status !== 'missing');
  if (existing.length === 0) {
    const where = store.locations().map((l) => `${l.layer}: ${l.path}`).join('; ');
    void window.showInformationMessage(l10n.t('No policy file was found. Looked in: {0}', where));
    return;
  }
  let chosen = existing[0];
  if (existing.length > 1) {
    const pick = await window.showQuickPick(
      existing.map((source) => ({ label: path.basename(source.path), description: source.layer, detail: source.path, source })),
      { placeHolder: l10n.t('Which policy file?') },
    );
    chosen = pick?.source;
  }
  if (chosen) await window.showTextDocument(Uri.file(chosen.path), { preview: false });
}

/**
 * The text to check: a file given to the command is read from disk unless the person has
 * unsaved edits to it open (an open document's text can lag behind the file by a moment);
 * without one, the active policy editor's text.
 */
async function textToValidate({ workspace, window }: CommandsEditor, { files }: CommandTargets, target: vscode.Uri | undefined)
  : Promise<{ name: string; input: string | Uint8Array } | { name: string; problem: string } | undefined> {
  if (target) {
    const name = target.fsPath || target.toString();
    const open = workspace.textDocuments.find((document) => document.uri.toString() === target.toString());
    if (open?.isDirty || target.scheme !== 'file') return { name, input: (open ?? await workspace.openTextDocument(target)).getText() };
    const read = await files.read(target.fsPath);
    if (read.kind === 'missing') return { name, problem: 'no such file' };
    return read.kind === 'unreadable' ? { name, problem: read.message } : { name, input: read.bytes };
  }
  const editor = window.activeTextEditor;
  if (!editor || !['yaml', 'json', 'jsonc'].includes(editor.document.languageId)) return undefined;
  return { name: editor.document.uri.fsPath || editor.document.uri.toString(), input: editor.document.getText() };
}

async function validatePolicy(editor: CommandsEditor, targets: CommandTargets, target?: vscode.Uri): Promise<PolicyProblem[]> {
  const { window, l10n } = editor;
  const { store, output, files } = targets;
  const text = await textToValidate(editor, targets, target);
  let problems: PolicyProblem[];
  let checked: string[];
  if (text && 'problem' in text) {
    problems = [{ file: text.name, path: '', message: text.problem, line: 1, column: 1, endLine: 1, endColumn: 1 }];
    checked = [text.name];
  } else if (text) {
    const result = await files.parse(text.input, { layer: 'user', path: text.name });
    problems = result.ok ? [] : [...result.problems];
    // Warnings do not make a file invalid; they are listed with it.
    if (result.ok) for (const warning of result.warnings) output.appendLine(`  ${formatProblem(warning)}`);
    checked = [text.name];
  } else {
    const policy = await store.load();
    problems = [...policy.problems];
    checked = policy.sources.filter((s) => s.status !== 'missing').map((s) => s.path);
  }
  output.appendLine(`[${new Date().toISOString()}] ${l10n.t('Validated: {0}', checked.join(', ') || '—')}`);
  for (const problem of problems) output.appendLine(`  ${formatProblem(problem)}`);
  if (checked.length === 0) {
    void window.showWarningMessage(l10n.t('No policy file was found to validate.'));
  } else if (problems.length === 0) {
    void window.showInformationMessage(l10n.t('The policy is valid: {0}', checked.join(', ')));
  } else {
    output.show(true);
    const first = problems[0] as PolicyProblem;
    void window.showErrorMessage(l10n.t('{0} problem(s) in the policy. First: {1}', problems.length, formatProblem(first)));
  }
  return problems;
}

async function exportReport({ window, workspace, l10n, Uri, env }: CommandsEditor, { publisher, defaultFolder, reportContext }: CommandTargets, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const uri = target ?? await window.showSaveDialog({
    title: l10n.t('Export Compliance Report'),
    filters: { Markdown: ['md'], JSON: ['json'] },
    defaultUri: Uri.file(path.join(workspace.workspaceFolders?.[0]?.uri.fsPath ?? defaultFolder(), 'tool-policy-report.md')),
  });
  if (!uri) return undefined;
  // JSON is the scan report (schemas/scan-report.v1.json), the same as `tool-policy scan --format json`;
  // Markdown is the panel's readable form.
  // Written in slices: a report of tens of thousands of findings never stalls the editor.
  const snapshot = publisher.current;
  const text = uri.path.toLowerCase().endsWith('.json')
    ? `${await inSlices(prettyJsonSteps(buildEditorReport(snapshot, { generatedAt: new Date(), language: env.language, ...reportContext() }), 'findings'))}\n`
    : await inSlices(markdownReportSteps(await inSlices(snapshot.panelSteps()), new Date(), (message, ...args) => l10n.t(message, ...args)));
  await workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void window.showInformationMessage(l10n.t('Compliance report saved to {0}', uri.fsPath));
  return uri;
}
