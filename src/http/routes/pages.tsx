import type { Context, Hono } from "hono";
import { describeList, pageCount, pageUrl } from "../../feed/page.js";
import { ListPage } from "../../pages/list.js";
import { NotFoundPage } from "../../pages/not-found.js";
import { PostPage } from "../../pages/post.js";
import { type ListInfo, type ListKind, listKey, type Manifest, modifiedOf } from "../../store/data-layout.js";
import { makeEntity } from "../entity.js";
import { pagedRequest, serveRendered } from "../serve.js";
import type { Site } from "../served-site.js";
import { LIST_KINDS } from "./feeds.js";

const HTML = "text/html; charset=utf-8";

/** The index, the page of each tag, category and author, and each post. */
export function pageRoutes(app: Hono, site: Site): void {
  app.get("/", async (c) => serveList(c, site, (await site.store.manifest()).lists.site));

  app.get("/:kind{tags|categories|authors}/:slug", async (c) => {
    const kind = LIST_KINDS[c.req.param("kind")] as ListKind;
    return serveList(c, site, (await site.store.manifest()).lists[listKey(kind, c.req.param("slug"))]);
  });

  app.get("/posts/:slug", (c) => {
    const slug = c.req.param("slug");
    return serveRendered(c, site, `post ${slug}`, async (m) => {
      const item = await site.store.item(slug);
      if (!item) return undefined;
      const feeds = [m.lists.site, item.category && m.lists[listKey("category", item.category.slug)]].filter(
        (l): l is ListInfo => l !== undefined,
      );
      const html = await (<PostPage manifest={m} item={item} feeds={feeds} />).toString();
      // Its Related block and feed links change with other posts: the site's time covers every item.
      const modified = modifiedOf(m, listKey("site")) ?? new Date(item.updated);
      return makeEntity(`<!DOCTYPE html>${html}`, HTML, modified, { gzip: site.gzip });
    });
  });
}

async function serveList(c: Context, site: Site, listInfo: ListInfo | undefined) {
  const request = await pagedRequest(c, site, listInfo, "html");
  if (request instanceof Response) return request;
  const { list, page, limit } = request;
  return serveRendered(c, site, `html ${listKey(list.kind, list.slug)} ${page} ${limit}`, async (m) => {
    const pages = pageCount(list, limit);
    if (page > pages) return undefined;
    const slugs = await site.store.slugs(listKey(list.kind, list.slug), list, (page - 1) * limit, limit);
    const items = await site.store.items(slugs);
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
    const modified = modifiedOf(m, listKey(list.kind, list.slug)) ?? new Date(newest || 0);
    return makeEntity(`<!DOCTYPE html>${html}`, HTML, modified, { gzip: site.gzip });
  });
}

/** The 404 page: short, and linking the feeds. */
export async function notFoundPage(c: Context, manifest: Manifest): Promise<Response> {
  const html = await (<NotFoundPage manifest={manifest} path={new URL(c.req.url).pathname} />).toString();
  return c.html(`<!DOCTYPE html>${html}`, 404);
}
