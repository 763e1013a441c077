import { FEED_FORMATS, formatList } from "../src/feed/formats.js";
import type { Manifest } from "../src/store/data-layout.js";
import { feedPath, listPath, postPath } from "../src/urls.js";

/** One request of the walk that the Node and the Worker tests both make. */
export interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
}

export function probeName({ method, path, headers }: Probe): string {
  const extra = Object.entries(headers ?? {}).map(([k, v]) => ` ${k}: ${v}`);
  return `${method} ${path}${extra.join("")}`;
}

/** The data files under percent-encoded spellings of `_data`: Static Assets decodes them. */
export const ENCODED_DATA_PATHS = ["/%5Fdata/manifest.json", "/%5fdata/items/0.json", "/%5F%64ata/lists/site/0.json"];

/**
 * Every route of a compiled site, and requests that must fail: the whole site's walk.
 * Conditional requests are added by `conditionalProbes` once the validators are known.
 */
export function siteRoutes(manifest: Manifest, postSlugs: string[]): string[] {
  const routes = ["/", "/opml.xml", "/site.css", "/feed.css", "/rss.xml?page=2&limit=5", "/feed.json?limit=3"];
  for (const list of Object.values(manifest.lists)) {
    if (list.kind !== "site") routes.push(listPath(list));
    for (const format of formatList(FEED_FORMATS)) routes.push(feedPath(list, format));
  }
  // Every page of the archive, in every format, at a small page size.
  const site = manifest.lists.site;
  for (let page = 2; site && (page - 1) * 3 < site.count; page++) {
    for (const format of formatList(FEED_FORMATS)) {
      routes.push(`${feedPath(site, format)}?page=${page}&limit=3`);
    }
  }
  for (const slug of postSlugs) routes.push(postPath(slug));
  routes.push(
    "/no-such-page",
    "/tags/no-such-tag/rss.xml",
    "/posts/no-such-post",
    "/_data/manifest.json",
    "//_data/manifest.json",
    ...ENCODED_DATA_PATHS,
    "/.assetsignore",
    "/rss.xml?page=0",
    "/rss.xml?limit=101",
    "/rss.xml?page=999",
    "/rss.xml?page=two",
  );
  return routes;
}

/** Requests beyond plain GETs: redirects, HEAD, wrong methods, browser navigations. */
export function extraProbes(): Probe[] {
  const redirects = [
    "/feed",
    "/feed/",
    "/rss",
    "/atom",
    "/index.xml",
    "/feed.xml",
    "/tags/japan/feed",
    "/posts/us-combat-base-japan/",
    "/tags/japan/",
  ];
  return [
    ...redirects.map((path) => ({ method: "GET", path })),
    { method: "GET", path: "/rss.xml?limit=5&page=2" },
    { method: "GET", path: "/rss.xml?page=1" },
    { method: "HEAD", path: "/rss.xml" },
    { method: "HEAD", path: "/tags/japan/atom.xml" },
    { method: "HEAD", path: "/" },
    { method: "POST", path: "/rss.xml" },
    { method: "DELETE", path: "/" },
    { method: "OPTIONS", path: "/feed.json" },
    { method: "GET", path: "/rss.xml", headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } },
  ];
}

/** Revalidations of `path` with the validators its first answer carried. */
export function conditionalProbes(path: string, first: RouteResult): Probe[] {
  const probes: Probe[] = [];
  if (first.etag) {
    probes.push({ method: "GET", path, headers: { "if-none-match": first.etag } });
    probes.push({ method: "GET", path, headers: { "if-none-match": `"other", W/${first.etag}` } });
    probes.push({ method: "HEAD", path, headers: { "if-none-match": first.etag } });
  }
  if (first.lastModified) probes.push({ method: "GET", path, headers: { "if-modified-since": first.lastModified } });
  return probes;
}

export interface RouteResult {
  status: number;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  location: string | null;
  allow: string | null;
  cacheControl: string | null;
  nosniff: string | null;
  csp: boolean;
  length: number;
}

export async function describeResponse(response: Response): Promise<RouteResult> {
  const body = new Uint8Array(await response.arrayBuffer());
  const h = response.headers;
  return {
    status: response.status,
    contentType: h.get("content-type"),
    etag: h.get("etag"),
    lastModified: h.get("last-modified"),
    location: h.get("location"),
    allow: h.get("allow"),
    cacheControl: h.get("cache-control"),
    nosniff: h.get("x-content-type-options"),
    csp: h.has("content-security-policy"),
    length: body.byteLength,
  };
}
