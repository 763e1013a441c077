import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseOpml } from "feedsmith";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { CORPUS, type CorpusPost, postFile } from "../fixtures/reader-corpus.js";
import { type FeedKind, newsboat, READERS, type ReadItem } from "./readers.js";

/**
 * Real feed readers read our feeds of a corpus of hostile posts, and each returns, for every
 * item, what the author wrote: title, bylines, categories, date, link and enclosure. Where a
 * reader has a quirk of its own, one line below says so and the rest is checked.
 */

const SITE_URL = "https://news.example.com";

function corpusSite(): string {
  const dir = mkdtempSync(join(tmpdir(), "feedloom-readers-"));
  mkdirSync(join(dir, "posts"));
  for (const post of CORPUS) writeFileSync(join(dir, "posts", post.file), postFile(post));
  const out = join(dir, "out");
  const result = buildSite({ postsDir: join(dir, "posts"), publicDir: "public", outDir: out, env: { SITE_URL } });
  expect(result.problems).toEqual([]);
  return out;
}

const app = createNodeApp(corpusSite());
const FEEDS: Record<FeedKind, string> = { rss: "/rss.xml", atom: "/atom.xml", json: "/feed.json" };
const bodies = Object.fromEntries(
  await Promise.all(
    Object.entries(FEEDS).map(async ([kind, path]) => [kind, await (await app.request(path)).text()] as const),
  ),
) as Record<FeedKind, string>;

const urlOf = (post: CorpusPost) => `${SITE_URL}/posts/${post.slug}`;
const iso = (date: string) => new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z");

type Quirk = { title?: (text: string) => string; authors?: (names: string[]) => string[] };
const noTags = (text: string) => text.replace(/<\/?[A-Za-z][^>]*>?/g, "");
const decodedTwice = (text: string) => text.replace(/&amp;/g, "&");

/** What a reader shows differently by a quirk of its own: one line each; every other field is checked. */
const QUIRKS: Record<string, Partial<Record<FeedKind, Quirk>>> = {
  // npm feedparser strips whatever looks like a tag from titles ("Tom & Jerry <b>" → "Tom & Jerry ").
  "feedparser (npm)": {
    rss: { title: noTags },
    atom: { title: noTags, authors: (names) => (names.length > 1 ? [SITE_AUTHOR] : names) },
  },
  // Python feedparser takes an RSS title with an entity name (a literal "&amp;") for HTML and renders it.
  "feedparser (Python)": { rss: { title: decodedTwice } },
  // rowan's parser and feed-extractor decode Atom text a second time: a literal "&amp;" shows as "&".
  "@rowanmanning/feed-parser": { atom: { title: decodedTwice } },
  "@extractus/feed-extractor": { atom: { title: decodedTwice } },
  // rss-parser keeps the first Atom author only.
  "rss-parser": { atom: { authors: (names) => names.slice(0, 1) } },
  // newsboat keeps one byline: the last dc:creator in RSS, all Atom names joined with ", ".
  newsboat: { rss: { authors: (names) => names.slice(-1) }, atom: { authors: (names) => [names.join(", ")] } },
};
const SITE_AUTHOR = "Feedloom Newsroom";

for (const reader of [...READERS, newsboat]) {
  describe(`${reader.name} reads every item as written`, () => {
    for (const kind of reader.formats) {
      it(`${kind}: titles, bylines, categories, dates, links and enclosures`, async () => {
        const items = await reader.read(bodies[kind], kind);
        expect(items.length, "items").toBe(CORPUS.length);
        for (const post of CORPUS) {
          const item = items.find((i) => i.link === urlOf(post)) as ReadItem;
          expect(item, `${post.slug}: link`).toBeDefined();
          const quirk = QUIRKS[reader.name]?.[kind] ?? {};
          const title = quirk.title ? quirk.title(post.title) : post.title;
          expect(item.title, `${post.slug}: title`).toBe(title);
          expect(item.published, `${post.slug}: date`).toBe(iso(post.date));
          const gives = reader.gives[kind] ?? [];
          if (gives.includes("authors")) {
            expect(item.authors, `${post.slug}: bylines`).toEqual(
              quirk.authors ? quirk.authors(post.authors) : post.authors,
            );
          }
          if (gives.includes("categories")) {
            expect(item.categories, `${post.slug}: categories`).toEqual([post.category, ...post.tags]);
          }
          if (post.image && gives.includes("enclosure")) {
            expect(item.enclosure?.url, `${post.slug}: enclosure`).toBe(`${SITE_URL}${post.image.src}`);
            expect(item.enclosure?.type, `${post.slug}: enclosure type`).toBe("image/jpeg");
            if (item.enclosure?.length !== undefined) {
              expect(item.enclosure.length).toBe(String(statSync(join("public", post.image.src)).size));
            }
          }
        }
      });
    }
  });
}

describe("feedsmith's OPML parser reads every outline as written", () => {
  it("names with `&`, quotes, apostrophes, non-ASCII and emoji", async () => {
    const opml = parseOpml(await (await app.request("/opml.xml")).text());
    const texts = (opml.body?.outlines ?? []).flatMap((group) => (group.outlines ?? []).map((o) => o.text));
    const names = [...new Set(CORPUS.flatMap((p) => [p.category, ...p.tags, ...p.authors]))].map(
      (name) => `${name} — Feedloom News`,
    );
    expect(texts.slice(1).sort()).toEqual(names.sort());
  });
});
