import { feedHtml } from "../present/fragments.js";
import type { Item } from "../store/data-layout.js";
import type { FeedPage } from "./model.js";

/** JSON Feed 1.1 — `feed` writes only 1.0, so this maps the same model directly. */
export function toJsonFeed(page: FeedPage): string {
  const { site } = page;
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: page.title,
    home_page_url: page.htmlUrl,
    feed_url: page.selfUrl,
    description: page.description,
    ...(page.paging.next && { next_url: page.paging.next }),
    authors: [author(site.author)],
    language: site.language,
    ...(page.hub && { hubs: [{ type: "WebSub", url: page.hub }] }),
    items: page.items.map((it) => item(it, `${site.baseUrl}/extensions`)),
  };
  return JSON.stringify(feed);
}

function item(it: Item, about: string) {
  return {
    id: it.id,
    url: it.url,
    title: it.title,
    content_html: feedHtml(it),
    ...(it.summary.length > 0 && { summary: it.summary.join(" ") }),
    ...(it.image && { image: it.image.url }),
    date_published: it.published,
    ...(it.updated !== it.published && { date_modified: it.updated }),
    authors: it.authors.map(author),
    tags: [...(it.category ? [it.category.name] : []), ...it.tags.map((t) => t.name)],
    ...(it.image && {
      _image: {
        about,
        ...(it.image.alt && { alt: it.image.alt }),
        ...(it.image.caption && { caption: it.image.caption }),
        ...(it.image.credit && { credit: it.image.credit }),
        ...(it.image.type && { mime_type: it.image.type }),
        ...(it.image.length !== undefined && { size_in_bytes: it.image.length }),
        ...(it.image.width && { width: it.image.width, height: it.image.height }),
      },
    }),
    ...(it.related.length > 0 && {
      _related: {
        about,
        items: it.related.map((r) => ({ id: r.id, url: r.url, title: r.title, date_published: r.published })),
      },
    }),
  };
}

function author(a: { name: string; url?: string }) {
  return { name: a.name, ...(a.url && { url: a.url }) };
}
