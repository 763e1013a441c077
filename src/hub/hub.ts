import { type Outbound, RefusedRequest } from "../outbound/request.js";
import { type Job, JobQueue, JobRunner, nextAttempt } from "../state/jobs.js";
import type { SqlDb } from "../state/sql.js";
import { RateLimit } from "./rate-limit.js";
import { HUB_PATH, type HubSettings } from "./settings.js";
import { hubSignature } from "./signature.js";
import { Subscriptions } from "./subscriptions.js";
import { matchTopic, type TopicDocument, type TopicSource } from "./topics.js";

export interface HubDeps {
  db: SqlDb;
  topics: TopicSource;
  outbound: Outbound;
  settings: HubSettings;
  /** The clock (Unix ms); tests pass their own and need no waiting. */
  now?: () => number;
  /** Asks the runtime to call `run()` at or after `at` (Node: a timer; Workers: the Durable Object's alarm). */
  wake: (at: number) => void;
  log?: (line: string) => void;
}

/** A reply to a hub request: the status and a one-line reason. */
export interface HubAnswer {
  status: number;
  text: string;
  retryAfter?: number;
}

interface Verification {
  mode: "subscribe" | "unsubscribe";
  topic: string;
  /** The topic as the subscriber wrote it, echoed in the verification. */
  requested: string;
  callback: string;
  secret: string | null;
  lease: number;
}

interface Delivery {
  topic: string;
  callback: string;
}

const VERIFY = "websub-verify";
const DELIVER = "websub-deliver";
const MAX_URL = 2048;
const SECRET_BYTES = 200;
const CAP_RETRY_SECONDS = 3600;
const encoder = new TextEncoder();

/**
 * The site's own WebSub hub (W3C WebSub §5–8), the same on Node and Workers: subscription
 * requests, verification of intent, distribution of changed topics with retries. State lives in
 * the SQLite passed in; every request to a subscriber goes through `outbound`.
 */
export class Hub {
  private readonly subs: Subscriptions;
  private readonly queue: JobQueue;
  private readonly limit: RateLimit;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly runner: JobRunner;
  /** Topic documents of the current distribution, fetched once for all its subscribers. */
  private documents = new Map<string, Promise<TopicDocument | undefined>>();

  constructor(private readonly deps: HubDeps) {
    this.subs = new Subscriptions(deps.db);
    this.queue = new JobQueue(deps.db);
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? ((line) => console.log(line));
    this.limit = new RateLimit(deps.settings.requestsPerMinute, this.now);
    this.runner = new JobRunner({
      queue: this.queue,
      concurrency: deps.settings.concurrency,
      now: this.now,
      wake: deps.wake,
      attempt: (job) => this.attempt(job),
    });
  }

  /** A form-encoded request to the hub: subscribe, unsubscribe or publish. `client` keys the rate limit. */
  async handle(form: URLSearchParams, client: string): Promise<HubAnswer> {
    const field = (name: string): string | undefined | null => {
      const all = form.getAll(name);
      return all.length > 1 ? null : all[0];
    };
    for (const name of new Set(form.keys())) {
      if (field(name) === null) return bad(`${name} may be given once`);
    }
    const mode = field("hub.mode");
    if (!mode) return bad("hub.mode is missing");
    const manifest = await this.deps.topics.manifest();
    if (mode === "publish") {
      const url = field("hub.url") ?? field("hub.topic");
      if (!url) return bad("hub.url is missing");
      const match = matchTopic(manifest, url);
      if (!match.ok) return bad(match.reason);
      await this.publish([match.topic]);
      return { status: 202, text: "Accepted: subscribers get the topic if it changed" };
    }
    if (mode !== "subscribe" && mode !== "unsubscribe")
      return bad("hub.mode must be subscribe, unsubscribe or publish");

    const wait = this.limit.take(client);
    if (wait !== undefined) return { status: 429, text: "Too many subscription requests", retryAfter: wait };

    const callback = field("hub.callback");
    const requested = field("hub.topic");
    if (!callback) return bad("hub.callback is missing");
    if (!requested) return bad("hub.topic is missing");
    if (callback.length > MAX_URL || requested.length > MAX_URL)
      return bad(`URLs are limited to ${MAX_URL} characters`);
    let callbackUrl: URL;
    try {
      callbackUrl = new URL(callback);
    } catch {
      return bad("hub.callback is not a URL");
    }
    if (callbackUrl.protocol !== "http:" && callbackUrl.protocol !== "https:")
      return bad("hub.callback must be http(s)");
    if (callbackUrl.hash) return bad("hub.callback may not have a fragment");
    const match = matchTopic(manifest, requested);
    if (!match.ok) return bad(match.reason);

    const secret = field("hub.secret") ?? null;
    if (secret !== null && (secret === "" || encoder.encode(secret).byteLength >= SECRET_BYTES)) {
      return bad(`hub.secret must be 1 to ${SECRET_BYTES - 1} bytes`);
    }
    const leaseText = field("hub.lease_seconds");
    if (leaseText != null && !/^[0-9]{1,10}$/.test(leaseText)) return bad("hub.lease_seconds must be a whole number");
    const { lease } = this.deps.settings;
    const seconds = leaseText == null ? lease.default : Math.min(Math.max(Number(leaseText), lease.min), lease.max);

    const now = this.now();
    if (mode === "subscribe") {
      const full = this.full(match.topic, callback, now);
      if (full) return { status: 429, text: full, retryAfter: CAP_RETRY_SECONDS };
    }
    const verification: Verification = { mode, topic: match.topic, requested, callback, secret, lease: seconds };
    this.queue.put(VERIFY, `${match.topic} ${callback}`, JSON.stringify(verification), now);
    this.deps.wake(now);
    return { status: 202, text: "Accepted: verifying intent at the callback" };
  }

  /** Why a new subscription of `callback` to `topic` is over a cap; undefined for a renewal or when there is room. */
  private full(topic: string, callback: string, now: number): string | undefined {
    if (this.subs.get(topic, callback, now)) return undefined;
    const { maxPerTopic, maxPerHost } = this.deps.settings;
    if (this.subs.countTopic(topic, now) >= maxPerTopic)
      return `This topic has the most subscribers allowed (${maxPerTopic})`;
    if (this.subs.countHost(new URL(callback).host, now) >= maxPerHost) {
      return `This callback host has the most subscriptions allowed (${maxPerHost})`;
    }
    return undefined;
  }

  /** Topics with live subscribers: what a rebuild must look at. */
  subscribedTopics(): string[] {
    return this.subs.topics(this.now());
  }

  /**
   * Queues a delivery to every live subscriber of each topic whose bytes changed since the last
   * distribution; an unchanged topic costs one read of the site's cached rendering.
   * Returns the number of deliveries queued.
   */
  async publish(topics: string[]): Promise<number> {
    const now = this.now();
    this.subs.expire(now);
    this.documents = new Map();
    let queued = 0;
    for (const topic of topics) {
      const callbacks = this.subs.callbacks(topic, now);
      if (callbacks.length === 0) continue;
      const document = await this.document(topic);
      if (!document || this.subs.etag(topic) === document.etag) continue;
      this.subs.setEtag(topic, document.etag);
      for (const callback of callbacks) {
        this.queue.put(DELIVER, `${topic} ${callback}`, JSON.stringify({ topic, callback } satisfies Delivery), now);
      }
      queued += callbacks.length;
    }
    if (queued > 0) this.deps.wake(now);
    return queued;
  }

  /** Runs every job that is due, then asks to be woken for the next one. Concurrent calls share one run. */
  run(): Promise<void> {
    return this.runner.run();
  }

  /** Jobs waiting (verifications and deliveries, retries included). */
  pending(): number {
    return this.queue.size();
  }

  private async attempt(job: Job): Promise<void> {
    try {
      await (job.kind === VERIFY ? this.verify(job) : this.deliver(job));
    } catch (error) {
      // A bug or a broken store must not stop the other jobs; the job is not retried.
      this.log(`websub: ${job.kind} ${job.key} failed: ${error instanceof Error ? error.message : error}`);
      this.queue.remove(job);
    }
  }

  private document(topic: string): Promise<TopicDocument | undefined> {
    let document = this.documents.get(topic);
    if (!document) {
      document = this.deps.topics.document(topic);
      this.documents.set(topic, document);
    }
    return document;
  }

  /** WebSub §5.3: the subscription holds only when the callback echoes the challenge with a 2xx. */
  private async verify(job: Job): Promise<void> {
    const v = JSON.parse(job.payload) as Verification;
    const challenge = crypto.randomUUID();
    const url = new URL(v.callback);
    url.searchParams.append("hub.mode", v.mode);
    url.searchParams.append("hub.topic", v.requested);
    url.searchParams.append("hub.challenge", challenge);
    if (v.mode === "subscribe") url.searchParams.append("hub.lease_seconds", String(v.lease));
    let confirmed = false;
    try {
      const response = await this.deps.outbound(url.href);
      confirmed =
        response.status >= 200 && response.status < 300 && new TextDecoder().decode(response.body) === challenge;
      if (!confirmed) this.log(`websub: ${v.callback} did not confirm ${v.mode} of ${v.topic} (${response.status})`);
    } catch (error) {
      this.log(`websub: verification of ${v.callback} failed: ${error instanceof Error ? error.message : error}`);
    }
    this.queue.remove(job);
    if (!confirmed) return;
    const now = this.now();
    if (v.mode === "unsubscribe") {
      this.subs.remove(v.topic, v.callback);
      this.queue.removeKey(DELIVER, `${v.topic} ${v.callback}`);
      return;
    }
    if (this.full(v.topic, v.callback, now)) return;
    this.subs.put({ topic: v.topic, callback: v.callback, secret: v.secret, expiresAt: now + v.lease * 1000 });
    // The bytes the subscriber can fetch now are the baseline: only a change after this is distributed.
    if (this.subs.etag(v.topic) === undefined) {
      const document = await this.deps.topics.document(v.topic);
      if (document) this.subs.setEtag(v.topic, document.etag);
    }
  }

  /** WebSub §7: the full new document, signed when the subscriber gave a secret. */
  private async deliver(job: Job): Promise<void> {
    const { topic, callback } = JSON.parse(job.payload) as Delivery;
    const sub = this.subs.get(topic, callback, this.now());
    const document = sub && (await this.document(topic));
    if (!sub || !document) {
      this.queue.remove(job);
      return;
    }
    const hub = `${(await this.deps.topics.manifest()).site.baseUrl}${HUB_PATH}`;
    const headers: Record<string, string> = {
      "Content-Type": document.contentType,
      Link: `<${hub}>; rel="hub", <${topic}>; rel="self"`,
    };
    if (sub.secret) headers["X-Hub-Signature"] = await hubSignature(sub.secret, document.body);
    let failure: string;
    try {
      const response = await this.deps.outbound(callback, { method: "POST", headers, body: document.body });
      if (response.status >= 200 && response.status < 300) {
        this.queue.remove(job);
        return;
      }
      if (response.status === 410) {
        this.log(`websub: ${callback} is gone (410): subscription to ${topic} ended`);
        this.subs.remove(topic, callback);
        this.queue.remove(job);
        return;
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      if (error instanceof RefusedRequest) {
        this.log(`websub: delivery to ${callback} dropped: ${error.message}`);
        this.queue.remove(job);
        return;
      }
      failure = error instanceof Error ? error.message : String(error);
    }
    const now = this.now();
    const due = nextAttempt(this.deps.settings.retry, job, now);
    if (due === undefined) {
      this.log(`websub: gave up delivering ${topic} to ${callback} after ${job.attempts + 1} attempts (${failure})`);
      this.queue.remove(job);
    } else {
      this.queue.retry(job, due);
    }
  }
}

function bad(reason: string): HubAnswer {
  return { status: 400, text: `Bad request: ${reason}` };
}

/**
 * The HTTP face of a hub, for both runtimes: a form-encoded POST in, a one-line plain-text answer
 * out, with `Retry-After` on a 429.
 */
export async function answerHubRequest(hub: Hub, request: Request, client: string): Promise<Response> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    return text({ status: 415, text: "Unsupported media type: send application/x-www-form-urlencoded" });
  }
  const body = new TextDecoder().decode(await request.arrayBuffer());
  return text(await hub.handle(new URLSearchParams(body), client));
}

function text(answer: HubAnswer): Response {
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (answer.retryAfter !== undefined) headers["Retry-After"] = String(answer.retryAfter);
  return new Response(`${answer.text}\n`, { status: answer.status, headers });
}
