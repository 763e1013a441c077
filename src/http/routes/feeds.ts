import type { Context, Hono } from "hono";
import { feedContentType, formatList, type NamedFormat } from "../../feed/formats.js";
import { toOpml } from "../../feed/opml.js";
import { feedPage, pageUrl } from "../../feed/page.js";
import { kindsBySegment, segmentPattern } from "../../lists/kinds.js";
import { LISTS_MODIFIED, type ListInfo, type ListKind, listKey, modifiedOf } from "../../store/data-layout.js";
import { makeEntity } from "../entity.js";
import { pagedRequest, serveRendered } from "../serve.js";
import type { Site } from "../served-site.js";

/** A Hono pattern matching one of `names` exactly: `:file{rss\.xml|atom\.xml|feed\.json}`. */
export function namePattern(param: string, names: string[]): string {
  return `:${param}{${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")}}`;
}

/** Every feed format of the site and of every list of every kind, paged; and the OPML of them all. */
export function feedRoutes(app: Hono, site: Site): void {
  const { formats, kinds } = site.registry;
  const byFile = new Map(formatList(formats).map((f) => [f.file, f]));
  const bySegment = kindsBySegment(kinds);
  for (const format of byFile.values()) {
    app.get(`/${format.file}`, async (c) => serveFeed(c, site, (await site.store.manifest()).lists.site, format));
  }

  app.get(`/${segmentPattern(kinds)}/:slug/${namePattern("file", [...byFile.keys()])}`, async (c) => {
    const kind = bySegment.get(c.req.param("kind") as string) as ListKind;
    const list = (await site.store.manifest()).lists[listKey(kind, c.req.param("slug") as string)];
    return serveFeed(c, site, list, byFile.get(c.req.param("file") as string) as NamedFormat);
  });

  app.get("/opml.xml", (c) =>
    serveRendered(c, site, "opml", (m) =>
      makeEntity(
        toOpml(m, site.registry),
        "text/x-opml; charset=utf-8",
        modifiedOf(m, LISTS_MODIFIED) ?? dateOf(m.lists.site?.updated),
        { gzip: site.gzip },
      ),
    ),
  );
}

async function serveFeed(c: Context, site: Site, listInfo: ListInfo | undefined, format: NamedFormat) {
  const { kinds } = site.registry;
  const request = await pagedRequest(c, site, listInfo, format);
  if (request instanceof Response) return request;
  const { list, page, limit } = request;
  const response = await serveRendered(
    c,
    site,
    `${format.id} ${listKey(list.kind, list.slug)} ${page} ${limit}`,
    async (m) => {
      const stylesheet = format.xml ? "/feed.css" : undefined;
      const hub = await site.hub(m);
      const data = await feedPage(site.store, m, list, format, { page, limit }, { hub, stylesheet, kinds });
      // The time this list or its items last changed, not the newest item's date: a backdated post changes the feed too.
      const modified = modifiedOf(m, listKey(list.kind, list.slug)) ?? data?.updated;
      return data && makeEntity(format.render(data), feedContentType(format), modified, { gzip: site.gzip });
    },
  );
  // WebSub §4: discovery from the HTTP headers too, for subscribers that do not parse the document.
  const m = await site.store.manifest();
  const hub = await site.hub(m);
  if (hub && (response.status === 200 || response.status === 304)) {
    response.headers.append(
      "Link",
      `<${hub}>; rel="hub", <${pageUrl(m, list, format, page, limit, kinds)}>; rel="self"`,
    );
  }
  return response;
}

function dateOf(iso: string | undefined): Date | undefined {
  return iso ? new Date(iso) : undefined;
}
