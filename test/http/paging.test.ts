import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, inject, it } from "vitest";
import { FEED_FORMATS } from "../../src/feed/formats.js";
import { createNodeApp } from "../../src/node/site-app.js";
import type { Manifest } from "../../src/store/data-layout.js";
import { feedPath } from "../../src/urls.js";

/** The sample site that test/global-setup.ts compiled. */
const SAMPLE = inject("sampleSite");

// RFC 5005: from the first page, following `next` visits every published post exactly once.
const app = createNodeApp(SAMPLE);
const manifest = JSON.parse(readFileSync(`${SAMPLE}/_data/manifest.json`, "utf8")) as Manifest;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

async function get(url: string): Promise<string> {
  const { pathname, search } = new URL(url);
  const response = await app.request(pathname + search);
  expect(response.status, url).toBe(200);
  return response.text();
}

type Link = { rel: string; href: string };

describe("walking the archive", () => {
  for (const list of Object.values(manifest.lists)) {
    for (const limit of [1, 2, 5]) {
      it(`${feedPath(list, FEED_FORMATS.atom)} with limit=${limit} (Atom, RSS and JSON agree)`, async () => {
        const seen = { atom: [] as string[], rss: [] as string[], json: [] as string[] };
        let pages = 0;
        let url: string | undefined = `${manifest.site.baseUrl}${feedPath(list, FEED_FORMATS.atom)}?limit=${limit}`;
        while (url) {
          const feed: { link: Link | Link[]; entry?: { id: string } | { id: string }[] } = xml.parse(
            await get(url),
          ).feed;
          const links: Link[] = asArray<Link>(feed.link);
          expect(links.find((l) => l.rel === "self")?.href).toBe(url);
          seen.atom.push(...asArray<{ id: string }>(feed.entry).map((e) => e.id));
          url = links.find((l) => l.rel === "next")?.href;
          pages++;
        }
        url = `${manifest.site.baseUrl}${feedPath(list, FEED_FORMATS.rss)}?limit=${limit}`;
        while (url) {
          const channel: { item?: unknown; "atom:link": Link | Link[] } = xml.parse(await get(url)).rss.channel;
          const items = asArray(channel.item as { guid: { "#text": string } } | undefined);
          seen.rss.push(...items.map((i) => i.guid["#text"]));
          url = asArray<Link>(channel["atom:link"]).find((l) => l.rel === "next")?.href;
        }
        url = `${manifest.site.baseUrl}${feedPath(list, FEED_FORMATS.json)}?limit=${limit}`;
        while (url) {
          const feed: { items: { id: string }[]; next_url?: string } = JSON.parse(await get(url));
          seen.json.push(...feed.items.map((i) => i.id));
          url = feed.next_url;
        }
        expect(seen.atom.length).toBe(list.count);
        expect(new Set(seen.atom).size).toBe(list.count);
        expect(pages).toBe(Math.ceil(list.count / limit));
        expect(seen.rss).toEqual(seen.atom);
        expect(seen.json).toEqual(seen.atom);
      });
    }
  }

  it("answers 404 one page past the end, and 301 for non-canonical page URLs", async () => {
    const count = manifest.lists.site?.count ?? 0;
    expect((await app.request(`/atom.xml?page=${count + 1}&limit=1`)).status).toBe(404);
    const moved = await app.request("/atom.xml?limit=1&page=2");
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe("/atom.xml?page=2&limit=1");
    expect((await app.request("/atom.xml?page=1")).headers.get("location")).toBe("/atom.xml");
  });
});
