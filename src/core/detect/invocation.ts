/** What reading a command line yields: shared by the reader, its wrappers and runners, and the matchers. */

export interface Invocation {
  /** Basename of the program, lower-case, without .exe/.cmd/.bat/.ps1/.com. */
  readonly program: string;
  /** npm package run through a package runner or from a node_modules path. */
  readonly package?: string;
}

/**
 * The syntax a line is written in; unknown = read as bash (also right for zsh and most
 * fish). `fish` is bash's grammar without backtick substitution (in fish a backtick is an
 * ordinary character).
 */
export type ShellDialect = 'posix' | 'fish' | 'powershell' | 'cmd';

/** What a command line or argument vector runs, and whether it was read to its end. */
export interface CommandReading {
  readonly invocations: readonly Invocation[];
  /**
   * Why the command was not read to its end (its file's reading budget was spent, or it
   * nests deeper than the reader follows); absent when it was read whole. What was read
   * before that is in `invocations`.
   */
  readonly incomplete?: string;
}
