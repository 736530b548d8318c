/** What a check of the osquery export is (osqueryChecks.ts), apart from any one check. */
import type { MatcherKind } from './osqueryMatchers';

/** The systems an export is written for. */
export type ExportPlatform = 'linux' | 'macos' | 'windows';

export interface Check {
  /** CTEs the select needs (names unique across checks), each `name(columns) AS (…)`. */
  readonly ctes: readonly string[];
  /** Selects `tool_id, kind, found, location, username, note`. */
  readonly select: string;
}

/** A kind of check: used by a rule whose tools have any of `uses` (and `with` that kind, or `without`); its text depends on the platforms only. */
export interface CheckKind {
  readonly uses: readonly MatcherKind[];
  readonly with?: MatcherKind;
  readonly without?: MatcherKind;
  readonly build: (platforms: readonly ExportPlatform[]) => Check;
}
