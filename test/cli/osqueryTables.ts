import type { Database } from 'sql.js';
/**
 * osquery's tables with exactly their documented columns (osquery specs/users.table,
 * vscode_extensions.table, jetbrains_plugins.table, processes.table, utility/file.table, utility/time.table): a
 * query that used any other column or table fails when it runs against these in SQLite.
 */
export const OSQUERY_TABLES = `
CREATE TABLE users (uid BIGINT, gid BIGINT, uid_signed BIGINT, gid_signed BIGINT, username TEXT, description TEXT, directory TEXT, shell TEXT, uuid TEXT, type TEXT, is_hidden INTEGER);
CREATE TABLE vscode_extensions (name TEXT, uuid TEXT, version TEXT, path TEXT, publisher TEXT, publisher_id TEXT, installed_at BIGINT, prerelease INTEGER, uid BIGINT, vscode_edition TEXT);
CREATE TABLE jetbrains_plugins (product_type TEXT, uid BIGINT, name TEXT, version TEXT, vendor TEXT, path TEXT);
CREATE TABLE processes (pid BIGINT, name TEXT, path TEXT, cmdline TEXT, state TEXT, cwd TEXT, root TEXT, uid BIGINT, gid BIGINT, euid BIGINT, egid BIGINT, suid BIGINT, sgid BIGINT, on_disk INTEGER, wired_size BIGINT, resident_size BIGINT, total_size BIGINT, user_time BIGINT, system_time BIGINT, disk_bytes_read BIGINT, disk_bytes_written BIGINT, start_time BIGINT, parent BIGINT, pgroup BIGINT, threads INTEGER, nice INTEGER, is_elevated_token INTEGER);
CREATE TABLE file (path TEXT, directory TEXT, filename TEXT, inode BIGINT, uid BIGINT, gid BIGINT, mode TEXT, device BIGINT, size BIGINT, block_size INTEGER, atime BIGINT, mtime BIGINT, ctime BIGINT, btime BIGINT, hard_links INTEGER, symlink INTEGER, type TEXT);
CREATE TABLE time (weekday TEXT, year INTEGER, month INTEGER, day INTEGER, hour INTEGER, minutes INTEGER, seconds INTEGER, timezone TEXT, local_timezone TEXT, unix_time INTEGER, timestamp TEXT, datetime TEXT, iso_8601 TEXT, win_timestamp BIGINT);
`;

/** The tables a script reads (after FROM or JOIN), without its own CTEs, sorted. */
export function osqueryTablesUsed(sql: string): string[] {
  // One pass, left to right: a `--` inside a string literal (`'--eval'`) starts no comment, and an apostrophe in a comment starts no literal.
  const code = sql.replace(/'(?:[^']|'')*'|--[^\n]*/g, (token) => (token.startsWith("'") ? "''" : ''));
  const ctes = new Set([...code.matchAll(/\b([a-z_]+)\([a-z_, ]*\) AS (?:(?:NOT )?MATERIALIZED )?\(/gi)].map((m) => (m[1] as string).toLowerCase()));
  const tables = [...code.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/gi)].map((m) => (m[1] as string).toLowerCase()).filter((name) => !ctes.has(name));
  return [...new Set(tables)].sort();
}

/** A row of an osquery table, as the tests fill and read them. */
export type OsqueryRow = Record<string, string | number | null>;

/** Fills `table` with `rows`, each row's own columns. */
export function insertRows(db: Database, table: string, rows: readonly OsqueryRow[]): void {
  for (const row of rows) db.run(`INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`, Object.values(row));
}

/** Every row every statement of `sql` returns, in order. */
export function rowsOf(db: Database, sql: string): OsqueryRow[] {
  const rows: OsqueryRow[] = [];
  for (const statement of db.iterateStatements(sql)) {
    while (statement.step()) rows.push(statement.getAsObject() as OsqueryRow);
    statement.free();
  }
  return rows;
}
