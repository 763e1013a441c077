import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Row, SqlDb, SqlValue } from "../state/sql.js";

/** The part of node:sqlite used here (typed locally: @types/node 20 does not know the module). */
interface Statement {
  all(...params: SqlValue[]): Row[];
  run(...params: SqlValue[]): { changes: number | bigint };
}
interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
interface SqliteModule {
  DatabaseSync: new (path: string) => DatabaseSync;
}

/** Thrown when this Node has no node:sqlite (before 22.13 it is missing or behind a flag). */
export class NoSqlite extends Error {
  override name = "NoSqlite";
}

/**
 * Opens (creating it and its folder) the SQLite file of the durable state with node:sqlite:
 * built into Node 22.13+ and 24, so nothing native to download or compile. `:memory:` for none.
 */
export async function openSqlite(path: string): Promise<SqlDb & { close(): void }> {
  let sqlite: SqliteModule;
  try {
    // A computed specifier: the types of Node 20, which has no node:sqlite, must not be asked.
    const name = "node:sqlite";
    sqlite = (await import(name)) as SqliteModule;
  } catch {
    throw new NoSqlite(
      `node:sqlite is not available in Node ${process.versions.node}: the hub needs Node 22.13 or later`,
    );
  }
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new sqlite.DatabaseSync(path);
  // WAL: a crash never leaves a half-written state, and writes do not wait on readers.
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  const statements = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    exec: (sql) => db.exec(sql),
    all: <T extends Row>(sql: string, ...params: SqlValue[]) => prepared(sql).all(...params) as T[],
    run: (sql, ...params) => Number(prepared(sql).run(...params).changes),
    close: () => db.close(),
  };
}
