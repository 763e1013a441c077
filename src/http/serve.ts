import type { Context } from "hono";
import type { FeedFormatSpec } from "../feed/formats.js";
import { pageUrl } from "../feed/page.js";
import type { ListInfo, Manifest } from "../store/data-layout.js";
import { parsePaging } from "./query.js";
import { send } from "./respond.js";
import type { Render, Site } from "./served-site.js";

/** Serves `render`'s entity from the cache (rendering it once per build), or 404. */
export async function serveRendered(c: Context, site: Site, key: string, render: Render): Promise<Response> {
  const manifest: Manifest = await site.store.manifest();
  const entity = await site.cache.get(`${manifest.buildId} ${key}`, () => render(manifest));
  if (!entity) return site.notFound(c);
  return send(c, entity, await site.settings(), site.registry.formats);
}

/**
 * The prelude of every paged route (feeds and list pages): 404 for an unknown list, 400 for
 * bad `page`/`limit`, and a 301 to the page's one canonical URL (`?page=2&limit=5`, never
 * `?limit=5&page=2` or `?page=1`), so `rel="self"` is always the URL served and caches hold
 * one copy. Returns the page to serve, or the response that ends the request.
 */
export async function pagedRequest(
  c: Context,
  site: Site,
  list: ListInfo | undefined,
  format: FeedFormatSpec | "html",
): Promise<{ list: ListInfo; page: number; limit: number } | Response> {
  if (!list) return site.notFound(c);
  const manifest = await site.store.manifest();
  const url = new URL(c.req.url);
  const query = parsePaging(url, manifest.site.itemsPerFeed);
  if (!query.ok) return badRequest(c, query.reason);
  const { page, limit } = query.value;
  const wanted = new URL(pageUrl(manifest, list, format, page, limit, site.registry.kinds)).search;
  if (url.search !== wanted) return c.redirect(`${url.pathname}${wanted}`, 301);
  return { list, page, limit };
}

/** A one-line plain-text 400: bad input is the client's to fix, never a 500. */
export function badRequest(c: Context, reason: string): Response {
  return c.text(`Bad request: ${reason}\n`, 400);
}
