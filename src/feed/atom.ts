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

/** Atom's media type: the format's entry (formats.ts) and the feed's paging links. */
export const ATOM_TYPE = "application/atom+xml";

/**
 * Atom 1.0 (RFC 4287) with RFC 5005 paging, related links, categories and the lead image as a
 * typed enclosure.
 *
 * `feed` writes the skeleton: the feed's id, title, links, author and each entry's id, link,
 * dates and authors. Its output is parsed once (`parseXml`) and adapted here, then written with
 * the rule of xml.ts. `feed` writes entry titles as `type="html"` CDATA (readers then show an
 * escaped `&amp;`): they are replaced with `type="text"`. It has no entry extensions and does not
 * escape attribute values, so summaries, content, categories, related, enclosure and paging
 * links are added to the tree.
 */
export function toAtom(page: FeedPage): string {
  const { site } = page;
  const feed = new Feed({
    id: page.selfUrl,
    title: feedText(page.title),
    description: feedText(page.description),
    link: page.htmlUrl,
    feed: page.selfUrl,
    hub: page.hub,
    updated: page.updated,
    generator: PRODUCT_NAME,
    author: { name: feedText(site.author.name), email: site.author.email, link: site.author.url },
    copyright: feedText(site.copyright),
  });
  for (const item of page.items) {
    feed.addItem({
      title: "-", // replaced by `adaptEntry`
      id: item.id,
      link: item.url,
      date: new Date(item.updated),
      published: new Date(item.published),
      author: item.authors.map((a) => ({ name: feedText(a.name), email: a.email, link: a.url })),
    });
  }
  const doc = parseXml(feed.atom1());
  const root = child(doc, "feed");
  root.attributes = { xmlns: "http://www.w3.org/2005/Atom", "xml:lang": site.language };
  const paging = pagingLinks(page).map(({ rel, href }) => el("link", { rel, href, type: ATOM_TYPE }));
  insertBefore(root, "entry", paging);
  children(root, "entry").forEach((entry, i) => {
    adaptEntry(entry, page.items[i] as Item, site.baseUrl);
  });
  return writeXml(withStylesheet(doc, page.stylesheet), "atom");
}

function adaptEntry(entry: Element, item: Item, base: string): void {
  const description = descriptionHtml(item);
  const html = feedHtml(item);
  const image = item.image;
  entry.elements = [
    textEl("title", item.title, { type: "text" }),
    ...(entry.elements ?? []).filter((e) => e.name !== "title"),
    ...(description ? [htmlEl("summary", description, { type: "html" })] : []),
    // An entry with neither gets its title as summary: validators want some text, and it is the post's.
    ...(!description && !html ? [textEl("summary", item.title, { type: "text" })] : []),
    ...(html ? [htmlEl("content", html, { type: "html" })] : []),
    // No `title` on related links: validators take HTML-looking titles there for markup.
    ...item.related.map((r) => el("link", { rel: "related", href: r.url, type: "text/html" })),
    ...(image
      ? [
          el("link", {
            rel: "enclosure",
            href: image.url,
            type: image.type,
            length: image.length,
            title: image.caption,
          }),
        ]
      : []),
    // RFC 4287 lets `term` be any string: the name is what readers show (as WordPress and
    // jekyll-feed write it); the scheme tells tags from categories, as the URL path does.
    ...[
      ...(item.category ? [{ term: item.category, scheme: base + listPath({ kind: "category", slug: "" }) }] : []),
      ...item.tags.map((term) => ({ term, scheme: base + listPath({ kind: "tag", slug: "" }) })),
    ].map(({ term, scheme }) => el("category", { term: term.name, scheme, label: term.name })),
  ];
}
