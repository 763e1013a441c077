import type { SqlDb } from "../state/sql.js";

/** A remote actor following the site, with where to deliver to it. */
export interface Follower {
  actor: string;
  inbox: string;
  sharedInbox: string | null;
}

/** The site's followers, in the durable state. */
export class Followers {
  constructor(private readonly db: SqlDb) {
    db.exec(`CREATE TABLE IF NOT EXISTS ap_followers (
      actor TEXT PRIMARY KEY,
      inbox TEXT NOT NULL,
      shared_inbox TEXT,
      since INTEGER NOT NULL
    )`);
  }

  put(follower: Follower, now: number): void {
    this.db.run(
      "INSERT OR REPLACE INTO ap_followers (actor, inbox, shared_inbox, since) VALUES (?, ?, ?, ?)",
      follower.actor,
      follower.inbox,
      follower.sharedInbox,
      now,
    );
  }

  remove(actor: string): boolean {
    return this.db.run("DELETE FROM ap_followers WHERE actor = ?", actor) > 0;
  }

  /** A `410 Gone` from an inbox: every follower delivered through it is gone. */
  removeInbox(inbox: string): number {
    return this.db.run("DELETE FROM ap_followers WHERE inbox = ? OR shared_inbox = ?", inbox, inbox);
  }

  count(): number {
    return Number(this.db.all("SELECT COUNT(*) AS n FROM ap_followers")[0]?.n ?? 0);
  }

  /** Oldest first, from `offset`. */
  page(offset: number, limit: number): Follower[] {
    return this.db
      .all("SELECT actor, inbox, shared_inbox FROM ap_followers ORDER BY since, actor LIMIT ? OFFSET ?", limit, offset)
      .map((r) => ({ actor: String(r.actor), inbox: String(r.inbox), sharedInbox: r.shared_inbox as string | null }));
  }

  /** Where one copy of an activity for every follower goes: each shared inbox once, else the actor's own inbox. */
  inboxes(): string[] {
    return this.db
      .all("SELECT DISTINCT COALESCE(shared_inbox, inbox) AS inbox FROM ap_followers ORDER BY inbox")
      .map((r) => String(r.inbox));
  }
}
