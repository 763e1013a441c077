import type { SiteConfig } from "../config/site-config.js";
import type { Item, ListInfo } from "../store/data-layout.js";

/** RFC 5005 paging links of one feed document, absolute URLs in the same format. */
export interface Paging {
  first: string;
  last: string;
  previous?: string;
  next?: string;
}

/** One page of one feed: everything the RSS, Atom and JSON serializers need, nothing format-specific. */
export interface FeedPage {
  site: SiteConfig;
  list: ListInfo;
  /** Plain text. */
  title: string;
  description: string;
  /** The exact URL this document is served at (`rel="self"`). */
  selfUrl: string;
  /** The HTML page of the list (`rel="alternate"`). */
  htmlUrl: string;
  paging: Paging;
  /** WebSub hub URL, when one is configured. */
  hub?: string;
  /** Newest `updated` among the page's items; the Unix epoch for an empty feed. */
  updated: Date;
  /** URL of the CSS that makes the XML readable in a browser. */
  stylesheet?: string;
  items: Item[];
}

/** RFC 5005 paged-feed links (first/last/previous/next), shared by RSS and Atom. */
export function pagingLinks(page: FeedPage): { rel: string; href: string }[] {
  const { first, last, previous, next } = page.paging;
  return [
    { rel: "first", href: first },
    ...(previous ? [{ rel: "previous", href: previous }] : []),
    ...(next ? [{ rel: "next", href: next }] : []),
    { rel: "last", href: last },
  ];
}
