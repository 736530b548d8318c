import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PanelModel } from '../core/present/panelModel';
import type { Snapshots } from './snapshotPublisher';

export const PANEL_VIEW_TYPE = 'toolPolicy.panel';

/** Messages the webview may send; anything else is ignored. */
type FromWebview =
  | { type: 'ready' }
  | { type: 'openExternal'; url: string }
  | { type: 'copy'; text: string }
  | { type: 'uninstall'; extensionId: string }
  | { type: 'focusTerminal'; name: string }
  | { type: 'installAlternative'; extensionId: string };

/** What the panel's remediation buttons do; provided by the extension's composition. */
export interface PanelActions {
  uninstall(extensionId: string, toolName: string): Promise<unknown>;
  focusTerminal(name: string): unknown;
}

function urlsIn(model: PanelModel): Set<string> {
  const urls = new Set<string>();
  if (model.policyUrl) urls.add(model.policyUrl);
  if (model.contact && /^https?:/i.test(model.contact)) urls.add(model.contact);
  for (const card of model.cards) {
    if (card.alternative?.url) urls.add(card.alternative.url);
    for (const link of card.links) urls.add(link.url);
    if (card.exceptionRequestUrl) urls.add(card.exceptionRequestUrl);
  }
  return urls;
}

/**
 * The policy panel: one instance, updated live with typed messages, revived after a
 * window reload by the serializer. It renders only what `PanelModel` holds, as text.
 */
export class PolicyPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private model: PanelModel | undefined;
  private readonly mediaRoot: vscode.Uri;
  private readonly subscription: vscode.Disposable;

  constructor(extensionUri: vscode.Uri, private readonly actions: PanelActions, private readonly snapshots: Snapshots) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    this.subscription = snapshots.onDidPublish((snapshot) => { if (this.panel) this.update(snapshot.panel); });
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The model most recently sent to the webview, for tests and export. */
  get currentModel(): PanelModel | undefined {
    return this.model;
  }

  /** Opens the panel (or brings it forward) with the latest snapshot. */
  show(): void {
    this.model = this.snapshots.current.panel;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Active);
      this.post();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('Tool Policy'), vscode.ViewColumn.Active, this.options());
    this.attach(panel);
  }

  /** Serializer entry point: takes over a panel VS Code restored after a reload. */
  revive(panel: vscode.WebviewPanel): void {
    this.model = this.snapshots.current.panel;
    panel.webview.options = this.options();
    this.panel?.dispose();
    this.attach(panel);
  }

  private update(model: PanelModel): void {
    this.model = model;
    this.post();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [this.mediaRoot], retainContextWhenHidden: false, enableFindWidget: true };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot, 'shield.svg');
    panel.webview.html = this.html(panel.webview);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: FromWebview) => this.receive(message)),
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

  private receive(message: FromWebview): void {
    if (!message || typeof message !== 'object' || !this.model) return;
    switch (message.type) {
      case 'ready':
        this.post();
        break;
      case 'openExternal':
        // Only links the policy itself contains may be opened.
        if (typeof message.url === 'string' && urlsIn(this.model).has(message.url)) {
          void vscode.env.openExternal(vscode.Uri.parse(message.url, true));
        }
        break;
      case 'uninstall': {
        // Only an extension the panel itself lists may be uninstalled from it.
        const card = this.model.cards.find((c) => c.evidence.some((e) => e.extensionId !== undefined && e.extensionId === message.extensionId));
        if (card) void this.actions.uninstall(message.extensionId, card.toolName);
        break;
      }
      case 'focusTerminal':
        if (this.model.cards.some((c) => c.evidence.some((e) => e.terminalName !== undefined && e.terminalName === message.name))) this.actions.focusTerminal(message.name);
        break;
      case 'installAlternative':
        if (this.model.cards.some((c) => c.alternative?.extensions.includes(message.extensionId))) {
          void vscode.commands.executeCommand('workbench.extensions.installExtension', message.extensionId).then(undefined, (error: unknown) =>
            vscode.window.showErrorMessage(vscode.l10n.t('Could not install {0}: {1}', message.extensionId, String(error))));
        }
        break;
      case 'copy':
        if (typeof message.text === 'string' && this.model.cards.some((card) => card.alternative?.commands.includes(message.text))) {
          void vscode.env.clipboard.writeText(message.text).then(() =>
            vscode.window.setStatusBarMessage(vscode.l10n.t('Copied “{0}”', message.text), 3000));
        }
        break;
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, name)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('panel.css')}">
<title>Tool Policy</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${asset('panel.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
