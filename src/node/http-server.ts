import { createServer, type Server } from "node:http";
import type { Hono } from "hono";
import { cachedListener } from "./response-cache.js";

/** A node:http server for the app, with its responses cached in memory (see `cachedListener`). */
export function siteServer(app: Hono): Server {
  return createServer(cachedListener((request, env) => app.fetch(request, env)));
}

/**
 * Renders the home page and the site's feeds once before the server listens: the first
 * readers then get cached bytes, and every later page finds the code paths compiled.
 */
export async function warmUp(app: Hono): Promise<void> {
  for (const path of ["/", "/rss.xml", "/atom.xml", "/feed.json"]) {
    const response = await app.request(path, { headers: { "accept-encoding": "gzip" } });
    await response.arrayBuffer();
  }
}
