import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { openNodeFederation } from "../../src/node/activitypub.js";
import { createNodeSite } from "../../src/node/site-app.js";
import { expandOffline } from "../support/jsonld.js";

// The actor's settings from site.yaml (and the environment over it), through the app: the
// account name WebFinger answers for, the display name, bio and avatar.
describe("the actor's settings", () => {
  const tmp = mkdtempSync(join(tmpdir(), "feedloom-actor-"));
  const outDir = join(tmp, "out");
  let site: ReturnType<typeof createNodeSite>;
  let federation: Awaited<ReturnType<typeof openNodeFederation>>;

  beforeAll(async () => {
    const configFile = join(tmp, "site.yaml");
    writeFileSync(
      configFile,
      "baseUrl: https://news.example.com\nactivityPub:\n  username: desk\n  name: The Desk\n  summary: Fish & chips <daily>\n  icon: /images/logo.png\n",
    );
    const output = buildSite({ postsDir: "posts", publicDir: "public", outDir, configFile, env: {} });
    expect(output.problems.filter((p) => p.severity === "error")).toEqual([]);
    federation = await openNodeFederation({ dataDir: ":memory:", store: () => site.store, allowPrivate: true });
    site = createNodeSite(outDir, {}, undefined, federation.route);
  });
  afterAll(() => {
    federation.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("names the account, its display name, its bio (escaped) and its icon", async () => {
    const finger = await site.app.request(
      "https://news.example.com/.well-known/webfinger?resource=acct:desk@news.example.com",
    );
    expect(finger.status).toBe(200);
    const self = ((await finger.json()) as { links: { rel: string; href: string }[] }).links.find(
      (l) => l.rel === "self",
    );
    expect(self?.href).toBe("https://news.example.com/ap/actors/desk");
    const old = await site.app.request(
      "https://news.example.com/.well-known/webfinger?resource=acct:news@news.example.com",
    );
    expect(old.status).toBe(404);

    const actor = (await (
      await site.app.request("https://news.example.com/ap/actors/desk", {
        headers: { Accept: "application/activity+json" },
      })
    ).json()) as Record<string, unknown>;
    await expandOffline(actor);
    expect(actor).toMatchObject({
      preferredUsername: "desk",
      name: "The Desk",
      summary: "<p>Fish &amp; chips &lt;daily&gt;</p>",
      icon: { type: "Image", url: "https://news.example.com/images/logo.png" },
    });
    const home = await (
      await site.app.request("https://news.example.com/", { headers: { Accept: "text/html" } })
    ).text();
    expect(home).toContain(
      '<link rel="alternate" type="application/activity+json" href="https://news.example.com/ap/actors/desk"/>',
    );
  });

  it("makes the key pair once: the same key on every request", async () => {
    const key = async () =>
      (
        (await (
          await site.app.request("https://news.example.com/ap/actors/desk", {
            headers: { Accept: "application/activity+json" },
          })
        ).json()) as { publicKey: { publicKeyPem: string } }
      ).publicKey.publicKeyPem;
    expect(await key()).toBe(await key());
  });
});
