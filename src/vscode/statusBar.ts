import type * as vscode from 'vscode';
import type { StatusView } from '../core/present/statusView';
import type { Snapshots } from './snapshotPublisher';

/** What the status bar item needs from the editor. */
export interface StatusBarEditor {
  readonly window: Pick<typeof vscode.window, 'createStatusBarItem'>;
  readonly l10n: Pick<typeof vscode.l10n, 't'>;
  readonly StatusBarAlignment: Pick<typeof vscode.StatusBarAlignment, 'Left'>;
  readonly MarkdownString: typeof vscode.MarkdownString;
  readonly ThemeColor: typeof vscode.ThemeColor;
}

/** The single status-bar item `toolPolicy.status`, showing each published snapshot. */
export class PolicyStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(snapshots: Pick<Snapshots, 'onDidPublish'>, private readonly editor: StatusBarEditor) {
    this.item = editor.window.createStatusBarItem('toolPolicy.status', editor.StatusBarAlignment.Left, 1000);
    this.item.name = editor.l10n.t('Tool Policy');
    this.item.command = 'toolPolicy.showPanel';
    this.subscription = snapshots.onDidPublish((snapshot) => this.show(snapshot.status));
  }

  private show(view: StatusView): void {
    const { MarkdownString, ThemeColor } = this.editor;
    this.item.text = view.text;
    const tooltip = new MarkdownString(view.tooltip, false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    this.item.backgroundColor = view.background === undefined ? undefined : new ThemeColor(`statusBarItem.${view.background}Background`);
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
