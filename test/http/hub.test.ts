import { describe, expect, inject, it } from "vitest";
import { createNodeApp } from "../../src/node/site-app.js";
import { checkWellFormedXml, validateAtom, validateJsonFeed } from "../support/validators.js";

/** The sample site that test/global-setup.ts compiled. */
const SAMPLE = inject("sampleSite");

// WebSub discovery: with a hub configured, every feed names it next to its rel="self".
describe("feeds advertise the WebSub hub", () => {
  const hub = "https://hub.example.com/";
  const app = createNodeApp(SAMPLE, { WEBSUB_HUB: hub });

  it("in Atom, RSS and JSON Feed, next to rel=self", async () => {
    const atomResponse = await app.request("/tags/japan/atom.xml?page=2&limit=1");
    expect(atomResponse.headers.get("link")).toBe(
      `<${hub}>; rel="hub", <http://localhost:8787/tags/japan/atom.xml?page=2&limit=1>; rel="self"`,
    );
    const atom = await (await app.request("/tags/japan/atom.xml")).text();
    expect(atom).toContain(`<link rel="hub" href="${hub}"/>`);
    expect(atom).toContain('<link rel="self" href="http://localhost:8787/tags/japan/atom.xml"/>');
    expect(await validateAtom(atom)).toEqual([]);

    const rss = await (await app.request("/tags/japan/rss.xml")).text();
    expect(rss).toContain(`<atom:link href="${hub}" rel="hub"/>`);
    expect(rss).toContain('rel="self" type="application/rss+xml"');
    expect(checkWellFormedXml(rss)).toEqual([]);

    const json = JSON.parse(await (await app.request("/tags/japan/feed.json")).text());
    expect(json.hubs).toEqual([{ type: "WebSub", url: hub }]);
    expect(json.feed_url).toBe("http://localhost:8787/tags/japan/feed.json");
    expect(validateJsonFeed(json)).toEqual([]);
  });

  it("and not at all when none is configured", async () => {
    const plain = createNodeApp(SAMPLE);
    const response = await plain.request("/atom.xml");
    expect(response.headers.get("link")).toBeNull();
    expect(await response.text()).not.toContain('rel="hub"');
    expect(JSON.parse(await (await plain.request("/feed.json")).text()).hubs).toBeUndefined();
  });
});
