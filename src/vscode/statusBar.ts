import * as vscode from 'vscode';
import type { StatusView } from '../core/present/statusView';

/** The single status-bar item `toolPolicy.status`. */
export class PolicyStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('toolPolicy.status', vscode.StatusBarAlignment.Left, 1000);
    this.item.name = vscode.l10n.t('Tool Policy');
    this.item.command = 'toolPolicy.showPanel';
  }

  show(view: StatusView): void {
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    this.item.backgroundColor = view.background === undefined ? undefined : new vscode.ThemeColor(`statusBarItem.${view.background}Background`);
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
