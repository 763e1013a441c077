import { createServer, type Server } from "node:http";
import type { Hono } from "hono";
import { FEED_FORMATS, formatList } from "../feed/formats.js";
import { cachedListener, type ListenerOptions } from "./response-cache.js";

/**
 * A node:http server for the app, with its responses cached in memory (see `cachedListener`).
 * `serve` swaps in another app (a rebuilt site) with a cache of its own.
 */
export function siteServer(
  app: Hono,
  options: Pick<ListenerOptions, "host"> = {},
): { server: Server; serve: (app: Hono) => void } {
  const listenerOf = (a: Hono) => cachedListener((request, env) => a.fetch(request, env), options);
  let listener = listenerOf(app);
  const server = createServer((req, res) => listener(req, res));
  return {
    server,
    serve: (next) => {
      listener = listenerOf(next);
    },
  };
}

/**
 * Renders the home page and the site's feeds once before the server listens: the first
 * readers then get cached bytes, and every later page finds the code paths compiled.
 */
export async function warmUp(app: Hono): Promise<void> {
  for (const path of ["/", ...formatList(FEED_FORMATS).map((f) => `/${f.file}`)]) {
    const response = await app.request(path, { headers: { "accept-encoding": "gzip" } });
    await response.arrayBuffer();
  }
}
