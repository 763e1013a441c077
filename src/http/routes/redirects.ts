import type { Context, Hono } from "hono";
import { formatList } from "../../feed/formats.js";
import { kindsBySegment, segmentPattern } from "../../lists/kinds.js";
import type { Registry } from "../../registry.js";
import { DATA_PREFIX } from "../../store/data-layout.js";
import type { ContentStore } from "../../store/store.js";
import { postPath } from "../../urls.js";

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

/** Whether a path is under one of this site's own folders (posts, each kind's, data): a missing one is a 404 here, never the old site's page. */
function isOwnPath(pathname: string, { kinds }: Registry): boolean {
  const first = pathname.split("/")[1] ?? "";
  return first === "posts" || first === DATA_PREFIX || kindsBySegment(kinds).has(first);
}

/**
 * A 301 to the post that had this URL on the site it moved from (`permalink`, a post's own
 * `permalink`/`url`/`path`, its `aliases`), with or without the trailing slash or `index.html`;
 * undefined when no post had it. Asked only for paths nothing else answers.
 */
export async function oldUrlRedirect(
  c: Context,
  store: ContentStore,
  registry: Registry,
): Promise<Response | undefined> {
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
  if (old && new URL(old).origin !== new URL(site.baseUrl).origin && !isOwnPath(url.pathname, registry)) {
    return c.redirect(`${old}${url.pathname}${url.search}`, 301);
  }
  return undefined;
}
