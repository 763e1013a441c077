import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import type { SqlDb } from "../state/sql.js";

/**
 * Fedify's key–value store (its caches of remote keys and documents, inbox idempotence) over the
 * durable state's SQLite: one code path for node:sqlite and a Durable Object. Keys are stored as
 * their JSON array, so a prefix of a key is a prefix of its text (without the closing bracket).
 */
export class SqlKvStore implements KvStore {
  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS ap_kv (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      expires_at INTEGER
    )`);
  }

  get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = this.db.all<{ value: string; expires_at: number | null }>(
      "SELECT value, expires_at FROM ap_kv WHERE key = ?",
      JSON.stringify(key),
    )[0];
    if (!row || this.expired(row.expires_at)) return Promise.resolve(undefined);
    return Promise.resolve(JSON.parse(row.value) as T);
  }

  set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const ttl = options?.ttl?.total({ unit: "millisecond" });
    this.db.run(
      "INSERT OR REPLACE INTO ap_kv (key, value, expires_at) VALUES (?, ?, ?)",
      JSON.stringify(key),
      JSON.stringify(value ?? null),
      ttl === undefined ? null : this.now() + ttl,
    );
    return Promise.resolve();
  }

  delete(key: KvKey): Promise<void> {
    this.db.run("DELETE FROM ap_kv WHERE key = ?", JSON.stringify(key));
    return Promise.resolve();
  }

  /** Both runtimes run one statement at a time on one connection: the compare and the swap are not interleaved. */
  async cas(key: KvKey, expected: unknown, value: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const current = await this.get(key);
    if (JSON.stringify(current ?? null) !== JSON.stringify(expected ?? null)) return false;
    if (value === undefined) await this.delete(key);
    else await this.set(key, value, options);
    return true;
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const start = prefix ? JSON.stringify(prefix).slice(0, -1) : "[";
    const rows = this.db.all<{ key: string; value: string; expires_at: number | null }>(
      "SELECT key, value, expires_at FROM ap_kv WHERE substr(key, 1, ?) = ? ORDER BY key",
      start.length,
      start,
    );
    for (const row of rows) {
      // `["a"` is also the start of `["ab"]`: only whole elements match.
      if (prefix && row.key !== `${start}]` && row.key[start.length] !== ",") continue;
      if (this.expired(row.expires_at)) continue;
      yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
    }
  }

  private expired(at: number | null): boolean {
    return at !== null && at <= this.now();
  }
}
