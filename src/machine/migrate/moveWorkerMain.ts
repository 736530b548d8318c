/**
 * The thread that plans or applies one move for the editor (bundled on its own as
 * dist/moveWorker.js; see moveWorker.ts). It runs the engine the command line runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { applyMove, planMove } from './migration';
import type { MoveAnswer, MoveRequest } from './moveWorker';

const data = workerData as { role?: string; request?: MoveRequest } | null;

async function answer(request: MoveRequest): Promise<MoveAnswer> {
  try {
    const value = request.kind === 'plan' ? await planMove(request.locations, request.pairs) : await applyMove(request.plan);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

// Only the move's own thread answers: loaded anywhere else, this module does nothing.
if (data?.role === 'move' && data.request) void answer(data.request).then((result) => parentPort?.postMessage(result));
