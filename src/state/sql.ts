/** A value SQLite stores and hands back. */
export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

/**
 * The durable state's view of a SQLite database, synchronous on both runtimes: node:sqlite on
 * Node, a Durable Object's `ctx.storage.sql` on Workers. Modules own their tables and create them
 * with `CREATE TABLE IF NOT EXISTS` on open, so each feature (the hub, later federation) adds its own.
 */
export interface SqlDb {
  /** Runs statements without parameters (schema). */
  exec(sql: string): void;
  /** Rows of a query with `?` parameters. */
  all<T extends Row = Row>(sql: string, ...params: SqlValue[]): T[];
  /** Runs one statement with `?` parameters; returns the number of rows changed. */
  run(sql: string, ...params: SqlValue[]): number;
}
