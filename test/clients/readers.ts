/**
 * Real feed readers, each behind one function that returns what it shows of a feed's items,
 * in one shape, so a test can compare every reader with what the author wrote.
 *
 * npm: rss-parser, @rowanmanning/feed-parser, feedparser, @extractus/feed-extractor, feedsmith
 * (pinned devDependencies). Debian: python3-feedparser (test/support/feedparser.py) and
 * newsboat, driven headless (`-x reload` on an `exec:` URL, then its SQLite cache is read).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { extractFromJson, extractFromXml } from "@extractus/feed-extractor";
import { parseFeed as rowanParse } from "@rowanmanning/feed-parser";
import NpmFeedParser from "feedparser";
import { parseFeed as feedsmithParse } from "feedsmith";
import RssParser from "rss-parser";
import { parseWithFeedparser } from "../support/validators.js";

const run = promisify(execFile);

/** One item as a reader shows it. A field the reader does not give is absent. */
export interface ReadItem {
  id?: string;
  title?: string;
  authors?: string[];
  categories?: string[];
  /** ISO 8601, UTC, to the second. */
  published?: string;
  link?: string;
  enclosure?: { url?: string; type?: string; length?: string };
}

export type FeedKind = "rss" | "atom" | "json";
export type Field = "authors" | "categories" | "enclosure";
const ALL: Field[] = ["authors", "categories", "enclosure"];

export interface Reader {
  name: string;
  /** Formats it reads. */
  formats: FeedKind[];
  /** Fields it gives of an item, per format, besides id, title, date and link. */
  gives: Partial<Record<FeedKind, Field[]>>;
  read(body: string, kind: FeedKind): Promise<ReadItem[]>;
}

const iso = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === "") return undefined;
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString().replace(/\.\d{3}Z$/, "Z");
};
const text = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && "_" in (value as object)) return String((value as { _: unknown })._);
  return String(value);
};
const list = <T>(value: T | T[] | undefined | null): T[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
const compact = (item: ReadItem): ReadItem =>
  Object.fromEntries(
    Object.entries(item).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  ) as ReadItem;

const rssParser = new RssParser({ customFields: { item: [["dc:creator", "creators", { keepArray: true }]] } });

export const READERS: Reader[] = [
  {
    name: "rss-parser",
    formats: ["rss", "atom"],
    gives: { rss: ALL, atom: ["authors"] }, // it reads no Atom categories or enclosure links
    async read(body) {
      const feed = await rssParser.parseString(body);
      return feed.items.map((i) => {
        const item = i as typeof i & { creators?: unknown[]; author?: unknown; id?: string };
        return compact({
          id: item.guid ?? item.id,
          title: item.title,
          authors: item.creators ? item.creators.map(text) : list(item.author ?? item.creator).map(text),
          categories: (item.categories ?? []).map(text),
          published: iso(item.isoDate),
          link: item.link,
          ...(item.enclosure && {
            enclosure: { url: item.enclosure.url, type: item.enclosure.type, length: item.enclosure.length },
          }),
        } as ReadItem);
      });
    },
  },
  {
    name: "@rowanmanning/feed-parser",
    formats: ["rss", "atom"],
    gives: { rss: ALL, atom: ALL },
    async read(body) {
      return rowanParse(body).items.map((item) =>
        compact({
          id: item.id ?? undefined,
          title: item.title ?? undefined,
          authors: item.authors.map((a) => a.name ?? ""),
          categories: item.categories.map((c) => c.label ?? c.term ?? ""),
          published: iso(item.published),
          link: item.url ?? undefined,
          ...(item.media[0] && {
            enclosure: {
              url: item.media[0].url ?? undefined,
              type: item.media[0].mimeType ?? undefined,
              length: item.media[0].length === null ? undefined : String(item.media[0].length),
            },
          }),
        } as ReadItem),
      );
    },
  },
  {
    name: "feedparser (npm)",
    formats: ["rss", "atom"],
    gives: { rss: ALL, atom: ALL },
    read(body) {
      return new Promise((resolve, reject) => {
        const items: ReadItem[] = [];
        const parser = new NpmFeedParser({});
        parser.on("error", reject);
        parser.on("readable", () => {
          for (let item = parser.read(); item; item = parser.read()) {
            const enclosure = item.enclosures[0];
            const creators = list(item["dc:creator"]).map((c) => text((c as { "#": string })["#"]));
            items.push(
              compact({
                id: item.guid,
                title: item.title,
                authors: creators.length > 0 ? creators : list(item.author),
                categories: item.categories,
                published: iso(item.pubdate),
                link: item.link,
                ...(enclosure && {
                  enclosure: { url: enclosure.url, type: enclosure.type, length: enclosure.length },
                }),
              } as ReadItem),
            );
          }
        });
        parser.on("end", () => resolve(items));
        Readable.from([body]).pipe(parser);
      });
    },
  },
  {
    name: "@extractus/feed-extractor",
    formats: ["rss", "atom", "json"],
    gives: {}, // its normalized entry has id, title, link, published and description only
    async read(body, kind) {
      const options = { descriptionMaxLen: 0 };
      const feed = kind === "json" ? extractFromJson(body, options) : extractFromXml(body, options);
      return (feed.entries ?? []).map((e) =>
        compact({ id: e.id, title: e.title, published: iso(e.published), link: e.link }),
      );
    },
  },
  {
    name: "feedsmith",
    formats: ["rss", "atom", "json"],
    gives: { rss: ALL, atom: ALL, json: ["authors", "categories"] },
    async read(body, kind) {
      const parsed = feedsmithParse(kind === "json" ? JSON.parse(body) : body);
      if (parsed.format === "rss") {
        return (parsed.feed.items ?? []).map((i) =>
          compact({
            id: i.guid?.value,
            title: i.title,
            authors: i.dc?.creators ?? i.authors,
            categories: i.categories?.map((c) => c.name),
            published: iso(i.pubDate),
            link: i.link,
            ...(i.enclosures?.[0] && {
              enclosure: {
                url: i.enclosures[0].url,
                type: i.enclosures[0].type,
                length: String(i.enclosures[0].length),
              },
            }),
          } as ReadItem),
        );
      }
      if (parsed.format === "atom") {
        return (parsed.feed.entries ?? []).map((e) => {
          const enclosure = e.links?.find((l) => l.rel === "enclosure");
          return compact({
            id: e.id,
            // feedsmith gives an Atom text construct as {value, type}: the value is what it returns.
            title: typeof e.title === "object" ? (e.title as { value?: string }).value : e.title,
            authors: e.authors?.map((a) => a.name),
            categories: e.categories?.map((c) => c.label ?? c.term),
            published: iso(e.published),
            link: e.links?.find((l) => (l.rel ?? "alternate") === "alternate")?.href,
            ...(enclosure && {
              enclosure: { url: enclosure.href, type: enclosure.type, length: String(enclosure.length) },
            }),
          } as ReadItem);
        });
      }
      if (parsed.format === "json") {
        return (parsed.feed.items ?? []).map((i) =>
          compact({
            id: i.id,
            title: i.title,
            authors: i.authors?.map((a) => a.name),
            categories: i.tags,
            published: iso(i.date_published),
            link: i.url,
          } as ReadItem),
        );
      }
      throw new Error(`feedsmith read the feed as ${parsed.format}`);
    },
  },
  {
    name: "feedparser (Python)",
    formats: ["rss", "atom"],
    gives: { rss: ALL, atom: ALL },
    async read(body, kind) {
      const result = await parseWithFeedparser(body);
      return result.entries.map((e) => {
        const enclosure = e.enclosures?.[0];
        return compact({
          id: e.id,
          title: e.title_text ?? undefined,
          authors: e.authors.map((a) => a.name ?? ""),
          // Atom: the label is what a reader shows (feedparser keeps `term` apart); RSS has only the term.
          categories: e.tags.map((t) => (kind === "atom" ? (t.label ?? t.term) : t.term) ?? ""),
          published: e.published_parsed ?? undefined,
          link: e.link ?? undefined,
          ...(enclosure && {
            enclosure: { url: enclosure.href, type: enclosure.type, length: enclosure.length ?? undefined },
          }),
        } as ReadItem);
      });
    },
  },
];

/** newsboat, when installed (Debian package `newsboat`); it reads RSS and Atom. */
export const NEWSBOAT = "/usr/bin/newsboat";

export const newsboat: Reader = {
  name: "newsboat",
  formats: ["rss", "atom"],
  gives: { rss: ["authors"], atom: ["authors"] }, // it keeps no categories, and enclosures only of audio and video
  async read(body) {
    const dir = await mkdtemp(join(tmpdir(), "feedloom-newsboat-"));
    try {
      await writeFile(join(dir, "feed.xml"), body);
      await writeFile(join(dir, "urls"), `"exec:cat ${join(dir, "feed.xml")}"\n`);
      await writeFile(join(dir, "config"), "");
      await run(
        NEWSBOAT,
        ["-u", join(dir, "urls"), "-c", join(dir, "cache.db"), "-C", join(dir, "config"), "-x", "reload"],
        {
          env: { ...process.env, HOME: dir, TERM: "dumb" },
        },
      );
      const { stdout } = await run("/usr/bin/python3", [
        "-c",
        "import sqlite3,json,sys;c=sqlite3.connect(sys.argv[1]);c.row_factory=sqlite3.Row;" +
          "print(json.dumps([dict(r) for r in c.execute('select guid,title,author,url,pubDate,enclosure_url,enclosure_type from rss_item order by pubDate desc, id')]))",
        join(dir, "cache.db"),
      ]);
      const rows = JSON.parse(stdout) as Record<string, string | number>[];
      return rows.map((r) =>
        compact({
          id: String(r.guid),
          title: String(r.title),
          authors: r.author ? [String(r.author)] : [],
          published: iso(new Date(Number(r.pubDate) * 1000).toISOString()),
          link: String(r.url),
          ...(r.enclosure_url && { enclosure: { url: String(r.enclosure_url), type: String(r.enclosure_type) } }),
        } as ReadItem),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
