import type * as vscode from 'vscode';

/** Why work scheduled after activation did not run: the extension was deactivated first. */
class DeactivatedBeforeStart extends Error {
  constructor() {
    super('The extension was deactivated before its start-up work ran.');
    this.name = 'DeactivatedBeforeStart';
  }
}

/** Calls `run` once the current turn of the event loop (and with it `activate()`) has ended. */
export type Schedule = (run: () => void) => void;

const nextTurn: Schedule = (run) => void setImmediate(run);

/**
 * The work that must not sit on `activate()`'s path (reading files, starting watchers,
 * scanning, the first snapshot): each piece runs on the event loop's next turn, after the
 * editor has finished activating the extension, in the order it was asked for. Disposed
 * before then (the extension deactivated at once), none of it runs and each piece's promise
 * rejects with `DeactivatedBeforeStart`; a part the work creates is disposed with this, or
 * at once if this is already disposed, so nothing outlives the extension.
 */
export class AfterActivation implements vscode.Disposable {
  private ended = false;
  private readonly turn: Promise<void>;
  private readonly parts: vscode.Disposable[] = [];

  constructor(schedule: Schedule = nextTurn) {
    this.turn = new Promise((resolve) => schedule(resolve));
  }

  /** True once disposed: work still in flight checks it before each further step. */
  get disposed(): boolean {
    return this.ended;
  }

  /** Runs `work` on the next turn, unless this is disposed by then. */
  run<T>(work: () => T | PromiseLike<T>): Promise<T> {
    return this.turn.then(() => {
      if (this.ended) throw new DeactivatedBeforeStart();
      return work();
    });
  }

  /** Disposes `part` with this one (at once if this is already disposed). */
  track<T extends vscode.Disposable>(part: T): T {
    if (this.ended) part.dispose();
    else this.parts.push(part);
    return part;
  }

  dispose(): void {
    this.ended = true;
    for (const part of this.parts.splice(0)) part.dispose();
  }
}
