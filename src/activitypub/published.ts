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

  /** Whether a first sync recorded the set (before it, existing posts are no news). */
  started(): boolean {
    return this.db.all("SELECT 1 FROM ap_meta WHERE name = 'synced'").length > 0;
  }

  start(): void {
    this.db.run("INSERT OR IGNORE INTO ap_meta (name, value) VALUES ('synced', '1')");
  }

  slugs(): string[] {
    return this.db.all("SELECT slug FROM ap_posts").map((r) => String(r.slug));
  }

  hash(slug: string): string | undefined {
    const row = this.db.all("SELECT hash FROM ap_posts WHERE slug = ?", slug)[0];
    return row ? String(row.hash) : undefined;
  }

  url(slug: string): string | undefined {
    const row = this.db.all("SELECT url FROM ap_posts WHERE slug = ?", slug)[0];
    return row ? String(row.url) : undefined;
  }

  put(slug: string, url: string, hash: string): void {
    this.db.run("INSERT OR REPLACE INTO ap_posts (slug, url, hash) VALUES (?, ?, ?)", slug, url, hash);
  }

  remove(slug: string): void {
    this.db.run("DELETE FROM ap_posts WHERE slug = ?", slug);
  }
}
