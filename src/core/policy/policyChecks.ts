import { calendarYearIn, resolvePolicyDate } from '../dates';
import type { ToolDefinition } from '../tools';
import { quote } from './formats';
import type { ProblemList } from './problemList';
import { SuggestionBudget } from './suggest';
import type { PolicyProblemPlace } from './types';

/** Where the checks after the structural pass report: errors and warnings, placed by field path. */
export class FileChecks {
  constructor(
    private readonly locate: (path: string) => PolicyProblemPlace,
    readonly problems: ProblemList,
    readonly warnings: ProblemList,
  ) {}

  error(path: string, message: string | (() => string)): void {
    this.problems.add(path, message, () => this.locate(path));
  }

  /** `message` as a function is written only for a warning that is listed (the first hundred). */
  warn(path: string, message: string | (() => string)): void {
    this.warnings.add(path, message, () => this.locate(path));
  }
}

/** References to tools (rules, allowed, alternatives), checked against the tools the file knows, with "did you mean". */
export class ToolRefs {
  private readonly known: ReadonlySet<string>;
  private readonly suggestions: SuggestionBudget;

  constructor(tools: readonly ToolDefinition[], private readonly checks: FileChecks) {
    const ids = tools.map((tool) => tool.id);
    this.known = new Set(ids);
    this.suggestions = new SuggestionBudget(ids);
  }

  /** True when `id` is known; otherwise reports it at `path`. */
  check(id: string, path: string): boolean {
    if (this.known.has(id)) return true;
    // Past the listing limit the problem is only counted: no suggestion is worked out.
    const suggestion = this.checks.problems.full ? undefined : this.suggestions.suggest(id);
    this.checks.error(path, `unknown tool ${quote(id)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; define it under tools: or use a catalog id`);
    return false;
  }
}

/**
 * Dates of one file, each worked out once (large policies repeat a handful). A date must
 * fall on a day of the years 0000 to 9999 in the policy's zone: reports and exports write
 * calendar dates with four-digit years, as their schemas say.
 */
export class PolicyDates {
  private readonly resolved = new Map<string, Date | undefined>();

  constructor(private readonly timezone: string, private readonly checks: FileChecks) {}

  /** The instant `text` stands for; undefined (with the problem reported at `path`) when it is out of range. */
  resolve(text: string, path: string): Date | undefined {
    if (!this.resolved.has(text)) this.resolved.set(text, resolvePolicyDate(text, this.timezone));
    const date = this.resolved.get(text);
    if (date === undefined) return undefined;
    const year = calendarYearIn(date, this.timezone);
    if (year < 0 || year > 9999) {
      this.checks.error(path, `${quote(text)} falls in the year ${year} in ${this.timezone}; a policy date must fall within the years 0000 to 9999`);
      return undefined;
    }
    return date;
  }
}
