import * as vscode from 'vscode';
import type { StatusView } from '../core/present/statusView';
import type { Snapshots } from './snapshotPublisher';

/** The single status-bar item `toolPolicy.status`, showing each published snapshot. */
export class PolicyStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(snapshots: Snapshots) {
    this.item = vscode.window.createStatusBarItem('toolPolicy.status', vscode.StatusBarAlignment.Left, 1000);
    this.item.name = vscode.l10n.t('Tool Policy');
    this.item.command = 'toolPolicy.showPanel';
    this.subscription = snapshots.onDidPublish((snapshot) => this.show(snapshot.status));
  }

  private show(view: StatusView): void {
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
    this.subscription.dispose();
    this.item.dispose();
  }
}
