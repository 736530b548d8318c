/**
 * A log for a failure that repeats on a timer (a process scan every few seconds): each
 * distinct message reaches the log once, so the person sees what went wrong without the
 * same line on every scan. Past `limit` distinct messages (an error that quotes changing
 * output), one line says that further ones are not shown.
 */
export class DistinctLog {
  private readonly seen = new Set<string>();
  private full = false;

  constructor(private readonly log: (message: string) => void, private readonly limit = 10) {}

  /** Logs `message` unless it was logged before. Returns whether it was logged. */
  report(message: string): boolean {
    if (this.seen.has(message) || this.full) return false;
    if (this.seen.size >= this.limit) {
      this.full = true;
      this.log(`(${this.limit} different errors of this kind were shown; further ones are not)`);
      return false;
    }
    this.seen.add(message);
    this.log(message);
    return true;
  }
}
