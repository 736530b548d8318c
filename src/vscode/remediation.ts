import * as vscode from 'vscode';

/** Uninstalls an extension after the person confirms, in a modal dialog. */
export async function uninstallWithConfirmation(extensionId: string, toolName: string): Promise<boolean> {
  const confirm = vscode.l10n.t('Uninstall');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Uninstall {0} ({1})?', toolName, extensionId),
    { modal: true, detail: vscode.l10n.t('The extension is removed from this editor. Your files and settings are not touched.') },
    confirm,
  );
  if (choice !== confirm) return false;
  await vscode.commands.executeCommand('workbench.extensions.uninstallExtension', extensionId);
  return true;
}

/** Brings the terminal with this name to the front; false when it has been closed. */
export function focusTerminal(name: string): boolean {
  const terminal = vscode.window.terminals.find((candidate) => candidate.name === name);
  terminal?.show(false);
  return terminal !== undefined;
}
