import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Hub } from "../../src/hub/hub.js";
import { DEFAULT_HUB_SETTINGS, type HubSettings } from "../../src/hub/settings.js";
import { appTopics } from "../../src/hub/topics.js";
import { nodeTransport } from "../../src/node/outbound-transport.js";
import { createNodeSite } from "../../src/node/site-app.js";
import { openSqlite } from "../../src/node/sqlite.js";
import { createOutbound } from "../../src/outbound/request.js";
import { JobQueue } from "../../src/state/jobs.js";
import type { SqlDb } from "../../src/state/sql.js";
import { Subscriber } from "../support/websub-subscriber.js";

/** The sample site that test/global-setup.ts compiled. */
const SAMPLE = inject("sampleSite");

// The hub's rules with an injected clock: retries over a day, leases, caps and the rate limit,
// against a real subscriber on loopback and the sample site (compiled by test/global-setup.ts).
const SITE = "http://localhost:8787";
const TOPIC = `${SITE}/tags/japan/rss.xml`;
const HOUR = 3_600_000;

describe("the hub, with time passed in", () => {
  const subscriber = new Subscriber();
  const site = createNodeSite(SAMPLE, undefined, {
    endpoint: async () => new Response(null, { status: 500 }),
    client: () => "test",
    maxBodyBytes: 1024,
  });
  let clock = Date.UTC(2026, 0, 1);
  const wakes: number[] = [];
  const lines: string[] = [];
  let n = 0;

  async function hubWith(settings: Partial<HubSettings> = {}): Promise<{ hub: Hub; db: SqlDb }> {
    const db = await openSqlite(":memory:");
    const hub = new Hub({
      db,
      topics: appTopics(
        () => site.store.manifest(),
        async (path) => site.app.request(path),
      ),
      outbound: createOutbound({ transport: nodeTransport(true), allowPrivate: true }),
      settings: { ...structuredClone(DEFAULT_HUB_SETTINGS), ...settings },
      now: () => clock,
      wake: (at) => wakes.push(at),
      log: (line) => lines.push(line),
    });
    return { hub, db };
  }

  async function subscribe(hub: Hub, name: string, fields: Record<string, string> = {}, client = "c") {
    const form = new URLSearchParams({
      "hub.mode": "subscribe",
      "hub.topic": TOPIC,
      "hub.callback": subscriber.callback(name),
      ...fields,
    });
    await fetch(`${subscriber.url}/want?${new URLSearchParams({ name, mode: "subscribe", topic: TOPIC })}`);
    return hub.handle(form, client);
  }

  /** A new deploy: the topic's stored ETag is not the served one any more. */
  function changeTopic(db: SqlDb) {
    db.run("UPDATE websub_topics SET etag = ? WHERE topic = ?", `old-${n++}`, TOPIC);
  }

  beforeAll(async () => {
    await subscriber.start();
  });
  afterAll(() => subscriber.close());

  it("retries a failing delivery with growing delays for a whole day, then drops and logs it", async () => {
    const { hub, db } = await hubWith();
    expect((await subscribe(hub, "failing")).status).toBe(202);
    await hub.run();
    expect(subscriber.verifications.find((v) => v.name === "failing")?.confirmed).toBe(true);
    subscriber.failNext.set("failing", Array(100).fill(500));
    changeTopic(db);
    expect(await hub.publish([TOPIC])).toBe(1);
    const start = clock;
    const attempts: number[] = [];
    const queue = new JobQueue(db);
    while (hub.pending() > 0) {
      await hub.run();
      attempts.push(clock);
      const next = queue.nextDue();
      if (next === undefined) break;
      expect(next).toBeGreaterThan(clock);
      expect(wakes.at(-1)).toBe(next);
      clock = next;
    }
    const delays = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    expect(delays[0]).toBe(60_000);
    expect(delays[1]).toBe(120_000);
    // Doubling up to 6 hours; the last attempt lands at the end of the day.
    for (let i = 1; i < delays.length - 1; i++) {
      expect(delays[i]).toBe(Math.min(2 * (delays[i - 1] as number), 6 * HOUR));
    }
    expect((attempts.at(-1) as number) - start).toBe(24 * HOUR);
    expect(subscriber.deliveries.filter((d) => d.name === "failing").length).toBe(attempts.length);
    expect(lines.at(-1)).toMatch(/^websub: gave up delivering .* after \d+ attempts \(HTTP 500\)$/);
    // The subscription itself holds: the next change is tried again.
    changeTopic(db);
    expect(await hub.publish([TOPIC])).toBe(1);
  });

  it("sends nothing for unchanged bytes, and a 410 Gone ends the subscription", async () => {
    const { hub, db } = await hubWith();
    await subscribe(hub, "gone");
    await hub.run();
    expect(await hub.publish([TOPIC])).toBe(0);
    subscriber.failNext.set("gone", [410]);
    changeTopic(db);
    expect(await hub.publish([TOPIC])).toBe(1);
    await hub.run();
    expect(hub.subscribedTopics()).toEqual([]);
    changeTopic(db);
    expect(await hub.publish([TOPIC])).toBe(0);
  });

  it("gives nothing after the lease ends, clamps leases to the bounds, and renews on resubscription", async () => {
    const { hub, db } = await hubWith();
    await subscribe(hub, "short", { "hub.lease_seconds": "60" });
    await hub.run();
    expect(subscriber.verifications.filter((v) => v.name === "short").map((v) => v.lease)).toEqual(["3600"]);
    clock += 2 * HOUR;
    changeTopic(db);
    expect(await hub.publish([TOPIC])).toBe(0);
    await subscribe(hub, "short", { "hub.lease_seconds": "99999999" });
    await hub.run();
    expect(subscriber.verifications.filter((v) => v.name === "short").map((v) => v.lease)).toEqual(["3600", "2592000"]);
    changeTopic(db);
    expect(await hub.publish([TOPIC])).toBe(1);
  });

  it("answers 429 with Retry-After over the rate of requests and over the caps per host and per topic", async () => {
    const limited = (await hubWith({ requestsPerMinute: 2 })).hub;
    expect((await subscribe(limited, "r1", {}, "flood")).status).toBe(202);
    expect((await subscribe(limited, "r2", {}, "flood")).status).toBe(202);
    const over = await subscribe(limited, "r3", {}, "flood");
    expect(over.status).toBe(429);
    expect(over.retryAfter).toBeGreaterThan(0);
    expect(over.retryAfter).toBeLessThanOrEqual(60);
    expect((await subscribe(limited, "r4", {}, "someone else")).status).toBe(202);
    clock += 60_000;
    expect((await subscribe(limited, "r5", {}, "flood")).status).toBe(202);

    const capped = (await hubWith({ maxPerHost: 2 })).hub;
    for (const name of ["h1", "h2"]) await subscribe(capped, name, {}, name);
    await capped.run();
    const third = await subscribe(capped, "h3", {}, "h3");
    expect(third).toMatchObject({ status: 429, retryAfter: 3600 });
    expect(third.text).toMatch(/callback host/);
    // A renewal is not a new subscription.
    expect((await subscribe(capped, "h1", {}, "h1")).status).toBe(202);

    const topic = (await hubWith({ maxPerTopic: 1 })).hub;
    await subscribe(topic, "t1", {}, "t1");
    await topic.run();
    expect((await subscribe(topic, "t2", {}, "t2")).text).toMatch(/This topic has the most subscribers/);
  });

  it("never verifies a callback that does not echo the challenge", async () => {
    const { hub } = await hubWith();
    // The subscriber confirms only what it asked for: here it asked for another topic.
    await fetch(
      `${subscriber.url}/want?${new URLSearchParams({ name: "unwanted", mode: "subscribe", topic: `${SITE}/rss.xml` })}`,
    );
    await hub.handle(
      new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": TOPIC,
        "hub.callback": subscriber.callback("unwanted"),
      }),
      "c",
    );
    await hub.run();
    expect(subscriber.verifications.find((v) => v.name === "unwanted")?.confirmed).toBe(false);
    expect(hub.subscribedTopics()).toEqual([]);
    expect(lines.at(-1)).toMatch(/did not confirm subscribe/);
  });
});
