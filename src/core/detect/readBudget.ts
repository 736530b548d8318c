/**
 * How much work reading command lines may take: every character parsed, every syntax
 * node walked and every word read spends one unit. A config file's commands share one
 * budget, so a file of hostile command lines (a `$(…)` nested 40,000 deep, megabytes of
 * arguments) is read up to a bounded cost and what is left is reported as not fully
 * read, never dropped and never hung on. A line typed in a terminal has no budget (its
 * reading pauses between slices instead).
 */
export class ReadBudget {
  private left: number;

  constructor(readonly units = Number.POSITIVE_INFINITY) {
    this.left = units;
  }

  /** Spends `units`; false, and nothing left from then on, when there were not that many. */
  spend(units: number): boolean {
    if (units > this.left) {
      this.left = -1;
      return false;
    }
    this.left -= units;
    return true;
  }

  get exhausted(): boolean {
    return this.left < 0;
  }

  /** Why reading stopped, once it has. */
  get reason(): string {
    return `the file's commands need more reading than its limit (${this.units.toLocaleString('en-US')} characters, syntax nodes and words)`;
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
