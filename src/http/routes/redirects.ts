import type { Hono } from "hono";

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
