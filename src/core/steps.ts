/**
 * Work that may pause between pieces. The editor runs it in slices, giving its thread back
 * between them (src/vscode/slices.ts), so that a policy of tens of thousands of rules never
 * stalls the extension host (SPEC §1); the command line runs it to the end at once. Either
 * way it is the same code and gives the same answer.
 *
 * A step function yields after a piece of bounded work; a `Pace` says when a loop over many
 * small items has done one. Nothing yields before a loop has handled ITEMS_PER_PIECE items,
 * so work on an ordinary policy is one piece: it ends at once, on any machine.
 */
export type Steps<T> = Generator<undefined, T, undefined>;

/** Items a loop handles between two pauses: small enough that a piece takes well under a millisecond or two. */
export const ITEMS_PER_PIECE = 256;

/** True while `runToEnd` runs work: what only pays off in slices can be left out. */
let atOnce = false;

/** Runs `steps` to the end without pausing. */
export function runToEnd<T>(steps: Steps<T>): T {
  const outer = atOnce;
  atOnce = true;
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  } finally {
    atOnce = outer;
  }
}

/**
 * Work done since the last pause, in items: `if (pace.due()) yield;` in a loop over small
 * items, `pace.due(n)` after an item worth n.
 */
export class Pace {
  private done = 0;

  due(items = 1): boolean {
    this.done += items;
    if (this.done < ITEMS_PER_PIECE) return false;
    this.done = 0;
    return true;
  }
}

/** Items sorted in one piece by the built-in sort before runs are merged a piece at a time. */
const SORTED_RUN = 4096;

/**
 * `items` sorted in place by `compare`, in pieces: runs sorted by the built-in (stable) sort,
 * then merged pass by pass. The order is the built-in sort's own: equal items keep theirs.
 * `runLength` is for tests, which sort short lists through the merge passes too.
 */
export function* sortInPieces<T>(items: T[], compare: (a: T, b: T) => number, runLength = SORTED_RUN): Steps<T[]> {
  // Run at once (the command line), the built-in sort does it in one go, with fewer comparisons and the same order.
  if (atOnce || items.length <= runLength) return items.sort(compare);
  for (let start = 0; start < items.length; start += runLength) {
    const run = items.slice(start, start + runLength).sort(compare);
    for (let i = 0; i < run.length; i++) items[start + i] = run[i] as T;
    yield;
  }
  const pace = new Pace();
  let from = items;
  let to: T[] = new Array<T>(items.length);
  for (let width = runLength; width < items.length; width *= 2) {
    for (let start = 0; start < items.length; start += 2 * width) {
      const middle = Math.min(start + width, items.length);
      const end = Math.min(start + 2 * width, items.length);
      let left = start;
      let right = middle;
      for (let out = start; out < end; out++) {
        if (pace.due()) yield;
        // Taking from the left unless the right is strictly smaller keeps equal items in order.
        if (right < end && (left >= middle || compare(from[right] as T, from[left] as T) < 0)) to[out] = from[right++] as T;
        else to[out] = from[left++] as T;
      }
    }
    [from, to] = [to, from];
  }
  if (from !== items) for (let i = 0; i < items.length; i++) items[i] = from[i] as T;
  return items;
}
