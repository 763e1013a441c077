import { LIST_KINDS, type ListDescription, type ListKinds } from "../lists/kinds.js";
import type { ListInfo, Manifest } from "../store/data-layout.js";
import { listKey } from "../store/data-layout.js";
import type { ContentStore } from "../store/store.js";
import { feedPath, listPath } from "../urls.js";
import type { FeedFormatSpec } from "./formats.js";
import type { FeedPage } from "./model.js";

export interface PageRequest {
  page: number;
  /** Items per page; the site's `itemsPerFeed` when not asked for. */
  limit: number;
}

/** Title and description of a list's feeds and page (see `ListKindSpec.describe`). */
export function describeList(list: ListInfo, site: Manifest["site"], kinds: ListKinds = LIST_KINDS): ListDescription {
  const spec = kinds[list.kind];
  if (!spec) throw new Error(`no list kind ${list.kind}`);
  return spec.describe(list.name, site);
}

/** URL of page `page` of a list's feed, in the canonical form used for `rel="self"` and paging. */
export function pageUrl(
  manifest: Manifest,
  list: ListInfo,
  format: Pick<FeedFormatSpec, "file"> | "html",
  page: number,
  limit: number,
  kinds: ListKinds = LIST_KINDS,
): string {
  const path = format === "html" ? listPath(list, kinds) : feedPath(list, format, kinds);
  const query = new URLSearchParams();
  if (page > 1) query.set("page", String(page));
  if (limit !== manifest.site.itemsPerFeed) query.set("limit", String(limit));
  const q = query.toString();
  return `${manifest.site.baseUrl}${path}${q ? `?${q}` : ""}`;
}

export function pageCount(list: ListInfo, limit: number): number {
  return Math.max(1, Math.ceil(list.count / limit));
}

/**
 * Selects one page of one list and describes it for a serializer.
 * Returns undefined when the page is past the end.
 */
export async function feedPage(
  store: ContentStore,
  manifest: Manifest,
  list: ListInfo,
  format: Pick<FeedFormatSpec, "file">,
  { page, limit }: PageRequest,
  options: { hub?: string; stylesheet?: string; kinds?: ListKinds } = {},
): Promise<FeedPage | undefined> {
  const kinds = options.kinds ?? LIST_KINDS;
  const last = pageCount(list, limit);
  if (page > last) return undefined;
  const slugs = await store.slugs(listKey(list.kind, list.slug), list, (page - 1) * limit, limit);
  const items = await store.items(slugs);
  const url = (n: number) => pageUrl(manifest, list, format, n, limit, kinds);
  const newest = items.reduce((max, i) => (i.updated > max ? i.updated : max), "");
  return {
    site: manifest.site,
    list,
    ...describeList(list, manifest.site, kinds),
    selfUrl: url(page),
    htmlUrl: pageUrl(manifest, list, "html", 1, manifest.site.itemsPerFeed, kinds),
    paging: {
      first: url(1),
      last: url(last),
      ...(page > 1 && { previous: url(page - 1) }),
      ...(page < last && { next: url(page + 1) }),
    },
    ...(options.hub && { hub: options.hub }),
    ...(options.stylesheet && { stylesheet: options.stylesheet }),
    updated: new Date(newest || 0),
    items,
  };
}
