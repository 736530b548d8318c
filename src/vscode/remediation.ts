import type * as vscode from 'vscode';

/** What the remediation actions need from the editor. */
export interface RemediationEditor {
  readonly window: Pick<typeof vscode.window, 'showWarningMessage' | 'terminals'>;
  readonly commands: Pick<typeof vscode.commands, 'executeCommand'>;
  readonly l10n: Pick<typeof vscode.l10n, 't'>;
}

/** Uninstalls an extension after the person confirms, in a modal dialog. */
export async function uninstallWithConfirmation(editor: RemediationEditor, extensionId: string, toolName: string): Promise<boolean> {
  const { l10n } = editor;
  const confirm = l10n.t('Uninstall');
  const choice = await editor.window.showWarningMessage(
    l10n.t('Uninstall {0} ({1})?', toolName, extensionId),
    { modal: true, detail: l10n.t('The extension is removed from this editor. Your files and settings are not touched.') },
    confirm,
  );
  if (choice !== confirm) return false;
  await editor.commands.executeCommand('workbench.extensions.uninstallExtension', extensionId);
  return true;
}

/** Brings the terminal with this name to the front; false when it has been closed. */
export function focusTerminal(editor: RemediationEditor, name: string): boolean {
  const terminal = editor.window.terminals.find((candidate) => candidate.name === name);
  terminal?.show(false);
  return terminal !== undefined;
}
