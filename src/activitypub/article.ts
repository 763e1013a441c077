import { Article, Hashtag, Image, PUBLIC_COLLECTION, Tombstone } from "@fedify/fedify/vocab";
import { Temporal as Polyfill } from "@js-temporal/polyfill";
import { leadFigureHtml } from "../present/fragments.js";
import type { Item } from "../store/data-layout.js";
import { listPath } from "../urls.js";

/** What an Article needs besides the item: the site's URL, the actor and its followers collection. */
export interface ArticleContext {
  baseUrl: string;
  actor: URL;
  followers: URL;
}

/**
 * An ISO 8601 date (or Unix ms) as Fedify's instant. Fedify's types name the standard `Temporal`;
 * at run time it uses this polyfill (no runtime here has Temporal yet), so the cast is exact.
 */
export function instant(date: string | number): Temporal.Instant {
  const ms = typeof date === "number" ? date : Date.parse(date);
  return Polyfill.Instant.fromEpochMilliseconds(ms) as unknown as Temporal.Instant;
}

/**
 * A post as an ActivityStreams `Article` at the post's own URL. Mastodon shows an Article as its
 * title, summary and link (it converts every non-Note object that way), so `name` and `summary`
 * carry the card and `content` the whole body with its lead image for servers that render it.
 */
export function itemToArticle(item: Item, { baseUrl, actor, followers }: ArticleContext): Article {
  const summary =
    item.summaryHtml.length > 0
      ? `<ul>${item.summaryHtml.map((line) => `<li>${line}</li>`).join("")}</ul>`
      : `<p>${item.excerptHtml}</p>`;
  return new Article({
    id: new URL(item.url),
    url: new URL(item.url),
    name: item.title,
    summary,
    content: leadFigureHtml(item.image) + item.contentHtml,
    mediaType: "text/html",
    attribution: actor,
    published: instant(item.published),
    updated: instant(item.updated),
    to: PUBLIC_COLLECTION,
    cc: followers,
    tags: item.tags.map(
      (tag) =>
        new Hashtag({
          href: new URL(`${baseUrl}${listPath({ kind: "tag", slug: tag.slug })}`),
          // A hashtag is one word: "New York" is #NewYork.
          name: `#${tag.name.replace(/[^\p{L}\p{N}_]/gu, "") || tag.slug.replace(/-/g, "_")}`,
        }),
    ),
    attachments: item.image
      ? [
          new Image({
            url: new URL(item.image.url, baseUrl),
            name: item.image.alt,
            ...(item.image.type && { mediaType: item.image.type }),
            ...(item.image.width && { width: item.image.width }),
            ...(item.image.height && { height: item.image.height }),
          }),
        ]
      : [],
  });
}

/**
 * Everything `itemToArticle` reads, as one string: when it is unchanged, so is the Article. Related
 * content is not in it (an Article has none), so a new post does not make its neighbours "edited".
 */
export function articleInputs(item: Item, context: string[]): string {
  const { url, title, summaryHtml, excerptHtml, contentHtml, published, updated, tags, image } = item;
  return JSON.stringify([url, title, summaryHtml, excerptHtml, contentHtml, published, updated, tags, image, context]);
}

/** What replaces a removed or unpublished post in a `Delete`. */
export function tombstone(url: string, deleted: number): Tombstone {
  return new Tombstone({ id: new URL(url), deleted: instant(deleted) });
}
