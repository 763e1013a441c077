import { type Context, Hono } from "hono";
import { toAtom } from "../feed/atom.js";
import { toJsonFeed } from "../feed/json.js";
import { toOpml } from "../feed/opml.js";
import { describeList, feedPage, pageCount, pageUrl } from "../feed/page.js";
import { toRss } from "../feed/rss.js";
import { ListPage } from "../pages/list.js";
import { NotFoundPage } from "../pages/not-found.js";
import { PostPage } from "../pages/post.js";
import { DATA_PREFIX, type ListInfo, type ListKind, listKey, type Manifest } from "../store/layout.js";
import type { ContentStore } from "../store/store.js";
import type { FeedFormat } from "../urls.js";
import { type Entity, isNotModified, makeEntity } from "./entity.js";
import { parsePaging } from "./query.js";
import { RenderCache } from "./render-cache.js";

export interface AppOptions {
  store: ContentStore;
  /** Serves a file of the compiled site (images, CSS) by URL path; undefined when there is none. */
  asset: (path: string) => Promise<Response | undefined>;
  /** WebSub hub advertised by every feed. */
  hub?: string;
}

const FEED_FORMATS: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };
const CONTENT_TYPES: Record<FeedFormat | "html" | "opml", string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  opml: "text/x-opml; charset=utf-8",
};
const SERIALIZE = { rss: toRss, atom: toAtom, json: toJsonFeed };
const KINDS: Record<string, Exclude<ListKind, "site">> = { tags: "tag", categories: "category", authors: "author" };

/**
 * The whole site as one Hono app, the same on Node and Workers: the entry points only
 * say where the compiled content comes from.
 */
export function createApp({ store, asset, hub }: AppOptions): Hono {
  const app = new Hono();
  const cache = new RenderCache();

  /** Serves `render`'s result from the cache, with validators; 404 when it yields nothing. */
  const serve = async (c: Context, key: string, render: (m: Manifest) => Promise<Entity | undefined>) => {
    const manifest = await store.manifest();
    const entity = await cache.get(`${manifest.buildId} ${key}`, () => render(manifest));
    if (!entity) return notFound(c);
    return send(c, entity);
  };

  const feed = (c: Context, list: ListInfo | undefined, format: FeedFormat, manifest: Manifest) => {
    if (!list) return notFound(c);
    const url = new URL(c.req.url);
    const query = parsePaging(url, manifest.site.itemsPerFeed);
    if (!query.ok) return c.text(`Bad request: ${query.reason}\n`, 400);
    const { page, limit } = query.value;
    const canonical = canonicalRedirect(c, pageUrl(manifest, list, format, page, limit));
    if (canonical) return canonical;
    return serve(c, `${format} ${listKey(list.kind, list.slug)} ${page} ${limit}`, async (m) => {
      const data = await feedPage(
        store,
        m,
        list,
        format,
        { page, limit },
        { hub, stylesheet: format === "json" ? undefined : "/feed.css" },
      );
      return data && makeEntity(SERIALIZE[format](data), CONTENT_TYPES[format], data.updated);
    });
  };

  const listHtml = (c: Context, list: ListInfo | undefined, manifest: Manifest) => {
    if (!list) return notFound(c);
    const query = parsePaging(new URL(c.req.url), manifest.site.itemsPerFeed);
    if (!query.ok) return c.text(`Bad request: ${query.reason}\n`, 400);
    const { page, limit } = query.value;
    const canonical = canonicalRedirect(c, pageUrl(manifest, list, "html", page, limit));
    if (canonical) return canonical;
    return serve(c, `html ${listKey(list.kind, list.slug)} ${page} ${limit}`, async (m) => {
      const pages = pageCount(list, limit);
      if (page > pages) return undefined;
      const slugs = await store.slugs(listKey(list.kind, list.slug), list, (page - 1) * limit, limit);
      const items = await store.items(slugs);
      const { title, description } = describeList(list, m.site);
      const html = await (
        <ListPage
          manifest={m}
          list={list}
          title={page > 1 ? `${title} — page ${page}` : title}
          description={description}
          canonical={pageUrl(m, list, "html", page, limit)}
          items={items}
          page={page}
          pages={pages}
          pageHref={(n) => pageUrl(m, list, "html", n, limit)}
        />
      ).toString();
      const newest = items.reduce((max, i) => (i.updated > max ? i.updated : max), "");
      return makeEntity(`<!doctype html>${html}`, CONTENT_TYPES.html, new Date(newest || 0));
    });
  };

  const notFound = async (c: Context) => {
    const manifest = await store.manifest();
    const html = await (<NotFoundPage manifest={manifest} path={new URL(c.req.url).pathname} />).toString();
    return c.html(`<!doctype html>${html}`, 404);
  };

  app.get("/", async (c) => {
    const m = await store.manifest();
    return listHtml(c, m.lists.site, m);
  });

  for (const [file, format] of Object.entries(FEED_FORMATS)) {
    app.get(`/${file}`, async (c) => {
      const m = await store.manifest();
      return feed(c, m.lists.site, format, m);
    });
  }

  app.get("/:kind{tags|categories|authors}/:slug/:file{rss\\.xml|atom\\.xml|feed\\.json}", async (c) => {
    const m = await store.manifest();
    const kind = KINDS[c.req.param("kind")] as ListKind;
    return feed(c, m.lists[listKey(kind, c.req.param("slug"))], FEED_FORMATS[c.req.param("file")] as FeedFormat, m);
  });

  app.get("/:kind{tags|categories|authors}/:slug", async (c) => {
    const m = await store.manifest();
    const kind = KINDS[c.req.param("kind")] as ListKind;
    return listHtml(c, m.lists[listKey(kind, c.req.param("slug"))], m);
  });

  app.get("/posts/:slug", (c) => {
    const slug = c.req.param("slug");
    return serve(c, `post ${slug}`, async (m) => {
      const item = await store.item(slug);
      if (!item) return undefined;
      const feeds = [m.lists.site, item.category && m.lists[listKey("category", item.category.slug)]].filter(
        (l): l is ListInfo => l !== undefined,
      );
      const html = await (<PostPage manifest={m} item={item} feeds={feeds} />).toString();
      return makeEntity(`<!doctype html>${html}`, CONTENT_TYPES.html, new Date(item.updated));
    });
  });

  app.get("/opml.xml", (c) =>
    serve(c, "opml", async (m) =>
      makeEntity(toOpml(m), CONTENT_TYPES.opml, m.lists.site?.updated ? new Date(m.lists.site.updated) : undefined),
    ),
  );

  // Files of the compiled site (images, CSS). Data files are the app's own business.
  app.get("*", async (c) => {
    const path = publicPath(new URL(c.req.url).pathname);
    const response = path && (await asset(path));
    return response || notFound(c);
  });

  return app;
}

/**
 * The public file a URL path names, or undefined: no empty, `.` or `..` segments (raw or
 * percent-encoded), no backslashes, and nothing under the data folder.
 */
export function publicPath(pathname: string): string | undefined {
  const segments = pathname.split("/").slice(1);
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === "" || decoded === "." || decoded === ".." || /[\\/\0]/.test(decoded)) return undefined;
  }
  if (segments[0] === DATA_PREFIX) return undefined;
  return pathname;
}

/**
 * Each page has one URL (`?page=2&limit=5`, never `?limit=5&page=2` or `?page=1`), so that
 * `rel="self"` is always the URL served and caches hold one copy. Others get a 301.
 */
function canonicalRedirect(c: Context, canonicalUrl: string): Response | undefined {
  const wanted = new URL(canonicalUrl).search;
  const url = new URL(c.req.url);
  if (url.search === wanted) return undefined;
  return c.redirect(`${url.pathname}${wanted}`, 301);
}

/**
 * Browsers render `application/rss+xml` and `application/atom+xml` as plain text (Chromium) or
 * offer a download (Firefox), and apply the feed's CSS only to an XML type. A navigation
 * (Accept naming text/html) gets the same bytes as `application/xml`; feed readers get the
 * registered type. The two are different representations, with their own ETags.
 */
function forBrowser(c: Context, entity: Entity): Entity {
  const isFeedXml = /^application\/(rss|atom)\+xml/.test(entity.contentType);
  if (!isFeedXml || !(c.req.header("accept") ?? "").includes("text/html")) return entity;
  return { ...entity, contentType: "application/xml; charset=utf-8", etag: entity.etag.replace(/"$/, '-xml"') };
}

function send(c: Context, original: Entity): Response {
  const entity = forBrowser(c, original);
  const headers = new Headers({
    "Content-Type": entity.contentType,
    ETag: entity.etag,
    "Cache-Control": "public, max-age=300",
  });
  if (entity.lastModified) headers.set("Last-Modified", entity.lastModified.toUTCString());
  if (/^application\/(rss|atom|feed)\+|^application\/xml|^text\/x-opml/.test(original.contentType)) {
    headers.set("Access-Control-Allow-Origin", "*");
  }
  if (/xml/.test(original.contentType)) headers.set("Vary", "Accept");
  if (isNotModified(c.req.raw.headers, entity)) return new Response(null, { status: 304, headers });
  return new Response(entity.body as BodyInit, { status: 200, headers });
}
