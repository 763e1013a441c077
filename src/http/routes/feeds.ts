import type { Context, Hono } from "hono";
import { toAtom } from "../../feed/atom.js";
import { toJsonFeed } from "../../feed/json.js";
import { toOpml } from "../../feed/opml.js";
import { feedPage, pageUrl } from "../../feed/page.js";
import { toRss } from "../../feed/rss.js";
import { LISTS_MODIFIED, type ListInfo, type ListKind, listKey, modifiedOf } from "../../store/data-layout.js";
import type { FeedFormat } from "../../urls.js";
import { makeEntity } from "../entity.js";
import { pagedRequest, serveRendered } from "../serve.js";
import type { Site } from "../served-site.js";

export const FEED_FILES: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };
export const LIST_KINDS: Record<string, Exclude<ListKind, "site">> = {
  tags: "tag",
  categories: "category",
  authors: "author",
};

const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};
const SERIALIZE = { rss: toRss, atom: toAtom, json: toJsonFeed };

/** The three feeds of the site and of every tag, category and author, paged; and the OPML of them all. */
export function feedRoutes(app: Hono, site: Site): void {
  for (const [file, format] of Object.entries(FEED_FILES)) {
    app.get(`/${file}`, async (c) => serveFeed(c, site, (await site.store.manifest()).lists.site, format));
  }

  app.get("/:kind{tags|categories|authors}/:slug/:file{rss\\.xml|atom\\.xml|feed\\.json}", async (c) => {
    const kind = LIST_KINDS[c.req.param("kind")] as ListKind;
    const list = (await site.store.manifest()).lists[listKey(kind, c.req.param("slug"))];
    return serveFeed(c, site, list, FEED_FILES[c.req.param("file")] as FeedFormat);
  });

  app.get("/opml.xml", (c) =>
    serveRendered(c, site, "opml", (m) =>
      makeEntity(
        toOpml(m),
        "text/x-opml; charset=utf-8",
        modifiedOf(m, LISTS_MODIFIED) ?? dateOf(m.lists.site?.updated),
        { gzip: site.gzip },
      ),
    ),
  );
}

async function serveFeed(c: Context, site: Site, listInfo: ListInfo | undefined, format: FeedFormat) {
  const request = await pagedRequest(c, site, listInfo, format);
  if (request instanceof Response) return request;
  const { list, page, limit } = request;
  const response = await serveRendered(
    c,
    site,
    `${format} ${listKey(list.kind, list.slug)} ${page} ${limit}`,
    async (m) => {
      const stylesheet = format === "json" ? undefined : "/feed.css";
      const hub = await site.hub(m);
      const data = await feedPage(site.store, m, list, format, { page, limit }, { hub, stylesheet });
      // The time this list or its items last changed, not the newest item's date: a backdated post changes the feed too.
      const modified = modifiedOf(m, listKey(list.kind, list.slug)) ?? data?.updated;
      return data && makeEntity(SERIALIZE[format](data), CONTENT_TYPES[format], modified, { gzip: site.gzip });
    },
  );
  // WebSub §4: discovery from the HTTP headers too, for subscribers that do not parse the document.
  const m = await site.store.manifest();
  const hub = await site.hub(m);
  if (hub && (response.status === 200 || response.status === 304)) {
    response.headers.append("Link", `<${hub}>; rel="hub", <${pageUrl(m, list, format, page, limit)}>; rel="self"`);
  }
  return response;
}

function dateOf(iso: string | undefined): Date | undefined {
  return iso ? new Date(iso) : undefined;
}
