/**
 * Untrusted policy text placed into SQL: string literals and `--` comment lines. Every
 * value a policy supplies goes through one of these, so a hostile policy cannot close a
 * literal or end a comment line and add SQL of its own.
 */

/** Characters that end a line in some reader (SQLite ends `--` comments at LF only; others differ). */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A single-quoted SQL string literal: quotes doubled, NUL and other control characters removed. */
export function sqlString(text: string): string {
  return `'${text.replace(CONTROL, '').replace(/'/g, "''")}'`;
}

/** `-- ` comment lines for any text; every line break starts a new comment line. */
export function sqlComment(label: string, text: string): string[] {
  const lines = text.split(LINE_BREAKS).map((line) => line.replace(CONTROL, '').trimEnd());
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, index) => (index === 0 ? `-- ${label}: ${line}` : `--   ${line}`).trimEnd());
}

/**
 * SQL written in this repository with its line breaks and indentation collapsed to single
 * spaces outside string literals: the exports repeat the same checks in every statement,
 * and a policy may have thousands of rules. Only for SQL whose literals came through
 * sqlString (a `'` inside a literal is always doubled).
 */
export function compactSql(sql: string): string {
  return sql.split(/('(?:[^']|'')*')/).map((part, index) => (index % 2 === 1 ? part : part.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')'))).join('').trim();
}
