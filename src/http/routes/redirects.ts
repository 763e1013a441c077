import type { Hono } from "hono";
import { formatList } from "../../feed/formats.js";
import { segmentPattern } from "../../lists/kinds.js";
import type { Registry } from "../../registry.js";

/**
 * Feed addresses that readers guess or that other blog engines used (each format's `legacy`),
 * moved permanently to the canonical feed, for the site and every list. The query string is kept.
 */
export function redirectRoutes(app: Hono, { formats, kinds }: Registry): void {
  const lists = segmentPattern(kinds);
  // Jekyll, Hugo and most generators serve pages as folders (`/posts/slug/`): old links keep working.
  app.get(`/${segmentPattern(kinds, ["posts"])}/:slug/`, (c) => {
    const path = `/${c.req.param("kind")}/${encodeURIComponent(c.req.param("slug"))}`;
    return c.redirect(`${path}${new URL(c.req.url).search}`, 301);
  });
  for (const { file, legacy } of formatList(formats)) {
    for (const from of legacy) {
      app.get(`/${from}`, (c) => c.redirect(`/${file}${new URL(c.req.url).search}`, 301));
      app.get(`/${lists}/:slug/${from}`, (c) => {
        const base = `/${c.req.param("kind")}/${encodeURIComponent(c.req.param("slug"))}`;
        return c.redirect(`${base}/${file}${new URL(c.req.url).search}`, 301);
      });
    }
  }
}
