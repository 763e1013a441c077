import { LIST_SEGMENT, type ListInfo, type ListKind } from "./store/data-layout.js";

/** URL paths of everything the site serves: one place, used by the build, the app and the pages. */

export type FeedFormat = "rss" | "atom" | "json";

export const FEED_FILE: Record<FeedFormat, string> = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };

export function postPath(slug: string): string {
  return `/posts/${encodeURIComponent(slug)}`;
}

/** The HTML page of a list: `/` for the site, `/tags/new-york` for a tag. */
export function listPath(list: Pick<ListInfo, "kind" | "slug">): string {
  return list.kind === "site"
    ? "/"
    : `/${LIST_SEGMENT[list.kind as Exclude<ListKind, "site">]}/${encodeURIComponent(list.slug)}`;
}

export function feedPath(list: Pick<ListInfo, "kind" | "slug">, format: FeedFormat): string {
  const base = listPath(list);
  return `${base === "/" ? "" : base}/${FEED_FILE[format]}`;
}

/** Base of the tag pages (`/tags/`), followed by a slug; also the RSS category domain. */
export function tagPath(slug: string): string {
  return `/tags/${encodeURIComponent(slug)}`;
}

export function categoryPath(slug: string): string {
  return `/categories/${encodeURIComponent(slug)}`;
}
