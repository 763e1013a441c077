import { loadSiteConfig } from "../../src/config/site-config.js";
import type { FeedPage } from "../../src/feed/model.js";
import type { Item } from "../../src/store/data-layout.js";

/** Texts an author may write that break naive feed writers. */
export const TEXT = {
  title: `Tom & Jerry <b>bold</b> "quoted" O'Brien ]]> &amp; café 🎉`,
  author: `O'Brien & <Sons> "Ltd" ]]>`,
  category: "R&D <Labs>",
  tag: `a&amp;b "q" 'a' 日本`,
  caption: `Caption ]]> with <em> & "quotes"`,
  credit: "© <Agency> & Co",
  related: "Delta & <co>",
  site: `Feedloom & "Friends" <News>`,
};

export const HTML = `<p>Body with ]]> twice ]]> &amp; <b>bold</b></p>`;

const site = { ...loadSiteConfig({ SITE_URL: "https://news.example.com" }), title: TEXT.site };

export function item(overrides: Partial<Item> = {}): Item {
  return {
    slug: "tom",
    id: "tag:news.example.com,2026-01-01:/posts/tom",
    url: "https://news.example.com/posts/tom?a=1&b=2",
    title: TEXT.title,
    summary: [],
    summaryHtml: [],
    contentHtml: HTML,
    excerptHtml: "Body with ]]&gt; twice",
    published: "2026-01-01T10:00:00.000Z",
    updated: "2026-01-02T10:00:00.000Z",
    authors: [{ name: TEXT.author, slug: "o-brien" }],
    category: { name: TEXT.category, slug: "r-and-d" },
    tags: [{ name: TEXT.tag, slug: "a-and-b" }],
    image: {
      url: "https://news.example.com/images/a.jpg?w=1&h=2",
      alt: "alt",
      caption: TEXT.caption,
      credit: TEXT.credit,
      type: "image/jpeg",
      length: 1234,
      width: 800,
      height: 450,
    },
    related: [
      {
        slug: "delta",
        id: "tag:news.example.com,2025-05-04:/posts/delta",
        title: TEXT.related,
        url: "https://news.example.com/posts/delta",
        published: "2025-05-04T10:00:00.000Z",
      },
    ],
    ...overrides,
  };
}

/** An item with nothing to show but its title: no body, excerpt, lead image or Related content. */
export function emptyItem(): Item {
  const { image: _image, ...rest } = item({ contentHtml: "", excerptHtml: "", related: [] });
  return rest;
}

/** One page of a feed holding `items`, with paging URLs that carry `&`. */
export function page(items: Item[] = [item()]): FeedPage {
  return {
    site,
    list: { kind: "site", slug: "", name: TEXT.site, count: items.length },
    title: TEXT.site,
    description: `Posts & <news>`,
    selfUrl: "https://news.example.com/rss.xml?page=2&limit=1",
    htmlUrl: "https://news.example.com/",
    paging: {
      first: "https://news.example.com/rss.xml?limit=1",
      last: "https://news.example.com/rss.xml?page=3&limit=1",
      previous: "https://news.example.com/rss.xml?limit=1",
      next: "https://news.example.com/rss.xml?page=3&limit=1",
    },
    updated: new Date("2026-01-02T10:00:00Z"),
    stylesheet: "/feed.css?v=1&x=2",
    items,
  };
}
