/**
 * How much work reading command lines may take. Every character parsed and every word
 * read spends one unit, every syntax node walked a few (shellBash.ts); time spent inside the shell parser
 * counts against a limit of its own, because some inputs make the grammar's error
 * recovery hundreds of times slower per character than a valid line (`)` after `)`
 * after `)`…) and only the clock sees that. A config file's commands share one budget,
 * so a file of hostile command lines (a `$(…)` nested 40,000 deep, megabytes of
 * arguments) is read up to a bounded cost and what is left is reported as not fully
 * read, never dropped and never hung on.
 */
export class ReadBudget {
  private left: number;
  private parsedMs = 0;
  private spentOn: 'units' | 'parsing' | undefined;

  /** `units`: for characters, nodes and words; `parseMs`: time inside the parser. */
  constructor(readonly units = Number.POSITIVE_INFINITY, readonly parseMs = Number.POSITIVE_INFINITY) {
    this.left = units;
  }

  /** Spends `units`; false, and nothing left from then on, when there were not that many. */
  spend(units: number): boolean {
    if (this.spentOn) return false;
    if (units > this.left) {
      this.spentOn = 'units';
      return false;
    }
    this.left -= units;
    return true;
  }

  /** Whether a parse running for `ms` so far would pass the parse-time limit. */
  parseTimeUp(ms: number): boolean {
    return this.parsedMs + ms > this.parseMs;
  }

  /** Counts a parse's time; false, and nothing left from then on, past the limit. */
  spendParseTime(ms: number): boolean {
    this.parsedMs += ms;
    if (this.parsedMs <= this.parseMs) return !this.spentOn;
    this.spentOn ??= 'parsing';
    return false;
  }

  get exhausted(): boolean {
    return this.spentOn !== undefined;
  }

  /** Why reading stopped, once it has. */
  get reason(): string {
    return this.spentOn === 'parsing'
      ? `parsing its file's commands took longer than the limit (${this.parseMs} ms)`
      : `its file's commands need more reading than the limit (${this.units.toLocaleString('en-US')} units of characters, syntax nodes and words)`;
  }
}

/**
 * Thrown by a reading step that finds the budget spent; the reader catches it and
 * reports the command as not fully read.
 */
export class BudgetSpent extends Error {
  constructor() {
    super('reading budget spent');
  }
}
