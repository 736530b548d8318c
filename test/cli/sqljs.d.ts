// The few parts of sql.js the export tests use. @types/sql.js is not used: it pulls in
// @types/emscripten, whose global EmscriptenModule clashes with web-tree-sitter's.
declare module 'sql.js' {
  type SqlValue = string | number | Uint8Array | null;
  export interface Statement {
    step(): boolean;
    getAsObject(): Record<string, SqlValue>;
    free(): boolean;
  }
  export interface Database {
    run(sql: string, params?: SqlValue[]): Database;
    exec(sql: string): Array<{ columns: string[]; values: SqlValue[][] }>;
    iterateStatements(sql: string): IterableIterator<Statement>;
    close(): void;
  }
  export interface SqlJsStatic {
    Database: new () => Database;
  }
  export default function initSqlJs(): Promise<SqlJsStatic>;
}
