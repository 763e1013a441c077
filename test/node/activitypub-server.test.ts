import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Follower } from "../support/fediverse-follower.js";
import { freePort } from "../support/free-port.js";
import { expandOffline } from "../support/jsonld.js";
import { NpmStart, serverEnv } from "../support/npm-start.js";

// The site as a fediverse account under `npm start`, from the outside: followers written from the
// specs find it from the home page and WebFinger, follow it with signed requests, and get signed
// Create, Update and Delete activities as post files are added, edited and removed.
const ROOT = resolve(import.meta.dirname, "../..");
const AP = { Accept: "application/activity+json" };
const NEW_POST = "2026-11-30-harbour-ferry-returns.md";

describe("the site's ActivityPub actor under npm start", () => {
  const tmp = mkdtempSync(join(tmpdir(), "feedloom-ap-"));
  const posts = join(tmp, "posts");
  const reader = new Follower("reader");
  const other = new Follower("other");
  let port: number;
  let site: string;
  let actor: string;

  const server = new NpmStart(() => serverEnv(tmp, port));
  const start = () => server.start();
  const stop = () => server.stop();

  async function json(url: string): Promise<Record<string, unknown>> {
    const response = await fetch(url, { headers: AP });
    expect(response.status, url).toBe(200);
    const document = (await response.json()) as Record<string, unknown>;
    await expandOffline(document);
    return document;
  }

  function writePost(title: string): void {
    writeFileSync(
      join(posts, NEW_POST),
      `---\ntitle: "${title}"\ndate: 2026-11-30T08:00:00Z\nsummary:\n  - The ferry runs again.\ntags: [Harbour, New York]\n---\n\nThe harbour ferry is back after two years of repairs.\n`,
    );
  }

  const postUrl = () => `${site}/posts/harbour-ferry-returns`;

  beforeAll(async () => {
    cpSync(join(ROOT, "posts"), posts, { recursive: true });
    port = await freePort();
    site = `http://127.0.0.1:${port}`;
    await reader.start();
    await other.start();
    await start();
  }, 60_000);

  afterAll(async () => {
    await stop();
    await reader.close();
    await other.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("is found from the home page and by WebFinger, with the port in the host", async () => {
    actor = await Follower.actorFromHomePage(`${site}/`);
    const finger = await Follower.webfinger(site, `acct:news@127.0.0.1:${port}`);
    expect(finger).toEqual({ status: 200, type: "application/jrd+json", self: actor });
    expect((await Follower.webfinger(site, `acct:nobody@127.0.0.1:${port}`)).status).toBe(404);
    expect((await Follower.webfinger(site, "acct:news@elsewhere.example")).status).toBe(404);
    expect((await fetch(`${site}/.well-known/webfinger`)).status).toBe(400);

    const document = await json(actor);
    expect(document).toMatchObject({
      id: actor,
      type: "Service",
      preferredUsername: "news",
      name: "Feedloom News",
      url: `${site}/`,
      inbox: `${actor}/inbox`,
      outbox: `${actor}/outbox`,
      followers: `${actor}/followers`,
      endpoints: { sharedInbox: `${site}/ap/inbox` },
      publicKey: { id: `${actor}#main-key`, owner: actor },
    });
    expect(String(document.summary)).toContain("World, technology and science news");
    expect(String((document.publicKey as { publicKeyPem: string }).publicKeyPem)).toMatch(
      /^-----BEGIN PUBLIC KEY-----/,
    );

    const links = (await (await fetch(`${site}/.well-known/nodeinfo`)).json()) as { links: { href: string }[] };
    const nodeinfo = (await (await fetch(links.links[0]?.href as string)).json()) as Record<string, unknown>;
    expect(nodeinfo).toMatchObject({ version: "2.1", protocols: ["activitypub"], usage: { localPosts: 12 } });
  });

  it("serves each post as an Article at its own URL by content negotiation, and the page to browsers", async () => {
    const url = `${site}/posts/riverside-tram-line-opens`;
    const page = await fetch(url, { headers: { Accept: "text/html" } });
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("vary")).toMatch(/\bAccept\b/);
    const html = await page.text();
    expect(html).toContain(`<link rel="alternate" type="application/activity+json" href="${url}"/>`);
    // The page in the variant a feed reader gets (Accept: */*) is what an ActivityStreams request
    // would share a cache entry with (neither names text/html): the cache holds it now.
    for (let i = 0; i < 2; i++) {
      const reader = await fetch(url, { headers: { Accept: "*/*" } });
      expect(reader.headers.get("content-type")).toMatch(/^text\/html/);
      await reader.arrayBuffer();
    }
    // Asked for in both ActivityStreams ways: each gets the Article, never the cached page.
    for (const accept of [
      "application/activity+json",
      'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
    ]) {
      const response = await fetch(url, { headers: { Accept: accept } });
      expect(response.headers.get("content-type")).toMatch(/^application\/(activity|ld)\+json/);
      expect(response.headers.get("vary")).toMatch(/\bAccept\b/);
      const article = (await response.json()) as Record<string, unknown>;
      await expandOffline(article);
      expect(article).toMatchObject({
        id: url,
        type: "Article",
        url,
        name: "Riverside tram line opens, linking the old town with the new hospital",
        attributedTo: actor,
        to: "as:Public",
        cc: `${actor}/followers`,
        attachment: { type: "Image", mediaType: "image/jpeg" },
      });
      expect(String(article.content)).toContain("<figure");
      expect(String(article.summary).length).toBeGreaterThan(0);
      expect(typeof article.published).toBe("string");
    }
    expect((await fetch(url, { headers: { Accept: "text/html" } })).headers.get("content-type")).toMatch(/^text\/html/);

    const outbox = await json(`${actor}/outbox`);
    expect(outbox).toMatchObject({ type: "OrderedCollection", totalItems: 12 });
    const first = await json(String(outbox.first));
    const items = first.orderedItems as { type: string; object: { published: string } }[];
    expect(items.every((i) => i.type === "Create")).toBe(true);
    const dates = items.map((i) => i.object.published);
    expect(dates).toEqual([...dates].sort().reverse());
    expect((await json(`${actor}/followers`)).totalItems).toBe(0);
  });

  it("refuses unsigned, badly signed and oversized POSTs to its inboxes and stores nothing", async () => {
    const follow = reader.follow(actor);
    const unsigned = await fetch(`${actor}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: JSON.stringify(follow),
    });
    expect(unsigned.status).toBe(401);
    // Neither an invalid activity nor a body that is not JSON gets further than the missing signature.
    for (const body of ['{"type":"Follow"}', "not json"]) {
      for (const inbox of [`${actor}/inbox`, `${site}/ap/inbox`]) {
        const response = await fetch(inbox, {
          method: "POST",
          headers: { "Content-Type": "application/activity+json" },
          body,
        });
        expect(response.status, `${inbox} ${body}`).toBe(401);
      }
    }
    for (const tamper of ["key", "digest", "date"] as const) {
      expect(await reader.post(`${actor}/inbox`, follow, tamper), tamper).toBe(401);
      expect(await reader.post(`${site}/ap/inbox`, follow, tamper), tamper).toBe(401);
    }
    const big = await fetch(`${site}/ap/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: "x".repeat(300_000),
    });
    expect(big.status).toBe(413);
    expect((await json(`${actor}/followers`)).totalItems).toBe(0);
    expect(reader.received).toEqual([]);
  });

  it("accepts a signed Follow with a signed Accept, then sends Create, Update and Delete as posts change", async () => {
    const follow = reader.follow(actor);
    expect(await reader.post(`${actor}/inbox`, follow)).toBe(202);
    await reader.until((r) => r.some((x) => x.activity.type === "Accept"), "the Accept");
    const [accept] = reader.of("Accept");
    expect(accept).toMatchObject({ verified: true, keyId: `${actor}#main-key`, path: "/users/reader/inbox" });
    expect(accept?.activity).toMatchObject({ actor, object: { id: follow.id, type: "Follow", actor: reader.actor } });
    await expandOffline(accept?.activity);
    expect(await other.post(`${site}/ap/inbox`, other.follow(actor))).toBe(202);
    await other.until((r) => r.some((x) => x.activity.type === "Accept"), "the other Accept");
    expect((await json(`${actor}/followers`)).totalItems).toBe(2);
    // Likes and the like are accepted and ignored.
    const like = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: reader.newId("like"),
      type: "Like",
      actor: reader.actor,
      object: postUrl(),
    };
    expect(await reader.post(`${site}/ap/inbox`, like)).toBe(202);

    writePost("Harbour ferry returns");
    await reader.until((r) => r.some((x) => x.activity.type === "Create"), "the Create");
    const [create] = reader.of("Create");
    // One request per shared inbox: the follower's server gets it there.
    expect(create).toMatchObject({ verified: true, path: "/inbox" });
    expect(create?.activity).toMatchObject({
      type: "Create",
      actor,
      object: { type: "Article", id: postUrl(), name: "Harbour ferry returns", attributedTo: actor },
    });
    const tags = (create?.activity.object as { tag?: unknown } | undefined)?.tag;
    expect(tags).toEqual(
      expect.arrayContaining([
        { type: "Hashtag", name: "#NewYork", href: `${site}/tags/new-york` },
        { type: "Hashtag", name: "#Harbour", href: `${site}/tags/harbour` },
      ]),
    );
    await expandOffline(create?.activity);
    await other.until((r) => r.some((x) => x.activity.type === "Create"), "the other Create");

    writePost("Harbour ferry returns after repairs");
    await reader.until((r) => r.some((x) => x.activity.type === "Update"), "the Update");
    const [update] = reader.of("Update");
    expect(update?.verified).toBe(true);
    expect(update?.activity).toMatchObject({ object: { id: postUrl(), name: "Harbour ferry returns after repairs" } });
    await expandOffline(update?.activity);

    unlinkSync(join(posts, NEW_POST));
    await reader.until((r) => r.some((x) => x.activity.type === "Delete"), "the Delete");
    const [deleted] = reader.of("Delete");
    expect(deleted?.verified).toBe(true);
    expect(deleted?.activity).toMatchObject({ actor, object: { type: "Tombstone", id: postUrl() } });
    await expandOffline(deleted?.activity);
    expect(reader.of("Create")).toHaveLength(1);
    expect(reader.of("Update")).toHaveLength(1);
  }, 60_000);

  it("keeps its key and its followers across a restart; after Undo nothing more arrives", async () => {
    const key = (await json(actor)).publicKey;
    await stop();
    await start();
    expect((await json(actor)).publicKey).toEqual(key);
    expect((await json(`${actor}/followers`)).totalItems).toBe(2);

    const [accept] = reader.of("Accept");
    const follow = (accept?.activity.object ?? {}) as Record<string, unknown>;
    expect(
      await reader.post(
        `${actor}/inbox`,
        reader.undo({ "@context": "https://www.w3.org/ns/activitystreams", ...follow }),
      ),
    ).toBe(202);
    expect((await json(`${actor}/followers`)).totalItems).toBe(1);
    const before = reader.received.length;

    writePost("Harbour ferry returns once more");
    // The follower still following gets the Create; the one that left, nothing.
    await other.until((r) => r.filter((x) => x.activity.type === "Create").length === 2, "the second Create");
    expect(reader.received.slice(before)).toEqual([]);
  }, 60_000);

  it("sends a post dated in the future when its date arrives", async () => {
    const date = new Date(Date.now() + 3_000).toISOString().replace(/\.\d+Z$/, "Z");
    writeFileSync(
      join(posts, "2099-01-01-tide-tables.md"),
      `---\ntitle: Tide tables for the week\ndate: ${date}\n---\n\nHigh water at noon.\n`,
    );
    await other.until(
      (r) => r.some((x) => x.activity.type === "Create" && JSON.stringify(x.activity).includes("Tide tables")),
      "the Create of the scheduled post",
    );
    expect((await fetch(`${site}/posts/tide-tables`)).status).toBe(200);
  }, 60_000);
});
