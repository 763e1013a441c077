import type { Context, Hono } from "hono";
import { describeList, pageCount, pageUrl } from "../../feed/page.js";
import { kindsBySegment, segmentPattern } from "../../lists/kinds.js";
import { ListPage } from "../../pages/list.js";
import { NotFoundPage } from "../../pages/not-found.js";
import { PostPage } from "../../pages/post.js";
import type { Registry } from "../../registry.js";
import { type ListInfo, type ListKind, listKey, type Manifest, modifiedOf } from "../../store/data-layout.js";
import { makeEntity } from "../entity.js";
import { pagedRequest, serveRendered } from "../serve.js";
import type { Site } from "../served-site.js";

const HTML = "text/html; charset=utf-8";

/** The index, the page of every list of every kind, and each post. */
export function pageRoutes(app: Hono, site: Site): void {
  const { registry } = site;
  const bySegment = kindsBySegment(registry.kinds);
  app.get("/", async (c) => serveList(c, site, (await site.store.manifest()).lists.site));

  app.get(`/${segmentPattern(registry.kinds)}/:slug`, async (c) => {
    const kind = bySegment.get(c.req.param("kind") as string) as ListKind;
    return serveList(c, site, (await site.store.manifest()).lists[listKey(kind, c.req.param("slug") as string)]);
  });

  app.get("/posts/:slug", (c) => {
    const slug = c.req.param("slug");
    return serveRendered(c, site, `post ${slug}`, async (m) => {
      const item = await site.store.item(slug);
      if (!item) return undefined;
      const feeds = [m.lists.site, item.category && m.lists[listKey("category", item.category.slug)]].filter(
        (l): l is ListInfo => l !== undefined,
      );
      const html = await (<PostPage manifest={m} registry={registry} item={item} feeds={feeds} />).toString();
      // Its Related block and feed links change with other posts: the site's time covers every item.
      const modified = modifiedOf(m, listKey("site")) ?? new Date(item.updated);
      return makeEntity(`<!DOCTYPE html>${html}`, HTML, modified, { gzip: site.gzip });
    });
  });
}

async function serveList(c: Context, site: Site, listInfo: ListInfo | undefined) {
  const { registry } = site;
  const { kinds } = registry;
  const request = await pagedRequest(c, site, listInfo, "html");
  if (request instanceof Response) return request;
  const { list, page, limit } = request;
  return serveRendered(c, site, `html ${listKey(list.kind, list.slug)} ${page} ${limit}`, async (m) => {
    const pages = pageCount(list, limit);
    if (page > pages) return undefined;
    const slugs = await site.store.slugs(listKey(list.kind, list.slug), list, (page - 1) * limit, limit);
    const items = await site.store.items(slugs);
    const { title, description } = describeList(list, m.site, kinds);
    const html = await (
      <ListPage
        manifest={m}
        registry={registry}
        list={list}
        title={page > 1 ? `${title} — page ${page}` : title}
        description={description}
        canonical={pageUrl(m, list, "html", page, limit, kinds)}
        items={items}
        page={page}
        pages={pages}
        pageHref={(n) => pageUrl(m, list, "html", n, limit, kinds)}
      />
    ).toString();
    const newest = items.reduce((max, i) => (i.updated > max ? i.updated : max), "");
    const modified = modifiedOf(m, listKey(list.kind, list.slug)) ?? new Date(newest || 0);
    return makeEntity(`<!DOCTYPE html>${html}`, HTML, modified, { gzip: site.gzip });
  });
}

/** The 404 page: short, and linking the feeds. */
export async function notFoundPage(c: Context, manifest: Manifest, registry: Registry): Promise<Response> {
  const html = await (
    <NotFoundPage manifest={manifest} registry={registry} path={new URL(c.req.url).pathname} />
  ).toString();
  return c.html(`<!DOCTYPE html>${html}`, 404);
}
