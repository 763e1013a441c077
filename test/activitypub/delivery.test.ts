import { exportSpki, generateCryptoKeyPair } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Deliveries } from "../../src/activitypub/delivery.js";
import { Followers } from "../../src/activitypub/followers.js";
import { nodeTransport } from "../../src/node/outbound-transport.js";
import { openSqlite } from "../../src/node/sqlite.js";
import { createOutbound } from "../../src/outbound/request.js";
import { Follower } from "../support/fediverse-follower.js";

// Deliveries to a real inbox on loopback: signed as Mastodon checks, retried with backoff on a
// failure (the clock is the test's), and a 410 removes the followers behind the inbox.
const KEY_ID = "https://site.example/ap/actors/news#main-key";

describe("Deliveries", () => {
  const inbox = new Follower("inbox");
  let keys: CryptoKeyPair;

  beforeAll(async () => {
    await inbox.start();
    keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    inbox.trusted.set(KEY_ID, await exportSpki(keys.publicKey));
  });
  afterAll(() => inbox.close());

  async function setup() {
    const db = await openSqlite(":memory:");
    let now = 1_000_000;
    const wakes: number[] = [];
    const followers = new Followers(db);
    const deliveries = new Deliveries({
      db,
      outbound: createOutbound({ transport: nodeTransport(true), allowPrivate: true }),
      followers,
      privateKey: async () => keys.privateKey,
      retry: { baseMs: 60_000, maxDelayMs: 3_600_000, windowMs: 86_400_000 },
      concurrency: 2,
      now: () => now,
      wake: (at) => wakes.push(at),
      log: () => {},
    });
    return { deliveries, followers, wakes, advance: (ms: number) => (now += ms), now: () => now };
  }

  it("signs each request, retries a failure after the backoff and stops when delivered", async () => {
    const { deliveries, wakes, advance, now } = await setup();
    inbox.received.length = 0;
    inbox.failNext.push(500);
    const body = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: "urn:x:1", type: "Create" });
    deliveries.enqueue({ id: "urn:x:1", body, keyId: KEY_ID }, [inbox.sharedInbox]);
    expect(wakes).toEqual([now()]);
    await deliveries.run();
    expect(inbox.received).toHaveLength(1);
    expect(inbox.received[0]).toMatchObject({ verified: true, keyId: KEY_ID, activity: { id: "urn:x:1" } });
    expect(deliveries.pending()).toBe(1);
    // Not due yet: nothing is sent.
    await deliveries.run();
    expect(inbox.received).toHaveLength(1);
    expect(wakes.at(-1)).toBe(now() + 60_000);
    advance(60_000);
    await deliveries.run();
    expect(inbox.received).toHaveLength(2);
    expect(inbox.received[1]?.verified).toBe(true);
    expect(deliveries.pending()).toBe(0);
  });

  it("removes every follower behind an inbox that answers 410 Gone", async () => {
    const { deliveries, followers } = await setup();
    followers.put(
      { actor: `${inbox.url}/users/a`, inbox: `${inbox.url}/users/a/inbox`, sharedInbox: inbox.sharedInbox },
      1,
    );
    followers.put(
      { actor: `${inbox.url}/users/b`, inbox: `${inbox.url}/users/b/inbox`, sharedInbox: inbox.sharedInbox },
      2,
    );
    followers.put({ actor: "https://else.example/u", inbox: "https://else.example/u/inbox", sharedInbox: null }, 3);
    expect(followers.inboxes()).toEqual([inbox.sharedInbox, "https://else.example/u/inbox"]);
    inbox.failNext.push(410);
    deliveries.enqueue({ id: "urn:x:2", body: "{}", keyId: KEY_ID }, [inbox.sharedInbox]);
    await deliveries.run();
    expect(followers.count()).toBe(1);
    expect(deliveries.pending()).toBe(0);
  });

  it("drops a delivery the address guard refuses, without retrying", async () => {
    const db = await openSqlite(":memory:");
    const deliveries = new Deliveries({
      db,
      outbound: createOutbound({ transport: nodeTransport(false), allowPrivate: false }),
      followers: new Followers(db),
      privateKey: async () => keys.privateKey,
      retry: { baseMs: 1, maxDelayMs: 1, windowMs: 10 },
      concurrency: 1,
      now: () => 0,
      wake: () => {},
      log: () => {},
    });
    const before = inbox.received.length;
    deliveries.enqueue({ id: "urn:x:3", body: "{}", keyId: KEY_ID }, [inbox.sharedInbox]);
    await deliveries.run();
    expect(deliveries.pending()).toBe(0);
    expect(inbox.received.length).toBe(before);
  });
});
