import { runDurableObjectAlarm, runInDurableObject, SELF, env as testEnv } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { Env } from "../../src/worker/index.js";
import type { Received, SignedRequest } from "../support/fediverse-follower.js";

const env = testEnv as unknown as Env;

// The Worker's fediverse actor in workerd: the Durable Object with SQLite storage, its alarm and
// the outbound guard, against a follower written from the specs on loopback (test/global-setup.ts).
// workerd cannot sign with node:crypto keys nor be reached from outside, so the follower signs
// for the test (`/sign`) and is handed the actor's key (`/trust`) instead of fetching it.
const follower = inject("followerUrl");
const SITE = "http://localhost:8787";
const AP = { Accept: "application/activity+json" };
const SYNC = { method: "POST", headers: { Authorization: "Bearer test-sync-token" } };

async function received(): Promise<Received[]> {
  return (await fetch(`${follower}/log`)).json();
}

async function signed(url: string, activity: unknown, tamper?: string): Promise<SignedRequest> {
  const response = await fetch(`${follower}/sign`, { method: "POST", body: JSON.stringify({ url, activity, tamper }) });
  return response.json();
}

/** Runs the federation object's alarm until `test` holds on what the follower received. */
async function until(test: (r: Received[]) => boolean, what: string): Promise<Received[]> {
  const stub = env.FEDERATION?.get(env.FEDERATION.idFromName("actor"));
  for (let i = 0; i < 100; i++) {
    const log = await received();
    if (test(log)) return log;
    if (stub) await runDurableObjectAlarm(stub);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}: ${JSON.stringify(await received())}`);
}

describe("the Worker's fediverse actor", () => {
  it("Follow → signed Accept → Create after a deploy's sync", async () => {
    const finger = await SELF.fetch(`${SITE}/.well-known/webfinger?resource=acct:news@localhost:8787`);
    expect(finger.status).toBe(200);
    expect(finger.headers.get("content-type")).toBe("application/jrd+json");
    const self = ((await finger.json()) as { links: { rel: string; href: string }[] }).links.find(
      (l) => l.rel === "self",
    )?.href as string;
    const actor = (await (await SELF.fetch(self, { headers: AP })).json()) as {
      id: string;
      inbox: string;
      publicKey: { id: string; publicKeyPem: string };
    };
    expect(actor.id).toBe(`${SITE}/ap/actors/news`);
    await fetch(`${follower}/trust`, {
      method: "POST",
      body: JSON.stringify({ keyId: actor.publicKey.id, pem: actor.publicKey.publicKeyPem }),
    });

    const follow = (await (await fetch(`${follower}/follow?object=${encodeURIComponent(actor.id)}`)).json()) as {
      id: string;
    };
    for (const tamper of [undefined, "key", "digest"]) {
      const bad = tamper
        ? await signed(actor.inbox, follow, tamper)
        : { url: actor.inbox, headers: { "Content-Type": "application/activity+json" }, body: JSON.stringify(follow) };
      expect((await SELF.fetch(bad.url, { method: "POST", headers: bad.headers, body: bad.body })).status).toBe(401);
    }
    const good = await signed(actor.inbox, follow);
    expect((await SELF.fetch(good.url, { method: "POST", headers: good.headers, body: good.body })).status).toBe(202);
    const log = await until((r) => r.some((x) => x.activity.type === "Accept"), "the Accept");
    const accept = log.find((x) => x.activity.type === "Accept");
    expect(accept).toMatchObject({ verified: true, keyId: actor.publicKey.id });
    expect(accept?.activity).toMatchObject({ actor: actor.id, object: { id: follow.id, type: "Follow" } });
    const followers = (await (await SELF.fetch(`${actor.id}/followers`, { headers: AP })).json()) as {
      totalItems: number;
    };
    expect(followers.totalItems).toBe(1);

    // Without the token, the deploy's endpoint refuses.
    expect((await SELF.fetch(`${SITE}/ap/sync`, { method: "POST" })).status).toBe(401);
    // The first sync records the published set; the same build again sends nothing.
    expect(await (await SELF.fetch(`${SITE}/ap/sync`, SYNC)).json()).toMatchObject({ baseline: true });
    expect(await (await SELF.fetch(`${SITE}/ap/sync`, SYNC)).json()).toEqual({
      created: 0,
      updated: 0,
      deleted: 0,
      baseline: false,
    });
    const stub = env.FEDERATION?.get(env.FEDERATION.idFromName("actor"));
    if (!stub) throw new Error("no FEDERATION binding");
    await runInDurableObject(stub, async (_instance, state) => {
      // A deploy of another build, in which this post is new.
      state.storage.sql.exec("DELETE FROM ap_posts WHERE slug = 'riverside-tram-line-opens'");
      state.storage.sql.exec("UPDATE ap_meta SET value = 'previous-deploy' WHERE name = 'synced'");
    });
    expect(await (await SELF.fetch(`${SITE}/ap/sync`, SYNC)).json()).toMatchObject({ created: 1, baseline: false });
    const after = await until((r) => r.some((x) => x.activity.type === "Create"), "the Create");
    const create = after.find((x) => x.activity.type === "Create");
    expect(create).toMatchObject({ verified: true, path: "/inbox" });
    expect(create?.activity).toMatchObject({
      actor: actor.id,
      object: { type: "Article", id: `${SITE}/posts/riverside-tram-line-opens` },
    });
  });

  it("serves the Article by content negotiation and the page to browsers, never one for the other", async () => {
    const url = `${SITE}/posts/riverside-tram-line-opens`;
    for (let i = 0; i < 2; i++) {
      // Accept: */* is the edge cache's non-browser variant, the one an ActivityStreams request would hit.
      const other = await SELF.fetch(url, { headers: { Accept: "*/*" } });
      expect(other.headers.get("content-type")).toMatch(/^text\/html/);
      await other.arrayBuffer();
      const page = await SELF.fetch(url, { headers: { Accept: "text/html" } });
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("vary")).toMatch(/\bAccept\b/);
      await page.arrayBuffer();
      const article = await SELF.fetch(url, { headers: AP });
      expect(article.headers.get("content-type")).toMatch(/^application\/activity\+json/);
      expect(article.headers.get("vary")).toMatch(/\bAccept\b/);
      expect(((await article.json()) as { type: string }).type).toBe("Article");
    }
  });
});
