import { type Extension, Feed } from "feed";
import { PRODUCT_NAME } from "../product.js";
import { feedHtml, type Item } from "../store/layout.js";
import { categoryPath, tagPath } from "../urls.js";
import type { FeedPage } from "./model.js";
import { cdataHtml, escapeHtml, hexCharRefs, replaceRoot, xmlAttr, xmlText } from "./xml.js";

const NAMESPACES = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  media: "http://search.yahoo.com/mrss/",
};

/** RSS 2.0 with Atom links (self, hub, RFC 5005 paging), Dublin Core bylines and Media RSS images. */
/** Bylines go in dc:creator only: RSS `<author>` must be an e-mail address, and the validator warns when both are present. */
export function toRss(page: FeedPage): string {
  const { site } = page;
  const feed = new Feed({
    title: xmlText(page.title),
    description: xmlText(page.description),
    link: page.htmlUrl,
    language: site.language,
    ttl: site.ttlMinutes,
    copyright: xmlText(site.copyright),
    updated: page.updated,
    generator: PRODUCT_NAME,
    // Makes `feed` create the channel's atom:link key before the items; the extension
    // below replaces its value in place, so every atom:link stays ahead of the items.
    feed: page.selfUrl,
  });
  const links = [
    { rel: "self", href: page.selfUrl, type: "application/rss+xml" },
    ...(page.hub ? [{ rel: "hub", href: page.hub }] : []),
    ...pagingLinks(page),
  ];
  feed.addExtension({
    name: "atom:link",
    objects: links.map(({ href, ...rest }) => ({ _attributes: { href: xmlAttr(href), ...rest } })) as never,
  });
  for (const item of page.items) feed.addItem(rssItem(item, page));
  const root = `<rss version="2.0" ${Object.entries(NAMESPACES)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(" ")}>`;
  return hexCharRefs(replaceRoot(feed.rss2(), "rss", root, page.stylesheet));
}

function rssItem(item: Item, page: FeedPage) {
  const base = page.site.baseUrl;
  const extensions: Extension[] = [
    // Entity-encoded HTML as text, not CDATA, so `hexCharRefs` can mark it as such for validators.
    { name: "title", objects: { _text: xmlText(escapeHtml(item.title)) } },
    { name: "dc:creator", objects: item.authors.map((a) => ({ _text: xmlText(a.name) })) as never },
  ];
  if (item.image) extensions.push({ name: "media:content", objects: mediaContent(item.image) });
  const image = item.image;
  return {
    title: "", // written by the `title` extension above
    link: item.url,
    guid: item.id,
    date: new Date(item.published),
    description: cdataHtml(descriptionHtml(item)),
    content: cdataHtml(feedHtml(item)),
    category: [
      ...(item.category ? [{ name: xmlText(item.category.name), domain: base + categoryPath("") }] : []),
      ...item.tags.map((t) => ({ name: xmlText(t.name), domain: base + tagPath("") })),
    ],
    // A classic enclosure needs a real length; a remote image without one is only in media:content.
    image:
      image?.length !== undefined && image.type
        ? { url: image.url, type: image.type, length: image.length }
        : undefined,
    extensions,
  };
}

function mediaContent(image: NonNullable<Item["image"]>) {
  return {
    _attributes: {
      url: xmlAttr(image.url),
      medium: "image",
      ...(image.type && { type: image.type }),
      ...(image.length !== undefined && { fileSize: image.length }),
      ...(image.width && { width: image.width }),
      ...(image.height && { height: image.height }),
    },
    ...(image.caption && {
      "media:description": { _attributes: { type: "html" }, _text: xmlText(escapeHtml(image.caption)) },
    }),
    ...(image.credit && { "media:credit": { _text: xmlText(image.credit) } }),
  };
}

/** The summary bullets as a list, or the opening words of the post. */
export function descriptionHtml(item: Item): string {
  return item.summaryHtml.length > 0
    ? `<ul>${item.summaryHtml.map((s) => `<li>${s}</li>`).join("")}</ul>`
    : `<p>${item.excerptHtml}</p>`;
}

/** RFC 5005 paged-feed links (first/last/previous/next), shared by RSS and Atom. */
export function pagingLinks(page: FeedPage): { rel: string; href: string }[] {
  const { first, last, previous, next } = page.paging;
  return [
    { rel: "first", href: first },
    ...(previous ? [{ rel: "previous", href: previous }] : []),
    ...(next ? [{ rel: "next", href: next }] : []),
    { rel: "last", href: last },
  ];
}
