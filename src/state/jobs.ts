import type { SqlDb } from "./sql.js";

/** One durable unit of outbound work (a verification, a delivery), with its retry bookkeeping. */
export interface Job {
  id: number;
  kind: string;
  /** At most one pending job per kind and key: a newer one replaces it (a delivery of newer bytes). */
  key: string;
  payload: string;
  attempts: number;
  /** Unix ms of the first attempt's schedule: the retry window is counted from it. */
  firstAt: number;
  dueAt: number;
}

/** Exponential backoff: the first retry after `baseMs`, doubling up to `maxDelayMs`, until `windowMs` has passed. */
export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  windowMs: number;
}

/** 1 minute, doubling to 6 hours, for a day: about 16 attempts. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 60_000, maxDelayMs: 6 * 3_600_000, windowMs: 24 * 3_600_000 };

/** When the next attempt is due after one more failure (`attempts` failed before it), or undefined when the window is over. */
export function nextAttempt(
  policy: RetryPolicy,
  job: Pick<Job, "attempts" | "firstAt">,
  now: number,
): number | undefined {
  if (now - job.firstAt >= policy.windowMs) return undefined;
  const delay = Math.min(policy.baseMs * 2 ** job.attempts, policy.maxDelayMs);
  // The last attempt lands at the end of the window, so retries span at least a whole day.
  return Math.min(now + delay, job.firstAt + policy.windowMs);
}

/**
 * A durable queue of jobs due at a time, in the runtime's SQLite: it survives restarts and
 * deploys. Generic over `kind` so the hub's deliveries and later federation share it.
 */
export class JobQueue {
  constructor(private readonly db: SqlDb) {
    db.exec(`CREATE TABLE IF NOT EXISTS jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      key TEXT NOT NULL,
      payload TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      first_at INTEGER NOT NULL,
      due_at INTEGER NOT NULL,
      UNIQUE (kind, key)
    );
    CREATE INDEX IF NOT EXISTS jobs_due ON jobs (due_at);`);
  }

  /** Schedules a job at `dueAt`, replacing a pending one of the same kind and key (its retries start over). */
  put(kind: string, key: string, payload: string, dueAt: number): void {
    this.db.run(
      // A new id: an attempt of the replaced job still in flight then neither removes nor reschedules this one.
      "INSERT OR REPLACE INTO jobs (kind, key, payload, attempts, first_at, due_at) VALUES (?, ?, ?, 0, ?, ?)",
      kind,
      key,
      payload,
      dueAt,
      dueAt,
    );
  }

  /** Up to `limit` jobs due by `now`, oldest first. */
  due(now: number, limit: number): Job[] {
    return this.db.all("SELECT * FROM jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT ?", now, limit).map((r) => ({
      id: Number(r.id),
      kind: String(r.kind),
      key: String(r.key),
      payload: String(r.payload),
      attempts: Number(r.attempts),
      firstAt: Number(r.first_at),
      dueAt: Number(r.due_at),
    }));
  }

  /** When the earliest job is due, or undefined when there is none. */
  nextDue(): number | undefined {
    const row = this.db.all("SELECT MIN(due_at) AS at FROM jobs")[0];
    return row?.at == null ? undefined : Number(row.at);
  }

  /** Done (or given up): removed, unless a newer job took its place meanwhile. */
  remove(job: Pick<Job, "id">): void {
    this.db.run("DELETE FROM jobs WHERE id = ?", job.id);
  }

  /** Removes pending jobs of a kind by key. */
  removeKey(kind: string, key: string): void {
    this.db.run("DELETE FROM jobs WHERE kind = ? AND key = ?", kind, key);
  }

  /** A failed attempt: due again at `dueAt`. */
  retry(job: Pick<Job, "id" | "attempts">, dueAt: number): void {
    this.db.run("UPDATE jobs SET attempts = ?, due_at = ? WHERE id = ?", job.attempts + 1, dueAt, job.id);
  }

  size(): number {
    return Number(this.db.all("SELECT COUNT(*) AS n FROM jobs")[0]?.n ?? 0);
  }
}

export interface JobRunnerOptions {
  queue: JobQueue;
  /** Jobs in flight at once. */
  concurrency: number;
  now: () => number;
  /** Asks the runtime to call `run()` at or after `at` (Node: a timer; Workers: the Durable Object's alarm). */
  wake: (at: number) => void;
  /** One attempt; it removes or reschedules the job itself and does not throw. */
  attempt: (job: Job) => Promise<void>;
}

/**
 * Runs every job that is due, `concurrency` at a time, then asks to be woken for the next one.
 * Concurrent calls share one run, and a call during a run makes it look again when done.
 */
export class JobRunner {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: JobRunnerOptions) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const { queue, concurrency, now, wake, attempt } = this.options;
    this.running = (async () => {
      do {
        this.again = false;
        for (let jobs = queue.due(now(), concurrency * 4); jobs.length > 0; jobs = queue.due(now(), concurrency * 4)) {
          let next = 0;
          const worker = async () => {
            while (next < jobs.length) await attempt(jobs[next++] as Job);
          };
          await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
        }
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
      const at = queue.nextDue();
      if (at !== undefined) wake(at);
    });
    return this.running;
  }
}
