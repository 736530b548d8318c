/**
 * How many files and folders the readers hold open at once. A home may hold thousands of
 * extension folders, and reading them all at once would run the process out of file
 * descriptors (EMFILE): then a real extension's manifest, a PATH folder or an index would
 * fail to open and the scan would miss it. So every open goes through here: at most
 * `ceiling` at a time, and one that still meets EMFILE or ENFILE (the limit is lower than
 * thought, or something else holds descriptors) waits for another to close and tries again
 * with one fewer allowed, rather than being skipped.
 */

/** Opens in flight at most; the OS limit is rarely below 256, and 64 reads no slower. */
const CEILING = 64;
/** With nothing of ours to wait for, wait this long (doubling) before trying again. */
const FIRST_BACKOFF_MS = 5;
/** Tries with nothing of ours open before the error is the answer (about 2.5 s in all). */
const MAX_IDLE_RETRIES = 9;
/** Tries in all: each one after the first follows another open closing, so the scan progresses. */
const MAX_RETRIES = 10_000;

const isOutOfDescriptors = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
};

/**
 * @internal production shares one instance; tests build their own with small limits.
 */
export class OpenFiles {
  private limit: number;
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly ceiling = CEILING, private readonly wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))) {
    this.limit = ceiling;
  }

  /** Runs `action` (which opens one file or folder and closes it before it settles) within the limit. */
  async run<T>(action: () => Promise<T>): Promise<T> {
    let idle = 0;
    for (let attempt = 0; ; attempt++) {
      await this.acquire(attempt > 0);
      let othersOpen = 0;
      try {
        const result = await action();
        // Room seems to be back: allow one more, up to the ceiling.
        if (this.limit < this.ceiling) this.limit++;
        return result;
      } catch (error) {
        if (!isOutOfDescriptors(error) || attempt >= MAX_RETRIES) throw error;
        othersOpen = this.active - 1;
        // Fewer at a time from now on: what is open now is what the process can afford.
        this.limit = Math.max(1, othersOpen);
        if (othersOpen === 0 && ++idle > MAX_IDLE_RETRIES) throw error;
      } finally {
        this.release();
      }
      // Nothing of ours will close to make room: descriptors held elsewhere may be freed soon.
      if (othersOpen === 0) await this.wait(FIRST_BACKOFF_MS * 2 ** (idle - 1));
    }
  }

  private acquire(retry: boolean): Promise<void> {
    if (this.active < this.limit && (this.queue.length === 0 || retry)) {
      this.active++;
      return Promise.resolve();
    }
    // A retry goes first: it has waited longest.
    return new Promise((resolve) => {
      const go = () => {
        this.active++;
        resolve();
      };
      if (retry) this.queue.unshift(go);
      else this.queue.push(go);
    });
  }

  private release(): void {
    this.active--;
    while (this.active < this.limit && this.queue.length > 0) this.queue.shift()?.();
  }
}

/** The one budget every reader of src/machine shares. */
export const openFiles = new OpenFiles();
