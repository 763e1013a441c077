import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { FEED_FORMATS, type FeedFormatSpec } from "../src/feed/formats.js";
import { createApp } from "../src/http/app.js";
import { settingsReader } from "../src/http/settings.js";
import { matchTopic } from "../src/hub/topics.js";
import { LIST_KINDS, type ListKind, type ListKindSpec } from "../src/lists/kinds.js";
import { REGISTRY, type Registry } from "../src/registry.js";
import { dataPath, type ListInfo, type Manifest } from "../src/store/data-layout.js";
import { ContentStore } from "../src/store/store.js";

/**
 * Adding a feed format or a list kind is one entry in its table: a copy of each table with a
 * fourth entry, given to the app, is served, redirected, advertised, listed and accepted as a
 * WebSub topic with no other change.
 */
const text: FeedFormatSpec = {
  file: "feed.txt",
  name: "Plain text",
  mediaType: "text/plain",
  xml: false,
  legacy: ["feed.text"],
  render: (page) => `${page.title}\n${page.items.map((i) => `${i.title} ${i.url}`).join("\n")}\n`,
};
const year: ListKindSpec = {
  segment: "years",
  label: "Year",
  group: "Years",
  terms: (post) => [{ slug: String(post.date.getUTCFullYear()), name: String(post.date.getUTCFullYear()) }],
  describe: (name, site) => ({ title: `${name} — ${site.title}`, description: `Posts of ${name}.` }),
};
const registry: Registry = { formats: { ...FEED_FORMATS, text }, kinds: { ...LIST_KINDS, year } };

/** The sample site that test/global-setup.ts compiled. */
const SAMPLE_OUT = inject("sampleSite");

/**
 * The compiled sample site with one list of the new kind holding every post (the compiler's
 * part of a kind is its `terms`; the app reads only the manifest and the list's shards).
 */
const built = JSON.parse(await readFile(join(SAMPLE_OUT, dataPath.manifest()), "utf8")) as Manifest;
const site = built.lists.site as ListInfo;
const yearList = { ...site, kind: "year" as ListKind, slug: "2025", name: "2025" };
const manifest: Manifest = { ...built, lists: { ...built.lists, "year/2025": yearList } };
const base = manifest.site.baseUrl;

function appWith(tables: Registry) {
  const store = new ContentStore(async (path) => {
    if (path === dataPath.manifest()) return new TextEncoder().encode(JSON.stringify(manifest));
    const file = path.replace(/^_data\/lists\/year\/2025\//, "_data/lists/site/");
    return readFile(join(SAMPLE_OUT, file)).catch(() => undefined);
  });
  return createApp({ store, asset: async () => undefined, settings: settingsReader(store, {}), registry: tables });
}
const app = appWith(registry);
const get = (path: string) => app.request(path);

describe("a fourth feed format is one entry", () => {
  it("is served for the site and for every list, with its content type", async () => {
    for (const path of ["/feed.txt", "/tags/japan/feed.txt", "/years/2025/feed.txt"]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toContain(`${base}/posts/`);
    }
  });

  it("answers its legacy address with a 301", async () => {
    expect((await get("/feed.text?page=2")).headers.get("location")).toBe("/feed.txt?page=2");
    expect((await get("/tags/japan/feed.text")).headers.get("location")).toBe("/tags/japan/feed.txt");
  });

  it("is advertised by every page: autodiscovery and the subscribe block", async () => {
    const home = await (await get("/")).text();
    expect(home).toContain(
      `<link rel="alternate" type="text/plain" title="${manifest.site.title} (Plain text)" href="${base}/feed.txt"/>`,
    );
    expect(home).toContain(`<code>${base}/feed.txt</code>`);
    expect(await (await get("/tags/japan")).text()).toContain(`href="${base}/tags/japan/feed.txt"`);
  });

  it("is a WebSub topic, and only where it is registered", () => {
    expect(matchTopic(manifest, `${base}/tags/japan/feed.txt`, registry)).toEqual({
      ok: true,
      topic: `${base}/tags/japan/feed.txt`,
    });
    expect(matchTopic(manifest, `${base}/tags/japan/feed.txt`).ok).toBe(false);
  });

  it("pages like the others: one canonical paging URL", async () => {
    const response = await get("/feed.txt?limit=2&page=2");
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/feed.txt?page=2&limit=2");
  });
});

describe("a fourth list kind is one entry", () => {
  it("has its page, headed by its label, and its feeds in every format", async () => {
    const page = await get("/years/2025");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Year: 2025</h1>");
    for (const file of ["rss.xml", "atom.xml", "feed.json", "feed.txt"]) {
      expect((await get(`/years/2025/${file}`)).status, file).toBe(200);
    }
    expect(await (await get("/years/2025/atom.xml")).text()).toContain(`<title>2025 — ${manifest.site.title}</title>`);
  });

  it("answers the folder form and legacy feed addresses with a 301", async () => {
    expect((await get("/years/2025/")).headers.get("location")).toBe("/years/2025");
    expect((await get("/years/2025/feed")).headers.get("location")).toBe("/years/2025/rss.xml");
  });

  it("is a group of the OPML, after the others, as in the table", async () => {
    const opml = await (await get("/opml.xml")).text();
    expect(opml).toContain(`<outline text="Years">`);
    expect(opml).toContain(`xmlUrl="${base}/years/2025/rss.xml" htmlUrl="${base}/years/2025"`);
    expect(opml.indexOf('text="Authors"')).toBeLessThan(opml.indexOf('text="Years"'));
  });

  it("is advertised on its page: its feeds' autodiscovery links and subscribe block", async () => {
    const page = await (await get("/years/2025")).text();
    expect(page).toContain(`title="2025 — ${manifest.site.title} (Atom)" href="${base}/years/2025/atom.xml"`);
    expect(page).toContain("<h3>Year: 2025</h3>");
  });

  it("is a WebSub topic, and only where it is registered", () => {
    expect(matchTopic(manifest, `${base}/years/2025/rss.xml`, registry).ok).toBe(true);
    expect(matchTopic(manifest, `${base}/years/2025/rss.xml`).ok).toBe(false);
  });
});

describe("the default registry", () => {
  it("serves neither entry: the routes come from the tables", async () => {
    const plain = appWith(REGISTRY);
    expect((await plain.request("/feed.txt")).status).toBe(404);
    expect((await plain.request("/years/2025")).status).toBe(404);
    expect(await (await plain.request("/")).text()).not.toContain("feed.txt");
  });
});
