import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/free-port.js";
import { NpmStart, serverEnv } from "../support/npm-start.js";
import { Subscriber } from "../support/websub-subscriber.js";

// The site's own WebSub hub under `npm start`, from the outside: a subscriber written from the
// spec discovers, subscribes, is verified and gets signed deliveries when a post is edited;
// its subscriptions and retries survive a restart of the server.
const ROOT = resolve(import.meta.dirname, "../..");
const POST = "2025-08-26-marine-research-expedition.md";

describe("the own WebSub hub under npm start", () => {
  const tmp = mkdtempSync(join(tmpdir(), "feedloom-hub-"));
  const posts = join(tmp, "posts");
  const subscriber = new Subscriber();
  let port: number;
  let site: string;

  const server = new NpmStart(() =>
    // The first retry after a second (doubling from there): the test waits for it, nothing longer.
    serverEnv(tmp, port, { WEBSUB_RETRY_SECONDS: "1" }),
  );
  const start = () => server.start();
  const stop = () => server.stop();

  /** Edits the post's title; the watcher rebuilds and the hub distributes. */
  function editTitle(title: string): void {
    const file = join(posts, POST);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, `title: "${title}"`));
  }

  const topics = () => ({
    rss: `${site}/rss.xml`,
    json: `${site}/feed.json`,
    atom: `${site}/tags/oceans/atom.xml`,
  });
  const SECRETS = { rss: "rss-secret", json: "json secret ✓", atom: "a".repeat(199) };

  beforeAll(async () => {
    cpSync(join(ROOT, "posts"), posts, { recursive: true });
    port = await freePort();
    site = `http://127.0.0.1:${port}`;
    await subscriber.start();
    await start();
  }, 60_000);

  afterAll(async () => {
    await stop();
    await subscriber.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("is discovered from /rss.xml, in the document and in the Link header", async () => {
    const { header, document } = await subscriber.discover(`${site}/rss.xml`);
    expect(header).toEqual({ hub: `${site}/hub`, self: `${site}/rss.xml` });
    expect(document).toEqual(header);
    // Every page of every feed, in each format.
    const second = await subscriber.discover(`${site}/tags/oceans/atom.xml?limit=1&page=2`);
    expect(second.document).toEqual({ hub: `${site}/hub`, self: `${site}/tags/oceans/atom.xml?page=2&limit=1` });
    expect(second.header).toEqual(second.document);
    const json = await subscriber.discover(`${site}/feed.json`);
    expect(json.header).toEqual({ hub: `${site}/hub`, self: `${site}/feed.json` });
    expect(json.document).toEqual(json.header);
  });

  it("refuses a foreign topic and malformed requests with a 4xx and a reason, and verifies nothing", async () => {
    const hub = `${site}/hub`;
    const post = (fields: Record<string, string>, init: RequestInit = {}) =>
      fetch(hub, { method: "POST", body: new URLSearchParams(fields), ...init });
    const callback = subscriber.callback("nobody");
    const cases: [Record<string, string>, number, RegExp][] = [
      [
        { "hub.mode": "subscribe", "hub.topic": "https://example.com/rss.xml", "hub.callback": callback },
        400,
        /not a feed of/,
      ],
      [{ "hub.mode": "subscribe", "hub.topic": `${site}/posts/x`, "hub.callback": callback }, 400, /not a feed of/],
      [
        { "hub.mode": "subscribe", "hub.topic": `${site}/rss.xml?limit=5&page=2`, "hub.callback": callback },
        400,
        /not a feed/,
      ],
      [{ "hub.mode": "subscribe", "hub.topic": `${site}/rss.xml` }, 400, /hub.callback is missing/],
      [{ "hub.mode": "subscribe", "hub.callback": callback }, 400, /hub.topic is missing/],
      [{ "hub.mode": "watch", "hub.topic": `${site}/rss.xml`, "hub.callback": callback }, 400, /hub.mode must be/],
      [{ "hub.topic": `${site}/rss.xml`, "hub.callback": callback }, 400, /hub.mode is missing/],
      [
        { "hub.mode": "subscribe", "hub.topic": `${site}/rss.xml`, "hub.callback": "ftp://127.0.0.1/x" },
        400,
        /http\(s\)/,
      ],
      [
        {
          "hub.mode": "subscribe",
          "hub.topic": `${site}/rss.xml`,
          "hub.callback": callback,
          "hub.secret": "s".repeat(200),
        },
        400,
        /hub.secret/,
      ],
      [
        {
          "hub.mode": "subscribe",
          "hub.topic": `${site}/rss.xml`,
          "hub.callback": callback,
          "hub.lease_seconds": "-1",
        },
        400,
        /lease_seconds/,
      ],
      [{ "hub.mode": "publish", "hub.url": "https://example.com/rss.xml" }, 400, /not a feed of/],
    ];
    for (const [fields, status, reason] of cases) {
      const response = await post(fields);
      expect([fields, response.status]).toEqual([fields, status]);
      expect(await response.text()).toMatch(reason);
    }
    const twice = await fetch(hub, {
      method: "POST",
      body: "hub.mode=subscribe&hub.mode=unsubscribe",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(twice.status).toBe(400);
    expect((await post({}, { body: "{}", headers: { "content-type": "application/json" } })).status).toBe(415);
    expect(
      (
        await post(
          {},
          { body: `hub.mode=${"x".repeat(20_000)}`, headers: { "content-type": "application/x-www-form-urlencoded" } },
        )
      ).status,
    ).toBe(413);
    expect(subscriber.verifications.filter((v) => v.name === "nobody")).toEqual([]);
  });

  it("verifies the subscriptions with the lease it grants", async () => {
    for (const [name, topic] of Object.entries(topics())) {
      const answer = await subscriber.request(`${site}/hub`, "subscribe", topic, name, {
        secret: SECRETS[name as keyof typeof SECRETS],
      });
      expect(answer.status).toBe(202);
    }
    // A control subscriber that never unsubscribes.
    await subscriber.request(`${site}/hub`, "subscribe", topics().rss, "control");
    await subscriber.until(() => subscriber.verifications.filter((v) => v.confirmed).length === 4, "4 verifications");
    for (const v of subscriber.verifications) {
      expect(v.mode).toBe("subscribe");
      expect(v.lease).toBe("864000");
    }
  });

  it("delivers each changed topic, signed, with its type and links; retries a delivery answered with 500", async () => {
    subscriber.failNext.set("atom", [500]);
    editTitle("Deep Pacific survey: first results");
    await subscriber.until(
      () =>
        ["rss", "json", "control"].every((n) => subscriber.deliveries.some((d) => d.name === n)) &&
        subscriber.deliveries.filter((d) => d.name === "atom").length === 2,
      "deliveries and the retry",
    );
    const expectCurrent = async (name: keyof ReturnType<typeof topics>, type: string) => {
      const mine = subscriber.deliveries.filter((d) => d.name === name);
      const last = mine.at(-1);
      const current = await fetch(topics()[name]);
      expect(last?.body).toBe(await current.text());
      expect(last?.body).toContain("Deep Pacific survey: first results");
      expect(last?.contentType).toBe(type);
      expect(last?.link).toBe(`<${site}/hub>; rel="hub", <${topics()[name]}>; rel="self"`);
      expect(mine.every((d) => d.signed)).toBe(true);
    };
    await expectCurrent("rss", "application/rss+xml; charset=utf-8");
    await expectCurrent("json", "application/feed+json; charset=utf-8");
    await expectCurrent("atom", "application/atom+xml; charset=utf-8");
    expect(subscriber.deliveries.filter((d) => d.name === "atom").map((d) => d.status)).toEqual([500, 204]);
    // The control subscription gave no secret: its deliveries carry no signature.
    expect(subscriber.deliveries.find((d) => d.name === "control")?.signed).toBe(true);
  }, 60_000);

  it("keeps its subscriptions across a restart of the server", async () => {
    await stop();
    const before = subscriber.deliveries.length;
    await start();
    editTitle("Deep Pacific survey: after the restart");
    await subscriber.until(
      () => ["rss", "json", "atom"].every((n) => subscriber.deliveries.slice(before).some((d) => d.name === n)),
      "deliveries after the restart",
    );
    expect(subscriber.deliveries.slice(before).every((d) => d.signed && d.body.includes("after the restart"))).toBe(
      true,
    );
  }, 60_000);

  it("sends nothing after unsubscribing", async () => {
    for (const [name, topic] of Object.entries(topics())) {
      expect((await subscriber.request(`${site}/hub`, "unsubscribe", topic, name)).status).toBe(202);
    }
    await subscriber.until(
      () => subscriber.verifications.filter((v) => v.mode === "unsubscribe" && v.confirmed).length === 3,
      "3 unsubscriptions",
    );
    const before = subscriber.deliveries.length;
    editTitle("Deep Pacific survey: nobody but control");
    // The control subscriber's delivery comes from the same distribution the others would be in.
    await subscriber.until(() => subscriber.deliveries.slice(before).some((d) => d.name === "control"), "control");
    expect(subscriber.deliveries.slice(before).map((d) => d.name)).toEqual(["control"]);
  }, 60_000);
});
