import type { SliceClock } from '../../../src/vscode/slices';

/**
 * A clock whose every reading is `tick` ms after the last, and whose `later` queues the
 * continuation until the test runs it: slices are counted, never timed.
 */
export function manualSliceClock(tick: number): SliceClock & { readonly queued: (() => void)[]; runQueued(): number } {
  let time = 0;
  const queued: (() => void)[] = [];
  return {
    queued,
    now: () => (time += tick),
    later: (next) => void queued.push(next),
    runQueued() {
      let ran = 0;
      for (let next = queued.shift(); next; next = queued.shift()) {
        next();
        ran++;
      }
      return ran;
    },
  };
}
