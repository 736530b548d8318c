import type { ToolDefinition } from '../tools';
import type { LocalizedText } from './localizedText';

export type { LocalizedText } from './localizedText';

/** Where a policy came from; earlier layers win (README: "Where the policy file is looked for"). */
export type PolicyLayer = 'managed' | 'user' | 'workspace';

export const LAYER_ORDER: readonly PolicyLayer[] = ['managed', 'user', 'workspace'];

export type Enforcement = 'notify' | 'block';

export interface PolicyLink {
  readonly title: LocalizedText;
  readonly url: string;
}

export interface Alternative {
  readonly name: LocalizedText;
  readonly url?: string;
  readonly description?: LocalizedText;
  readonly extensions: readonly string[];
  readonly commands: readonly string[];
  /** The sanctioned tool's id (a catalog id or one under `tools:`), when the policy names it. */
  readonly tool?: string;
}

export interface RuleException {
  /** The instant the exception ends. */
  readonly until: Date;
  /** The text as written, for display. */
  readonly untilText: string;
  readonly reason?: LocalizedText;
  /** OS user names it applies to (with `groups`: either names the person). */
  readonly users: readonly string[];
  /** OS groups: a member of any of them is excepted. */
  readonly groups: readonly string[];
  readonly workspaces: readonly string[];
}

export interface PolicyRule {
  readonly id: string;
  /**
   * Tool ids this rule covers, after `"*"` has been expanded. Every `"*"` rule of one file
   * holds the same (frozen) list: work per distinct list, not per rule (a file may have
   * thousands of such rules over thousands of tools).
   */
  readonly tools: readonly string[];
  /** True when written as `tool: "*"`. */
  readonly allTools: boolean;
  readonly classification?: string;
  readonly title?: LocalizedText;
  readonly reason?: LocalizedText;
  /** The instant the rule takes full effect; undefined = in force now. */
  readonly deadline?: Date;
  /** The deadline as written, for display. */
  readonly deadlineText?: string;
  readonly noticeDays: number;
  /** IANA zone calendar days are counted in (the policy's `timezone`). */
  readonly timezone: string;
  readonly alternative?: Alternative;
  readonly links: readonly PolicyLink[];
  readonly exceptionRequestUrl?: string;
  readonly enforce: Enforcement;
  readonly exceptions: readonly RuleException[];
  /** Which file the rule came from. */
  readonly source: PolicySourceRef;
  /** SHA-256 (hex) of the rule as written (core/ruleHash.ts): an acknowledgement holds for this text only. */
  readonly hash: string;
}

export interface PolicySourceRef {
  readonly layer: PolicyLayer;
  /** Absolute path or URI string of the file. */
  readonly path: string;
}

export interface Policy {
  readonly organization: LocalizedText;
  readonly contact?: string;
  readonly policyUrl?: string;
  /** IANA zone used for date-only deadlines. */
  readonly timezone: string;
  readonly allowed: readonly string[];
  /** Catalog plus the policy's own `tools:`, merged by id. */
  readonly tools: readonly ToolDefinition[];
  readonly rules: readonly PolicyRule[];
  readonly source: PolicySourceRef;
}

/** Where in a file: lines and columns are 1-based, the end is exclusive. */
export interface PolicyProblemPlace {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A problem in a policy file, with the place it was found. */
export interface PolicyProblem extends PolicyProblemPlace {
  readonly file: string;
  /** Field path such as `rules[0].deadline`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
  /**
   * Absent means an error: the file is not applied. A warning points at something that
   * is valid but probably not meant (a `tool: "*"` rule that covers no tool); it never
   * keeps a file from being applied.
   */
  readonly severity?: 'warning';
}

export type PolicyParseResult =
  | { readonly ok: true; readonly policy: Policy; readonly warnings: readonly PolicyProblem[] }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/** `rules[0].deadline: "2026-13-01" is not a date …` — the form every error is shown in. */
export function formatProblem(problem: PolicyProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}${problem.severity === 'warning' ? ': warning' : ''}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}
