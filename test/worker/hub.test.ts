import { runDurableObjectAlarm, runInDurableObject, SELF, env as testEnv } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { Env } from "../../src/worker/index.js";
import type { Delivery, Verification } from "../support/websub-subscriber.js";

const env = testEnv as unknown as Env;

// The Worker's own hub in workerd: the Durable Object with SQLite storage, its alarm, and the
// outbound guard, against a real subscriber on loopback (started by test/global-setup.ts).
const subscriber = inject("subscriberUrl");
const SITE = "http://localhost:8787";
const TOPIC = `${SITE}/tags/japan/atom.xml`;

async function log(): Promise<{ verifications: Verification[]; deliveries: Delivery[] }> {
  return (await fetch(`${subscriber}/log`)).json();
}

/** Runs the hub's alarm until `test` holds on the subscriber's log. */
async function until(test: (l: Awaited<ReturnType<typeof log>>) => boolean, what: string) {
  const stub = env.HUB.get(env.HUB.idFromName("hub"));
  for (let i = 0; i < 100; i++) {
    if (test(await log())) return;
    await runDurableObjectAlarm(stub);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function form(fields: Record<string, string>) {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  };
}

describe("the Worker's own WebSub hub", () => {
  it("advertises itself in the feed and its Link header", async () => {
    const response = await SELF.fetch(TOPIC);
    expect(response.headers.get("link")).toBe(`<${SITE}/hub>; rel="hub", <${TOPIC}>; rel="self"`);
    expect(await response.text()).toContain(`<link rel="hub" href="${SITE}/hub"/>`);
  });

  it("subscribe → verify → publish → deliver, signed", async () => {
    const name = "worker-japan";
    const callback = `${subscriber}/cb/${name}`;
    await fetch(
      `${subscriber}/want?${new URLSearchParams({ name, mode: "subscribe", topic: TOPIC, secret: "s3cret" })}`,
    );
    const answer = await SELF.fetch(
      `${SITE}/hub`,
      form({ "hub.mode": "subscribe", "hub.topic": TOPIC, "hub.callback": callback, "hub.secret": "s3cret" }),
    );
    expect(answer.status).toBe(202);
    await until((l) => l.verifications.some((v) => v.name === name && v.confirmed), "verification");

    // Nothing changed since the subscription: a publish sends nothing.
    expect((await SELF.fetch(`${SITE}/hub`, form({ "hub.mode": "publish", "hub.url": TOPIC }))).status).toBe(202);
    const stub = env.HUB.get(env.HUB.idFromName("hub"));
    await runDurableObjectAlarm(stub);
    expect((await log()).deliveries.filter((d) => d.name === name)).toEqual([]);

    // A deploy changed the topic's bytes: the stored ETag is the previous deploy's.
    await runInDurableObject(stub, async (_instance, state) => {
      state.storage.sql.exec("UPDATE websub_topics SET etag = 'previous-deploy' WHERE topic = ?", TOPIC);
    });
    expect((await SELF.fetch(`${SITE}/hub`, form({ "hub.mode": "publish", "hub.url": TOPIC }))).status).toBe(202);
    await until((l) => l.deliveries.some((d) => d.name === name), "delivery");
    const delivery = (await log()).deliveries.find((d) => d.name === name) as Delivery;
    expect(delivery.signed).toBe(true);
    expect(delivery.contentType).toBe("application/atom+xml; charset=utf-8");
    expect(delivery.link).toBe(`<${SITE}/hub>; rel="hub", <${TOPIC}>; rel="self"`);
    expect(delivery.body).toBe(await (await SELF.fetch(TOPIC)).text());
  });

  it("refuses foreign topics, bad modes and other media types", async () => {
    const callback = `${subscriber}/cb/nobody`;
    const foreign = await SELF.fetch(
      `${SITE}/hub`,
      form({ "hub.mode": "subscribe", "hub.topic": "https://example.com/feed.xml", "hub.callback": callback }),
    );
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toMatch(/^Bad request: hub.topic is not a feed of/);
    expect((await SELF.fetch(`${SITE}/hub`, form({ "hub.mode": "follow" }))).status).toBe(400);
    expect(
      (await SELF.fetch(`${SITE}/hub`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }))
        .status,
    ).toBe(415);
    expect((await log()).verifications.some((v) => v.name === "nobody")).toBe(false);
  });
});
