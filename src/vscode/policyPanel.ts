import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { MigrationView } from '../core/present/migrationView';
import { decidePanelMessage, type PanelDecision } from '../core/present/panelMessages';
import type { PanelModel } from '../core/present/panelModel';
import type { Snapshot } from '../core/snapshot';
import { runInSlices, type SliceClock } from './slices';
import type { Snapshots } from './snapshotPublisher';

export const PANEL_VIEW_TYPE = 'toolPolicy.panel';

/** What the panel's remediation buttons do; provided by the extension's composition. */
export interface PanelActions {
  uninstall(extensionId: string, toolName: string): Promise<unknown>;
  focusTerminal(name: string): unknown;
  /** Opens a checked https: link; the editor's own opener when not given. */
  openExternal?(url: string): unknown;
  /** "Move my setup to …" (src/vscode/migrationFlow.ts): plan, apply after a confirmation, close. */
  planMigration?(ruleId: string): unknown;
  applyMigration?(planId: string): unknown;
  closeMigration?(planId: string): unknown;
  /** Records that the person read the rule `ruleId` (its card's button). */
  acknowledge?(ruleId: string): Promise<unknown>;
}

/** What the panel needs from the editor. */
export interface PanelEditor {
  readonly window: Pick<typeof vscode.window, 'createWebviewPanel' | 'showErrorMessage' | 'setStatusBarMessage'>;
  readonly env: Pick<typeof vscode.env, 'openExternal' | 'clipboard' | 'language'>;
  readonly commands: Pick<typeof vscode.commands, 'executeCommand'>;
  readonly l10n: Pick<typeof vscode.l10n, 't'>;
  readonly Uri: Pick<typeof vscode.Uri, 'joinPath' | 'parse'>;
  readonly ViewColumn: Pick<typeof vscode.ViewColumn, 'Active'>;
}

/**
 * The policy panel: one instance, updated live with typed messages, revived after a
 * window reload by the serializer. It renders only what `PanelModel` holds, as text.
 */
export class PolicyPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private model: PanelModel | undefined;
  /** The move on show, kept apart from the model: snapshots come and go under it. */
  private migration: MigrationView | undefined;
  private readonly mediaRoot: vscode.Uri;
  private readonly subscription: vscode.Disposable;
  /** The snapshot whose model is (or is about to be) shown: a model built for an older one is dropped. */
  private modelGeneration = -1;

  constructor(
    extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
    private readonly snapshots: Snapshots,
    private readonly editor: PanelEditor,
    /** Where the model's slices are timed and continued (the host's clock and `setImmediate`); tests pass their own. */
    private readonly sliceClock?: SliceClock,
  ) {
    this.mediaRoot = editor.Uri.joinPath(extensionUri, 'media');
    this.subscription = snapshots.onDidPublish((snapshot) => { if (this.panel) this.showModelOf(snapshot); });
  }

  /** Opens the panel (or brings it forward) with the latest snapshot. */
  show(): void {
    this.showModelOf(this.snapshots.current);
    if (this.panel) {
      this.panel.reveal(this.editor.ViewColumn.Active);
      return;
    }
    const { window, l10n, ViewColumn } = this.editor;
    const panel = window.createWebviewPanel(PANEL_VIEW_TYPE, l10n.t('Tool Policy'), ViewColumn.Active, this.options());
    this.attach(panel);
  }

  /** Serializer entry point: takes over a panel VS Code restored after a reload. */
  revive(panel: vscode.WebviewPanel): void {
    this.showModelOf(this.snapshots.current);
    panel.webview.options = this.options();
    this.panel?.dispose();
    this.attach(panel);
  }

  /**
   * Builds the snapshot's model in slices (tens of thousands of cards never stall the
   * editor) and shows it, unless a newer snapshot came meanwhile. A model of ordinary size
   * is one piece, shown before this returns; of a large one, one piece runs now (this is
   * called at the end of the publication's turn) and the rest on turns of their own.
   */
  private showModelOf(snapshot: Snapshot): void {
    if (snapshot.generation < this.modelGeneration) return;
    this.modelGeneration = snapshot.generation;
    runInSlices(snapshot.shownPanelSteps(), (model) => {
      if (snapshot.generation !== this.modelGeneration) return;
      // What the webview shows is what its messages are checked against.
      this.model = model;
      this.post();
    }, (error) => console.error('Tool Policy: the panel could not be built', error), this.sliceClock, 0);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.mediaRoot], retainContextWhenHidden: false, enableFindWidget: true };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = this.editor.Uri.joinPath(this.mediaRoot, 'shield.svg');
    panel.webview.html = this.html(panel.webview);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidChangeViewState(() => { if (panel.visible) this.post(); }),
    ];
    panel.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private post(): void {
    if (this.panel && this.model) void this.panel.webview.postMessage({ type: 'model', model: this.model });
  }

  /** Shows a move's plan (or its outcome) in the panel; undefined takes it away. */
  showMigration(view: MigrationView | undefined): void {
    this.migration = view;
    this.postMigration();
  }

  private postMigration(): void {
    if (this.panel) void this.panel.webview.postMessage({ type: 'migration', view: this.migration ?? null });
  }

  /**
   * Parses a message from the webview and starts what it asks if the shown model offers
   * it; returns the decision without waiting for dialogs the action may open.
   */
  receive(raw: unknown): PanelDecision {
    const decision = decidePanelMessage(raw, this.model, this.migration);
    if (!decision.accepted) return decision;
    const message = decision.message;
    const { env, commands, window, l10n, Uri } = this.editor;
    switch (message.type) {
      case 'ready':
        this.post();
        this.postMigration();
        break;
      case 'openExternal':
        if (this.actions.openExternal) void this.actions.openExternal(message.url);
        else void env.openExternal(Uri.parse(message.url, true));
        break;
      case 'uninstall':
        void this.actions.uninstall(message.extensionId, decision.toolName ?? message.extensionId);
        break;
      case 'focusTerminal':
        this.actions.focusTerminal(message.name);
        break;
      case 'installAlternative':
        void commands.executeCommand('workbench.extensions.installExtension', message.extensionId).then(undefined, (error: unknown) =>
          window.showErrorMessage(l10n.t('Could not install {0}: {1}', message.extensionId, String(error))));
        break;
      case 'acknowledge':
        void this.actions.acknowledge?.(message.ruleId).then(undefined, (error: unknown) =>
          window.showErrorMessage(l10n.t('Could not record the acknowledgement: {0}', String(error))));
        break;
      case 'copy':
        void env.clipboard.writeText(message.text).then(() =>
          window.setStatusBarMessage(l10n.t('Copied “{0}”', message.text), 3000));
        break;
      case 'planMigration':
        void this.actions.planMigration?.(message.ruleId);
        break;
      case 'applyMigration':
        void this.actions.applyMigration?.(message.planId);
        break;
      case 'closeMigration':
        void this.actions.closeMigration?.(message.planId);
        break;
    }
    return decision;
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (name: string) => webview.asWebviewUri(this.editor.Uri.joinPath(this.mediaRoot, name)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${this.editor.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('panel.css')}">
<title>Tool Policy</title>
</head>
<body>
<p id="status" class="visually-hidden" role="status" aria-live="polite"></p>
<p id="alerts" class="visually-hidden" role="alert"></p>
<main id="root"></main>
<script nonce="${nonce}" src="${asset('panel.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
