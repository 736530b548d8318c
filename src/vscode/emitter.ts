import type * as vscode from 'vscode';

/**
 * `vscode.EventEmitter`'s contract without the editor, so that the editor classes also run
 * in plain Node (their unit tests). As in the editor, one listener that throws does not keep
 * the others from hearing the event: its error is handed to `onListenerError`.
 */
export class Emitter<T> implements vscode.Disposable {
  private listeners: Array<{ readonly call: (value: T) => unknown }> | undefined = [];

  constructor(private readonly onListenerError: (error: unknown) => void = (error) => console.error(error)) {}

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const entry = { call: (value: T) => listener.call(thisArgs, value) };
    this.listeners?.push(entry);
    const subscription = {
      dispose: () => {
        if (this.listeners) this.listeners = this.listeners.filter((candidate) => candidate !== entry);
      },
    };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of this.listeners ?? []) {
      try {
        listener.call(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners = undefined;
  }
}
