import { Feed } from "feed";
import { descriptionHtml, feedHtml } from "../present/fragments.js";
import { PRODUCT_NAME } from "../product.js";
import type { Item } from "../store/data-layout.js";
import { listPath } from "../urls.js";
import { type FeedPage, pagingLinks } from "./model.js";
import {
  child,
  children,
  type Element,
  el,
  feedText,
  htmlEl,
  insertBefore,
  parseXml,
  textEl,
  withStylesheet,
  writeXml,
} from "./xml.js";

/** RSS's media type: the format's entry (formats.ts) and the feed's own `rel="self"`. */
export const RSS_TYPE = "application/rss+xml";

const NAMESPACES = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  media: "http://search.yahoo.com/mrss/",
};

/**
 * RSS 2.0 with Atom links (self, hub, RFC 5005 paging), Dublin Core bylines and Media RSS images.
 *
 * `feed` writes the channel and each item's link, guid, date, categories and enclosure; its
 * output is parsed once (`parseXml`) and adapted here, then written with the rule of xml.ts.
 * What `feed` cannot write right is added to the tree instead: titles (it writes them as CDATA,
 * splitting only the first `]]>`), HTML (the same), bylines in `dc:creator` (it writes
 * `<author>`, which must be an e-mail address), Media RSS and the Atom links (its attribute
 * values are not escaped), the namespaces and the CSS stylesheet (it knows only XSLT).
 */
export function toRss(page: FeedPage): string {
  const { site } = page;
  const feed = new Feed({
    title: feedText(page.title),
    description: feedText(page.description),
    link: page.htmlUrl,
    language: site.language,
    ttl: site.ttlMinutes,
    copyright: feedText(site.copyright),
    updated: page.updated,
    generator: PRODUCT_NAME,
  });
  for (const item of page.items) feed.addItem(rssItem(item, page));
  const doc = parseXml(feed.rss2());
  const rss = child(doc, "rss");
  rss.attributes = {
    version: "2.0",
    ...Object.fromEntries(Object.entries(NAMESPACES).map(([prefix, uri]) => [`xmlns:${prefix}`, uri])),
  };
  const channel = child(rss, "channel");
  const links = [
    { rel: "self", href: page.selfUrl, type: RSS_TYPE },
    ...(page.hub ? [{ rel: "hub", href: page.hub }] : []),
    ...pagingLinks(page),
  ].map(({ href, ...rest }) => el("atom:link", { href, ...rest }));
  // The Atom links go ahead of the first item, where readers look for them.
  insertBefore(channel, "item", links);
  children(channel, "item").forEach((element, i) => {
    adaptItem(element, page.items[i] as Item);
  });
  return writeXml(withStylesheet(doc, page.stylesheet), "rss");
}

/** What `feed` writes right of an item: its link, guid, date, categories and classic enclosure. */
function rssItem(item: Item, page: FeedPage) {
  const base = page.site.baseUrl;
  const image = item.image;
  return {
    title: "", // written by `adaptItem`
    link: item.url,
    guid: item.id,
    date: new Date(item.published),
    category: [
      ...(item.category
        ? [{ name: feedText(item.category.name), domain: base + listPath({ kind: "category", slug: "" }) }]
        : []),
      ...item.tags.map((t) => ({ name: feedText(t.name), domain: base + listPath({ kind: "tag", slug: "" }) })),
    ],
    // A classic enclosure needs a real length; a remote image without one is only in media:content.
    image:
      image?.length !== undefined && image.type
        ? { url: image.url, type: image.type, length: image.length }
        : undefined,
  };
}

/** Adds to one item of `feed`'s output what it could not write right. */
function adaptItem(element: Element, item: Item): void {
  const description = descriptionHtml(item);
  const html = feedHtml(item);
  element.elements = [
    textEl("title", item.title),
    ...(element.elements ?? []),
    ...(description ? [htmlEl("description", description)] : []),
    ...(html ? [htmlEl("content:encoded", html)] : []),
    ...item.authors.map((a) => textEl("dc:creator", a.name)),
    ...(item.image ? [mediaContent(item.image)] : []),
  ];
}

function mediaContent(image: NonNullable<Item["image"]>): Element {
  return el(
    "media:content",
    {
      url: image.url,
      medium: "image",
      type: image.type,
      fileSize: image.length,
      width: image.width || undefined,
      height: image.height || undefined,
    },
    [
      ...(image.caption ? [textEl("media:description", image.caption, { type: "plain" })] : []),
      ...(image.credit ? [textEl("media:credit", image.credit)] : []),
    ],
  );
}
