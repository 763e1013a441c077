import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { FEED_FORMATS, type FeedFormat } from "../../src/feed/formats.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { dataPath, type Item, type Manifest } from "../../src/store/data-layout.js";
import { feedPath } from "../../src/urls.js";
import { buildGeneratorSite } from "../fixtures/generator-sites.js";
import { HOSTILE_POSTS } from "../fixtures/hostile.js";
import { fromDir, itemOf, listSlugs } from "../support/site-data.js";
import {
  checkWellFormedXml,
  type FeedparserResult,
  feedparserGuessedHtml,
  LOOKS_LIKE_HTML,
  parseWithFeedparser,
  validateAtomMany,
  validateJsonFeed,
} from "../support/validators.js";

/**
 * Every feed of the sample site and of a site of hostile posts, in all three formats and
 * on a second page: well-formed, valid (RFC 4287 schema, JSON Feed 1.1 rules), parsed by
 * a real feed parser without complaint, and carrying exactly the texts that went in.
 */

function hostileSite(): string {
  const dir = mkdtempSync(join(tmpdir(), "feedloom-hostile-"));
  mkdirSync(join(dir, "posts"));
  for (const [name, text] of Object.entries(HOSTILE_POSTS)) writeFileSync(join(dir, "posts", name), text);
  const out = join(dir, "out");
  const result = buildSite({
    postsDir: join(dir, "posts"),
    publicDir: "public",
    outDir: out,
    env: { SITE_URL: "https://news.example.com" },
  });
  expect(result.stats.published).toBe(Object.keys(HOSTILE_POSTS).length);
  return out;
}

/** A small blog of each generator, moved in with `npm run import` (test/fixtures/generator-sites.ts). */
const MIGRATED = Object.fromEntries(
  (["jekyll", "hugo", "zola", "eleventy", "astro"] as const).map((name) => [
    `migrated ${name}`,
    buildGeneratorSite(name).outDir,
  ]),
);

const SITES = { sample: inject("sampleSite"), hostile: hostileSite(), ...MIGRATED };
const FORMATS: FeedFormat[] = ["rss", "atom", "json"];

interface Doc {
  path: string;
  format: FeedFormat;
  body: string;
  /** Items expected in the document, in order. */
  items: Item[];
}

async function collect(outDir: string) {
  const app = createNodeApp(outDir);
  const read = <T>(path: string) => JSON.parse(readFileSync(join(outDir, path), "utf8")) as T;
  const manifest = read<Manifest>(dataPath.manifest());
  const docs: Doc[] = [];
  for (const list of Object.values(manifest.lists)) {
    const key = list.kind === "site" ? "site" : `${list.kind}/${list.slug}`;
    const items = listSlugs(fromDir(outDir), key).map((slug) => itemOf(fromDir(outDir), slug) as Item);
    for (const format of FORMATS) {
      const pages: [string, Item[]][] = [
        [feedPath(list, FEED_FORMATS[format]), items.slice(0, manifest.site.itemsPerFeed)],
      ];
      if (items.length > 2) pages.push([`${feedPath(list, FEED_FORMATS[format])}?page=2&limit=2`, items.slice(2, 4)]);
      for (const [path, expected] of pages) {
        const response = await app.request(path);
        expect(response.status, path).toBe(200);
        docs.push({ path, format, body: await response.text(), items: expected });
      }
    }
  }
  return { manifest, docs };
}

for (const [name, outDir] of Object.entries(SITES)) {
  describe(`${name} site feeds`, async () => {
    const { docs } = await collect(outDir);
    const xmlDocs = docs.filter((d) => d.format !== "json");

    it("has feeds to check in every format", () => {
      for (const format of FORMATS) expect(docs.filter((d) => d.format === format).length).toBeGreaterThan(3);
    });

    it("writes only well-formed XML", () => {
      for (const doc of xmlDocs) expect(checkWellFormedXml(doc.body), doc.path).toEqual([]);
    });

    it("validates every Atom feed against the RFC 4287 RELAX NG schema", async () => {
      const atom = Object.fromEntries(docs.filter((d) => d.format === "atom").map((d) => [d.path, d.body]));
      const errors = await validateAtomMany(atom);
      for (const [path, list] of Object.entries(errors)) expect(list, path).toEqual([]);
    }, 60_000);

    it("validates every JSON feed against the JSON Feed 1.1 rules", () => {
      for (const doc of docs.filter((d) => d.format === "json")) {
        expect(validateJsonFeed(JSON.parse(doc.body)), doc.path).toEqual([]);
      }
    });

    it("parses every RSS and Atom feed in feedparser without complaint, items in order", async () => {
      const parsed = await Promise.all(xmlDocs.map((d) => parseWithFeedparser(d.body)));
      xmlDocs.forEach((doc, i) => {
        const result = parsed[i] as FeedparserResult;
        expect(result.bozo, `${doc.path}: ${result.bozo_exception}`).toBe(0);
        expect(result.version, doc.path).toBe(doc.format === "rss" ? "rss20" : "atom10");
        expect(
          result.entries.map((e) => e.id),
          doc.path,
        ).toEqual(doc.items.map((item) => item.id));
      });
    }, 120_000);

    it("carries every title, byline and tag through a real parser unchanged", async () => {
      const site = docs.filter((d) => d.path === "/rss.xml" || d.path === "/atom.xml");
      for (const doc of site) {
        const result = await parseWithFeedparser(doc.body);
        result.entries.forEach((entry, i) => {
          const item = doc.items[i] as Item;
          if (feedparserGuessedHtml(entry, doc.format as "rss")) expect(item.title).toMatch(LOOKS_LIKE_HTML);
          else expect(entry.title_text, doc.path).toBe(item.title);
          expect(entry.authors.map((a) => a.name)).toEqual(item.authors.map((a) => a.name));
          const names = [...(item.category ? [item.category.name] : []), ...item.tags.map((t) => t.name)];
          const tags = entry.tags.map((t) => (doc.format === "atom" ? t.label : t.term));
          expect(tags, doc.path).toEqual(names);
        });
      }
      const json = JSON.parse(docs.find((d) => d.path === "/feed.json")?.body ?? "{}");
      const items = docs.find((d) => d.path === "/feed.json")?.items ?? [];
      expect(json.items.map((i: { title: string }) => i.title)).toEqual(items.map((i) => i.title));
    }, 60_000);

    it("answers with identical bytes for identical content", async () => {
      const app = createNodeApp(outDir);
      for (const doc of docs.slice(0, 6)) expect(await (await app.request(doc.path)).text()).toBe(doc.body);
    });

    it("dates each feed by its newest item, not by the clock", () => {
      const atom = docs.find((d) => d.path === "/atom.xml") as Doc;
      const newest = atom.items
        .map((i) => i.updated)
        .sort()
        .at(-1) as string;
      expect(atom.body).toContain(`<updated>${new Date(newest).toISOString()}</updated>`);
      const rss = docs.find((d) => d.path === "/rss.xml") as Doc;
      expect(rss.body).toContain(`<lastBuildDate>${new Date(newest).toUTCString()}</lastBuildDate>`);
    });

    it("lists exactly the posts of each tag in its tag feed", () => {
      for (const doc of docs.filter(
        (d) => d.format === "json" && d.path.startsWith("/tags/") && !d.path.includes("?"),
      )) {
        const slug = decodeURIComponent(doc.path.split("/")[2] as string);
        const ids = JSON.parse(doc.body).items.map((i: { id: string }) => i.id);
        expect(doc.items.every((item) => item.tags.some((t) => t.slug === slug))).toBe(true);
        expect(ids).toEqual(doc.items.map((i) => i.id));
      }
    });

    if (name !== "sample") return;
    it("shows the seed-like post's lead image with caption and credit", async () => {
      const item = itemOf(fromDir(outDir), "us-combat-base-japan") as Item;
      const image = item.image as NonNullable<Item["image"]>;
      const bytes = statSync("public/images/us-combat-base-japan.jpg").size;
      expect(image).toMatchObject({ type: "image/jpeg", length: bytes, width: 800, height: 450 });

      const rss = await parseWithFeedparser(docs.find((d) => d.path === "/rss.xml")?.body ?? "");
      const entry = rss.entries.find((e) => e.id === item.id);
      expect(entry?.media_content?.[0]).toMatchObject({ url: image.url, medium: "image", type: "image/jpeg" });
      expect(entry?.media_credit?.[0]?.content).toBe(image.credit);
      expect(entry?.enclosures?.[0]).toMatchObject({ href: image.url, type: "image/jpeg", length: String(bytes) });
      const content = entry?.content?.[0]?.value ?? "";
      expect(content).toContain(image.caption);
      expect(content).toContain(`Images source: ${image.credit}`);

      const atom = await parseWithFeedparser(docs.find((d) => d.path === "/atom.xml")?.body ?? "");
      const atomEntry = atom.entries.find((e) => e.id === item.id);
      const enclosure = atomEntry?.links.find((l) => l.rel === "enclosure");
      expect(enclosure).toMatchObject({ href: image.url, type: "image/jpeg", length: String(bytes) });
      const related = atomEntry?.links.filter((l) => l.rel === "related").map((l) => l.href);
      expect(related).toEqual(item.related.map((r) => r.url));

      const json = JSON.parse(docs.find((d) => d.path === "/feed.json")?.body ?? "{}");
      const jsonItem = json.items.find((i: { id: string }) => i.id === item.id);
      expect(jsonItem.image).toBe(image.url);
      expect(jsonItem._image).toMatchObject({ caption: image.caption, credit: image.credit });
      expect(jsonItem._related.items.map((r: { url: string }) => r.url)).toEqual(item.related.map((r) => r.url));
      const ids = json.items.filter((i: { url: string }) => item.related.some((r) => r.url === i.url));
      expect(ids.length).toBeGreaterThan(0);
      for (const related of ids) {
        const ref = jsonItem._related.items.find((r: { url: string }) => r.url === related.url);
        expect(ref.id, "a related item is named by the post's own id").toBe(related.id);
      }
    });
  });
}
