import type { Steps } from '../core/steps';

/**
 * How long one slice may hold the extension host's thread. SPEC §1 allows no stall over
 * 50 ms; a slice stops at the first pause after this, and a piece (src/core/steps.ts) is
 * far shorter. Short, because what a thread does in one turn adds up: the event that asked
 * for the work, the first slice, the next one (`setImmediate` runs it in the same turn when
 * the first ran outside that phase) and the garbage collector's pauses.
 * @internal a bound the slice tests count with.
 */
export const SLICE_MS = 5;

export interface SliceClock {
  now(): number;
  /** Runs `next` after the work already waiting (the editor's events, other extensions). */
  later(next: () => void): void;
}

/**
 * A queue of continuations that runs one per turn of the event loop, first come first
 * served: `schedule` is `setImmediate` in the host. Each sliced work queuing its own
 * `setImmediate` would have all of them run in the same turn (Node runs every immediate
 * queued before that phase), a slice each, back to back.
 * @internal the slice tests drive it with their own `schedule`.
 */
export function oneEachTurn(schedule: (run: () => void) => void): (next: () => void) => void {
  const waiting: (() => void)[] = [];
  let armed = false;
  const arm = (): void => {
    if (armed) return;
    armed = true;
    schedule(runOne);
  };
  function runOne(): void {
    armed = false;
    const next = waiting.shift();
    // Armed before it runs: a continuation that throws does not stop the others.
    if (waiting.length > 0) arm();
    next?.();
  }
  return (next) => {
    waiting.push(next);
    arm();
  };
}

const HOST_CLOCK: SliceClock = { now: () => performance.now(), later: oneEachTurn((run) => void setImmediate(run)) };

/**
 * Runs `steps` for one slice now and, when they are not done, slice after slice after the
 * work waiting in between. Work that fits in one slice ends in this call, so a policy of
 * ordinary size is decided at once, as if it were not sliced at all. `firstSliceMs` is for
 * callers already late in a long turn (a view updating on a publication): 0 runs one piece
 * now, which is all of the work on an ordinary policy.
 */
export function runInSlices<T>(
  steps: Steps<T>,
  done: (value: T) => void,
  failed: (error: unknown) => void,
  clock: SliceClock = HOST_CLOCK,
  firstSliceMs = SLICE_MS,
): { stop(): void } {
  let stopped = false;
  let sliceMs = firstSliceMs;
  const slice = (): void => {
    if (stopped) return;
    const start = clock.now();
    let next: IteratorResult<undefined, T>;
    try {
      do next = steps.next();
      while (!next.done && clock.now() - start < sliceMs);
      sliceMs = SLICE_MS;
    } catch (error) {
      failed(error);
      return;
    }
    // Outside the try: what `done` does (publishing to views) is not a failure of the work.
    if (next.done) done(next.value);
    else clock.later(slice);
  };
  slice();
  // Stopped work runs no further piece and is neither done nor failed.
  return { stop: () => { stopped = true; } };
}

/**
 * The same as a promise, for callers that wait anyway: the first slice too runs after the
 * work already waiting, not on the end of the turn that asked (which may have been long).
 */
export function inSlices<T>(steps: Steps<T>, clock: SliceClock = HOST_CLOCK): Promise<T> {
  return new Promise((resolve, reject) => clock.later(() => void runInSlices(steps, resolve, reject, clock)));
}
