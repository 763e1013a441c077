import { Feed } from "feed";
import { js2xml } from "xml-js";
import { PRODUCT_NAME } from "../product.js";
import { feedHtml, type Item } from "../store/layout.js";
import { categoryPath, tagPath } from "../urls.js";
import type { FeedPage } from "./model.js";
import { descriptionHtml, pagingLinks } from "./rss.js";
import { cdataHtml, escapeHtml, hexCharRefs, replaceRoot, xmlAttr, xmlText } from "./xml.js";

/**
 * Atom 1.0 (RFC 4287) with RFC 5005 paging, related links, labelled categories and
 * the lead image as a typed enclosure.
 *
 * `feed` writes the skeleton. What it cannot express (categories with term, scheme and
 * label; related and enclosure links with real types; paging links) goes into a
 * reserved slot: `feed` writes each entry's `<rights>` from `copyright`, we put a
 * one-time marker there, and swap each marker for elements written by the same
 * XML writer `feed` uses, with values escaped for it.
 */
export function toAtom(page: FeedPage): string {
  const { site } = page;
  const marker = `slot-${crypto.randomUUID()}-`;
  const slots: string[] = [];
  const slot = (elements: object) => `${marker}${slots.push(js2xml(elements, { compact: true })) - 1}`;

  const base = site.baseUrl;
  const feed = new Feed({
    id: page.selfUrl,
    title: xmlText(page.title),
    description: xmlText(page.description),
    link: page.htmlUrl,
    feed: page.selfUrl,
    hub: page.hub,
    updated: page.updated,
    generator: PRODUCT_NAME,
    author: { name: xmlText(site.author.name), email: site.author.email, link: site.author.url },
    copyright: slot({
      rights: { _text: xmlText(site.copyright) },
      link: pagingLinks(page).map(({ rel, href }) => ({
        _attributes: { rel, href: xmlAttr(href), type: "application/atom+xml" },
      })),
    }),
  });
  for (const item of page.items) {
    feed.addItem({
      title: escapeHtml(item.title),
      id: item.id,
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      description: cdataHtml(descriptionHtml(item)),
      content: cdataHtml(feedHtml(item)),
      author: item.authors.map((a) => ({ name: xmlText(a.name), email: a.email, link: a.url })),
      copyright: slot(entryExtras(item, base)),
    });
  }
  const xml = feed
    .atom1()
    .replace(new RegExp(`<rights>${marker}(\\d+)</rights>`, "g"), (_, i: string) => slots[Number(i)] as string);
  return hexCharRefs(
    replaceRoot(
      xml,
      "feed",
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttr(site.language)}">`,
      page.stylesheet,
    ),
  );
}

function entryExtras(item: Item, base: string) {
  const terms = [
    ...(item.category ? [{ term: item.category, scheme: base + categoryPath("") }] : []),
    ...item.tags.map((term) => ({ term, scheme: base + tagPath("") })),
  ];
  const image = item.image;
  return {
    link: [
      ...item.related.map((r) => ({
        // No `title`: it is plain text, and validators take HTML-looking titles for markup.
        _attributes: { rel: "related", href: xmlAttr(r.url), type: "text/html" },
      })),
      ...(image
        ? [
            {
              _attributes: {
                rel: "enclosure",
                href: xmlAttr(image.url),
                ...(image.type && { type: image.type }),
                ...(image.length !== undefined && { length: image.length }),
                ...(image.caption && { title: xmlAttr(image.caption) }),
              },
            },
          ]
        : []),
    ],
    category: terms.map(({ term, scheme }) => ({
      _attributes: { term: xmlAttr(term.slug), scheme: xmlAttr(scheme), label: xmlAttr(term.name) },
    })),
  };
}
