import type * as vscode from 'vscode';

/**
 * The extension's output channel, created by the first write or `show`, or by `open()`
 * (called on the turn after activation), whichever comes first: the editor lists the
 * channel from then on, as if `activate()` had created it, without the cost on its path.
 * Once disposed, nothing creates it again.
 */
export class LazyOutputChannel implements Pick<vscode.OutputChannel, 'appendLine' | 'show'>, vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  private disposed = false;

  constructor(private readonly create: () => vscode.OutputChannel) {}

  /** The channel, created now if it is not yet; undefined once disposed. */
  open(): vscode.OutputChannel | undefined {
    if (this.disposed) return undefined;
    this.channel ??= this.create();
    return this.channel;
  }

  appendLine(line: string): void {
    this.open()?.appendLine(line);
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    const channel = this.open();
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) channel?.show(columnOrPreserveFocus);
    else channel?.show(columnOrPreserveFocus, preserveFocus);
  }

  dispose(): void {
    this.disposed = true;
    this.channel?.dispose();
  }
}
