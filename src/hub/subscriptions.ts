import type { SqlDb } from "../state/sql.js";

export interface Subscription {
  topic: string;
  callback: string;
  secret: string | null;
  /** Unix ms after which the subscription gets nothing. */
  expiresAt: number;
}

/** Verified subscriptions and the last distributed ETag of each topic, in the runtime's SQLite. */
export class Subscriptions {
  constructor(private readonly db: SqlDb) {
    db.exec(`CREATE TABLE IF NOT EXISTS websub_subscriptions (
      topic TEXT NOT NULL,
      callback TEXT NOT NULL,
      host TEXT NOT NULL,
      secret TEXT,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (topic, callback)
    );
    CREATE INDEX IF NOT EXISTS websub_subscriptions_host ON websub_subscriptions (host);
    CREATE TABLE IF NOT EXISTS websub_topics (topic TEXT PRIMARY KEY, etag TEXT NOT NULL);`);
  }

  /** Subscribes or renews (a renewal may change the secret). */
  put(sub: Subscription): void {
    this.db.run(
      "INSERT OR REPLACE INTO websub_subscriptions (topic, callback, host, secret, expires_at) VALUES (?, ?, ?, ?, ?)",
      sub.topic,
      sub.callback,
      new URL(sub.callback).host,
      sub.secret,
      sub.expiresAt,
    );
  }

  remove(topic: string, callback: string): void {
    this.db.run("DELETE FROM websub_subscriptions WHERE topic = ? AND callback = ?", topic, callback);
  }

  /** The live subscription of a callback to a topic. */
  get(topic: string, callback: string, now: number): Subscription | undefined {
    return this.db
      .all(
        "SELECT * FROM websub_subscriptions WHERE topic = ? AND callback = ? AND expires_at > ?",
        topic,
        callback,
        now,
      )
      .map(toSubscription)[0];
  }

  /** Callbacks of the live subscriptions of a topic. */
  callbacks(topic: string, now: number): string[] {
    return this.db
      .all<{ callback: string }>(
        "SELECT callback FROM websub_subscriptions WHERE topic = ? AND expires_at > ? ORDER BY callback",
        topic,
        now,
      )
      .map((r) => r.callback);
  }

  /** Topics with at least one live subscription. */
  topics(now: number): string[] {
    return this.db
      .all<{ topic: string }>(
        "SELECT DISTINCT topic FROM websub_subscriptions WHERE expires_at > ? ORDER BY topic",
        now,
      )
      .map((r) => r.topic);
  }

  countTopic(topic: string, now: number): number {
    return count(
      this.db,
      "SELECT COUNT(*) AS n FROM websub_subscriptions WHERE topic = ? AND expires_at > ?",
      topic,
      now,
    );
  }

  countHost(host: string, now: number): number {
    return count(
      this.db,
      "SELECT COUNT(*) AS n FROM websub_subscriptions WHERE host = ? AND expires_at > ?",
      host,
      now,
    );
  }

  /** Drops subscriptions whose lease ended. */
  expire(now: number): void {
    this.db.run("DELETE FROM websub_subscriptions WHERE expires_at <= ?", now);
  }

  /** The ETag last distributed for a topic (or seen when its first subscription was verified). */
  etag(topic: string): string | undefined {
    const row = this.db.all<{ etag: string }>("SELECT etag FROM websub_topics WHERE topic = ?", topic)[0];
    return row?.etag;
  }

  setEtag(topic: string, etag: string): void {
    this.db.run("INSERT OR REPLACE INTO websub_topics (topic, etag) VALUES (?, ?)", topic, etag);
  }
}

function toSubscription(r: Record<string, unknown>): Subscription {
  return {
    topic: String(r.topic),
    callback: String(r.callback),
    secret: r.secret == null ? null : String(r.secret),
    expiresAt: Number(r.expires_at),
  };
}

function count(db: SqlDb, sql: string, ...params: (string | number)[]): number {
  return Number(db.all(sql, ...params)[0]?.n ?? 0);
}
