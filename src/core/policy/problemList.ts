import type { PolicyProblem, PolicyProblemPlace } from './types';

/** Enough to fix a file by; a file with more problems than this is not a policy. */
const MAX_LISTED_PROBLEMS = 100;

export const START_OF_FILE: PolicyProblemPlace = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * The problems (or the warnings) of one file: the first MAX_LISTED_PROBLEMS are listed, the
 * rest counted into one closing line. Places are worked out only for the problems listed,
 * so a file with a million problems costs no more to report than one with a hundred.
 */
export class ProblemList {
  private readonly listed: PolicyProblem[] = [];
  private unlisted = 0;

  constructor(private readonly file: string, private readonly severity?: 'warning') {}

  /** True once no more problems are listed (each one more is only counted). */
  get full(): boolean {
    return this.listed.length >= MAX_LISTED_PROBLEMS;
  }

  /** Problems found so far, listed or not. */
  get count(): number {
    return this.listed.length + this.unlisted;
  }

  /** A message may be given as a function: it is then only written for a problem that is listed. */
  add(path: string, message: string | (() => string), place: PolicyProblemPlace | (() => PolicyProblemPlace)): void {
    if (this.full) {
      this.unlisted++;
      return;
    }
    const where = typeof place === 'function' ? place() : place;
    this.listed.push({ file: this.file, path, message: typeof message === 'function' ? message() : message, ...where, ...(this.severity ? { severity: this.severity } : {}) });
  }

  /** A problem found past the listing limit, where even its message would be work thrown away. */
  countUnlisted(): void {
    this.unlisted++;
  }

  /** The listed problems in the order of the file (line, then column), and a last line counting the rest. */
  finish(): PolicyProblem[] {
    const ordered = [...this.listed].sort((a, b) => a.line - b.line || a.column - b.column);
    if (this.unlisted === 0) return ordered;
    const noun = this.severity === 'warning' ? 'warnings' : 'problems';
    return [...ordered, { file: this.file, path: '', message: `${this.unlisted} more ${noun} not listed`, ...START_OF_FILE, ...(this.severity ? { severity: this.severity } : {}) }];
  }
}
