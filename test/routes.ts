import type { Manifest } from "../src/store/layout.js";
import { FEED_FILE, feedPath, listPath, postPath } from "../src/urls.js";

/** Every route of a compiled site, plus requests that must fail: what the Node and Worker tests both walk. */
export function siteRoutes(manifest: Manifest, postSlugs: string[]): string[] {
  const routes = ["/", "/opml.xml", "/site.css", "/feed.css", "/rss.xml?page=2&limit=5", "/feed.json?limit=3"];
  for (const list of Object.values(manifest.lists)) {
    if (list.kind !== "site") routes.push(listPath(list));
    for (const format of Object.keys(FEED_FILE) as (keyof typeof FEED_FILE)[]) routes.push(feedPath(list, format));
  }
  for (const slug of postSlugs) routes.push(postPath(slug));
  routes.push(
    "/no-such-page",
    "/tags/no-such-tag/rss.xml",
    "/posts/no-such-post",
    "/_data/manifest.json",
    "/rss.xml?page=0",
    "/rss.xml?limit=101",
    "/rss.xml?page=999",
  );
  return routes;
}

export interface RouteResult {
  status: number;
  contentType: string | null;
  etag: string | null;
  length: number;
}

export async function describeResponse(response: Response): Promise<RouteResult> {
  const body = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    etag: response.headers.get("etag"),
    length: body.byteLength,
  };
}
