import { ATOM_TYPE, toAtom } from "./atom.js";
import { toJsonFeed } from "./json.js";
import type { FeedPage } from "./model.js";
import { RSS_TYPE, toRss } from "./rss.js";

/**
 * The registry of feed formats: every list has one feed in each. Routes, legacy redirects, feed
 * URLs, autodiscovery links, the subscribe block, WebSub topics and pings, the content types and
 * the browser variant are all made from this table, in its order: a new format is one entry here
 * and its renderer module.
 */
export interface FeedFormatSpec {
  /** The file name ending the feed's path: `/rss.xml`, `/tags/japan/rss.xml`. */
  file: string;
  /** What people call it (autodiscovery titles, the subscribe block). */
  name: string;
  /** Its registered media type, without parameters. */
  mediaType: string;
  /**
   * An XML type that browsers show as text: a navigation gets the same bytes as `application/xml`
   * (see respond.ts), and the document links the feed CSS.
   */
  xml: boolean;
  /** Addresses readers guess or other engines used (WordPress, Hugo, Jekyll, Ghost): a 301 to `file`. */
  legacy: string[];
  render: (page: FeedPage) => string;
}

export const FEED_FORMATS = {
  rss: {
    file: "rss.xml",
    name: "RSS",
    mediaType: RSS_TYPE,
    xml: true,
    legacy: ["feed", "feed/", "rss", "rss/", "feed.xml", "index.xml", "rss2.xml", "feed/rss", "feed/rss/"],
    render: toRss,
  },
  atom: {
    file: "atom.xml",
    name: "Atom",
    mediaType: ATOM_TYPE,
    xml: true,
    legacy: ["atom", "atom/", "feed/atom", "feed/atom/"],
    render: toAtom,
  },
  json: {
    file: "feed.json",
    name: "JSON Feed",
    mediaType: "application/feed+json",
    xml: false,
    legacy: ["json", "feed/json", "feed/json/"],
    render: toJsonFeed,
  },
} satisfies Record<string, FeedFormatSpec>;

export type FeedFormat = keyof typeof FEED_FORMATS;

/** A table of formats: `FEED_FORMATS`, or a copy with more (tests). */
export type FeedFormats = Readonly<Record<string, FeedFormatSpec>>;

/** A format's entry with its key, as routes and pages go through them. */
export interface NamedFormat extends FeedFormatSpec {
  id: string;
}

export function formatList(formats: FeedFormats): NamedFormat[] {
  return Object.entries(formats).map(([id, spec]) => ({ id, ...spec }));
}

/** The Content-Type a format is served with. */
export function feedContentType(format: Pick<FeedFormatSpec, "mediaType">): string {
  return `${format.mediaType}; charset=utf-8`;
}
