import { signRequest } from "@fedify/fedify";
import { type Outbound, RefusedRequest } from "../outbound/request.js";
import { type Job, JobQueue, JobRunner, nextAttempt, type RetryPolicy } from "../state/jobs.js";
import type { SqlDb } from "../state/sql.js";
import type { Followers } from "./followers.js";

export interface DeliveryDeps {
  db: SqlDb;
  outbound: Outbound;
  followers: Followers;
  /** The actor's private key. */
  privateKey: () => Promise<CryptoKey>;
  retry: RetryPolicy;
  concurrency: number;
  now: () => number;
  /** Asks the runtime to call `run()` at or after `at` (Node: a timer; Workers: the Durable Object's alarm). */
  wake: (at: number) => void;
  log: (line: string) => void;
}

/** An activity ready to send. */
export interface Outgoing {
  id: string;
  /** Its JSON-LD, as sent. */
  body: string;
  /** The id of the actor's public key: the signature's `keyId`. */
  keyId: string;
}

interface Payload {
  inbox: string;
  body: string;
  keyId: string;
}

const KIND = "ap-deliver";

/**
 * Outgoing activities: one durable job per activity and inbox, POSTed with a draft-cavage HTTP
 * Signature (Fedify's `signRequest`: `(request-target) host date digest`, RSA-SHA256) through
 * the site's outbound requests, retried with backoff. `410 Gone` removes the followers behind
 * that inbox; a refused address is dropped at once.
 */
export class Deliveries {
  private readonly queue: JobQueue;
  private readonly runner: JobRunner;

  constructor(private readonly deps: DeliveryDeps) {
    this.queue = new JobQueue(deps.db);
    this.runner = new JobRunner({
      queue: this.queue,
      concurrency: deps.concurrency,
      now: deps.now,
      wake: deps.wake,
      attempt: (job) => this.attempt(job),
    });
  }

  /** Queues `activity` (its id keys the job) for each inbox and asks to run now. */
  enqueue({ id, body, keyId }: Outgoing, inboxes: string[]): void {
    const now = this.deps.now();
    for (const inbox of inboxes) {
      this.queue.put(KIND, `${id} ${inbox}`, JSON.stringify({ inbox, body, keyId } satisfies Payload), now);
    }
    if (inboxes.length > 0) this.deps.wake(now);
  }

  pending(): number {
    return this.queue.size();
  }

  /** Runs every delivery that is due, then asks to be woken for the next. Concurrent calls share one run. */
  run(): Promise<void> {
    return this.runner.run();
  }

  private async attempt(job: Job): Promise<void> {
    const { inbox, body, keyId } = JSON.parse(job.payload) as Payload;
    let failure: string;
    try {
      const status = await this.post(inbox, body, keyId);
      if (status >= 200 && status < 300) return this.queue.remove(job);
      if (status === 410) {
        const gone = this.deps.followers.removeInbox(inbox);
        this.deps.log(`activitypub: ${inbox} is gone (410): ${gone} follower(s) removed`);
        return this.queue.remove(job);
      }
      failure = `HTTP ${status}`;
    } catch (error) {
      if (error instanceof RefusedRequest) {
        this.deps.log(`activitypub: delivery to ${inbox} dropped: ${error.message}`);
        return this.queue.remove(job);
      }
      failure = error instanceof Error ? error.message : String(error);
    }
    const due = nextAttempt(this.deps.retry, job, this.deps.now());
    if (due === undefined) {
      this.deps.log(`activitypub: gave up delivering to ${inbox} after ${job.attempts + 1} attempts (${failure})`);
      this.queue.remove(job);
    } else {
      this.queue.retry(job, due);
    }
  }

  private async post(inbox: string, body: string, keyId: string): Promise<number> {
    const privateKey = await this.deps.privateKey();
    const bytes = new TextEncoder().encode(body);
    const unsigned = new Request(inbox, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json", Accept: "application/activity+json" },
      body: bytes,
    });
    const signed = await signRequest(unsigned, privateKey, new URL(keyId), { body: bytes.buffer as ArrayBuffer });
    const headers: Record<string, string> = {};
    signed.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return (await this.deps.outbound(inbox, { method: "POST", headers, body: bytes })).status;
  }
}
