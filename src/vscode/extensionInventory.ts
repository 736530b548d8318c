import * as vscode from 'vscode';
import type { InstalledExtension } from '../core/detect/extensions';

const OWN_ID = 'tool-policy.tool-policy-notices';

/** The editor's installed, enabled extensions, kept current through `extensions.onDidChange`. */
export class ExtensionInventory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.extensions.onDidChange(() => this.changed.fire());

  list(): InstalledExtension[] {
    return vscode.extensions.all
      .filter((extension) => extension.id.toLowerCase() !== OWN_ID)
      .map((extension) => {
        const json = extension.packageJSON as { version?: unknown; displayName?: unknown };
        return {
          id: extension.id,
          version: typeof json.version === 'string' ? json.version : '',
          ...(typeof json.displayName === 'string' ? { displayName: json.displayName } : {}),
          enabled: true,
        };
      });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
