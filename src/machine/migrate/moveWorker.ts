/**
 * Planning and applying a move off the calling thread, for the editor: reading a setup
 * walks many files and then parses and rewrites them (front matter, JSON with comments,
 * byte-for-byte checks of files up to 32 MiB), which on the extension host's thread could
 * stall the editor for longer than the 50 ms it may. Each request starts a thread of its
 * own (moves are rare) which ends with its answer; the command line calls migration.ts
 * directly.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MigrationPlan, MigrationSource, MigrationTarget } from '../../core/migrate/types';
import type { applyMove } from './migration';
import type { SetupLocations } from './readSetup';

/** A thread that has not answered by then is stopped: the guard against one that never ends. */
const MOVE_DEADLINE_MS = 120_000;

export type MovePair = { readonly from: MigrationSource; readonly to: MigrationTarget };

export type MoveRequest =
  | { readonly kind: 'plan'; readonly locations: SetupLocations; readonly pairs: readonly MovePair[] }
  | { readonly kind: 'apply'; readonly plan: MigrationPlan };

export type MoveAnswer =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

export type Applied = Awaited<ReturnType<typeof applyMove>>;

export interface MoveWorkerOptions {
  /** The bundled thread script; defaults to moveWorker.js next to this bundle. */
  readonly workerFile?: string;
  readonly deadlineMs?: number;
}

/** The engine's two steps, each on a thread of its own. */
export class MoveOffThread {
  private readonly workerFile: string;
  private readonly deadlineMs: number;

  constructor(options: MoveWorkerOptions = {}) {
    this.workerFile = options.workerFile ?? path.join(__dirname, 'moveWorker.js');
    this.deadlineMs = options.deadlineMs ?? MOVE_DEADLINE_MS;
  }

  async plan(locations: SetupLocations, pairs: readonly MovePair[]): Promise<MigrationPlan[]> {
    return (await this.run({ kind: 'plan', locations, pairs })) as MigrationPlan[];
  }

  async apply(plan: MigrationPlan): Promise<Applied> {
    return (await this.run({ kind: 'apply', plan })) as Applied;
  }

  private run(request: MoveRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const worker = new Worker(this.workerFile, { workerData: { role: 'move', request } });
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        outcome();
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`the move took longer than ${this.deadlineMs / 1000} s and was stopped`))), this.deadlineMs);
      worker.on('message', (answer: MoveAnswer) => finish(() => (answer.ok ? resolve(answer.value) : reject(new Error(answer.error)))));
      worker.on('error', (error) => finish(() => reject(error)));
      worker.on('exit', () => finish(() => reject(new Error('the move stopped unexpectedly'))));
    });
  }
}
