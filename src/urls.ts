import type { FeedFormatSpec } from "./feed/formats.js";
import { LIST_KINDS, type ListKinds } from "./lists/kinds.js";
import type { ListInfo } from "./store/data-layout.js";

/**
 * URL paths of everything the site serves: one place, used by the build, the app and the pages.
 * Lists and feeds are placed by the two registries (`LIST_KINDS`, `FEED_FORMATS`).
 */

export function postPath(slug: string): string {
  return `/posts/${encodeURIComponent(slug)}`;
}

/** The HTML page of a list: `/` for the site, `/tags/new-york` for a tag; `/tags/` for slug "" (a kind's base). */
export function listPath(list: Pick<ListInfo, "kind" | "slug">, kinds: ListKinds = LIST_KINDS): string {
  const segment = kinds[list.kind]?.segment;
  return segment ? `/${segment}/${encodeURIComponent(list.slug)}` : "/";
}

export function feedPath(
  list: Pick<ListInfo, "kind" | "slug">,
  format: Pick<FeedFormatSpec, "file">,
  kinds: ListKinds = LIST_KINDS,
): string {
  const base = listPath(list, kinds);
  return `${base === "/" ? "" : base}/${format.file}`;
}
