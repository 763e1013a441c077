import type { SqlDb } from "../state/sql.js";

/**
 * What followers were last sent of each post (a hash of its Article), so that a rebuild or a
 * deploy sends only what changed: the published set as the fediverse knows it.
 */
export class Published {
  constructor(private readonly db: SqlDb) {
    db.exec(`CREATE TABLE IF NOT EXISTS ap_posts (slug TEXT PRIMARY KEY, url TEXT NOT NULL, hash TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS ap_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`);
  }

  /** The build id the last sync saw; undefined before the first (which records the set, sending nothing). */
  syncedBuild(): string | undefined {
    const row = this.db.all("SELECT value FROM ap_meta WHERE name = 'synced'")[0];
    return row ? String(row.value) : undefined;
  }

  synced(buildId: string): void {
    this.db.run("INSERT OR REPLACE INTO ap_meta (name, value) VALUES ('synced', ?)", buildId);
  }

  /** Every post followers were sent: slug → its URL and the hash of what they were sent. */
  all(): Map<string, { url: string; hash: string }> {
    const rows = this.db.all("SELECT slug, url, hash FROM ap_posts");
    return new Map(rows.map((r) => [String(r.slug), { url: String(r.url), hash: String(r.hash) }]));
  }

  put(slug: string, url: string, hash: string): void {
    this.db.run("INSERT OR REPLACE INTO ap_posts (slug, url, hash) VALUES (?, ?, ?)", slug, url, hash);
  }

  remove(slug: string): void {
    this.db.run("DELETE FROM ap_posts WHERE slug = ?", slug);
  }
}
