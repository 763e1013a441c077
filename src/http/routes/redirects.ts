import type { Context, Hono } from "hono";
import type { ContentStore } from "../../store/store.js";
import { postPath } from "../../urls.js";

/**
 * Feed addresses that readers guess or that other blog engines used (WordPress, Hugo,
 * Jekyll, Ghost), moved permanently to the canonical feed. The query string is kept.
 */
const LEGACY: Record<string, string> = {
  feed: "rss.xml",
  "feed/": "rss.xml",
  rss: "rss.xml",
  "rss/": "rss.xml",
  "feed.xml": "rss.xml",
  "index.xml": "rss.xml",
  "rss2.xml": "rss.xml",
  "feed/rss": "rss.xml",
  "feed/rss/": "rss.xml",
  atom: "atom.xml",
  "atom/": "atom.xml",
  "feed/atom": "atom.xml",
  "feed/atom/": "atom.xml",
  json: "feed.json",
  "feed/json": "feed.json",
  "feed/json/": "feed.json",
};

export function redirectRoutes(app: Hono): void {
  // Jekyll, Hugo and most generators serve pages as folders (`/posts/slug/`): old links keep working.
  app.get("/:kind{posts|tags|categories|authors}/:slug/", (c) => {
    const path = `/${c.req.param("kind")}/${encodeURIComponent(c.req.param("slug"))}`;
    return c.redirect(`${path}${new URL(c.req.url).search}`, 301);
  });
  for (const [from, to] of Object.entries(LEGACY)) {
    app.get(`/${from}`, (c) => c.redirect(`/${to}${new URL(c.req.url).search}`, 301));
    app.get(`/:kind{tags|categories|authors}/:slug/${from}`, (c) => {
      const base = `/${c.req.param("kind")}/${encodeURIComponent(c.req.param("slug"))}`;
      return c.redirect(`${base}/${to}${new URL(c.req.url).search}`, 301);
    });
  }
}

/** Paths of this site's own kinds: a missing one is a 404 here, never the old site's page. */
const OWN_PATHS = /^\/(posts|tags|categories|authors|_data)(\/|$)/;

/**
 * A 301 to the post that had this URL on the site it moved from (`permalink`, a post's own
 * `permalink`/`url`/`path`, its `aliases`), with or without the trailing slash or `index.html`;
 * undefined when no post had it. Asked only for paths nothing else answers.
 */
export async function oldUrlRedirect(c: Context, store: ContentStore): Promise<Response | undefined> {
  const permalinks = await store.permalinks();
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  const bare = path.replace(/\/index\.html?$/i, "/").replace(/\/+$/, "");
  for (const candidate of [path, bare, `${bare}/`, `${bare}.html`]) {
    const slug = Object.hasOwn(permalinks, candidate) ? permalinks[candidate] : undefined;
    if (slug !== undefined) return c.redirect(`${slug === "" ? "/" : postPath(slug)}${url.search}`, 301);
  }
  // A file of a page bundle at its old place, below the post's old URL.
  const cut = url.pathname.lastIndexOf("/");
  const folder = permalinks[`${path.slice(0, path.lastIndexOf("/") + 1)}*`];
  if (folder?.startsWith("/") && cut >= 0)
    return c.redirect(`${folder}${url.pathname.slice(cut + 1)}${url.search}`, 301);
  // The old site's other pages stay where they were: send the reader there.
  const { site } = await store.manifest();
  const old = site.oldSiteUrl;
  if (old && new URL(old).origin !== new URL(site.baseUrl).origin && !OWN_PATHS.test(url.pathname)) {
    return c.redirect(`${old}${url.pathname}${url.search}`, 301);
  }
  return undefined;
}
