import type { Context } from "hono";
import type { Manifest } from "../store/layout.js";
import { send } from "./respond.js";
import type { Render, Site } from "./site.js";

/** Serves `render`'s entity from the cache (rendering it once per build), or 404. */
export async function serveRendered(c: Context, site: Site, key: string, render: Render): Promise<Response> {
  const manifest: Manifest = await site.store.manifest();
  const entity = await site.cache.get(`${manifest.buildId} ${key}`, () => render(manifest));
  if (!entity) return site.notFound(c);
  return send(c, entity, manifest.site);
}

/**
 * Each page has one URL (`?page=2&limit=5`, never `?limit=5&page=2` or `?page=1`), so that
 * `rel="self"` is always the URL served and caches hold one copy. Others get a 301.
 */
export function canonicalRedirect(c: Context, canonicalUrl: string): Response | undefined {
  const wanted = new URL(canonicalUrl).search;
  const url = new URL(c.req.url);
  if (url.search === wanted) return undefined;
  return c.redirect(`${url.pathname}${wanted}`, 301);
}

/** A one-line plain-text 400: bad input is the client's to fix, never a 500. */
export function badRequest(c: Context, reason: string): Response {
  return c.text(`Bad request: ${reason}\n`, 400);
}
