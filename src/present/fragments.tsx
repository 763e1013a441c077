import { escapeHtml } from "../feed/xml.js";
import type { Item, ItemImage, RelatedRef } from "../store/data-layout.js";
import { postPath } from "../urls.js";

/**
 * The fragments an item is presented with, for feeds (HTML strings inside the entry's content)
 * and for pages (JSX): the lead figure, the Related block, the description. Items store only
 * data and the sanitized body; these run when a feed or a page is rendered, so changing one
 * changes no stored item and needs no STATE_VERSION.
 */

/** The HTML of an item in a feed: lead figure, body, Related content. */
export function feedHtml(item: Item): string {
  return leadFigureHtml(item.image) + item.contentHtml + relatedHtml(item.related);
}

/** The lead image as a figure with caption and credit, ahead of the body in feeds. */
export function leadFigureHtml(image: ItemImage | undefined): string {
  if (!image) return "";
  const size = image.width && image.height ? ` width="${image.width}" height="${image.height}"` : "";
  const credit = image.credit
    ? `${image.caption ? " " : ""}<small>Images source: ${escapeHtml(image.credit)}</small>`
    : "";
  const caption =
    image.caption || image.credit
      ? `<figcaption>${image.caption ? escapeHtml(image.caption) : ""}${credit}</figcaption>`
      : "";
  return `<figure class="lead-image"><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}"${size}>${caption}</figure>`;
}

/** The "Related content" block after the body in feeds: links to the posts' URLs. */
export function relatedHtml(related: RelatedRef[]): string {
  if (related.length === 0) return "";
  const links = related.map((r) => `<li><a href="${escapeHtml(r.url)}">${escapeHtml(r.title)}</a></li>`).join("");
  return `<section class="related"><h2>Related content</h2><ul>${links}</ul></section>`;
}

/**
 * The summary bullets as a list, or the opening words of the post; empty when the post has
 * neither, and then the feeds carry no description rather than an empty wrapper.
 */
export function descriptionHtml(item: Item): string {
  if (item.summaryHtml.length > 0) return `<ul>${item.summaryHtml.map((s) => `<li>${s}</li>`).join("")}</ul>`;
  return item.excerptHtml.trim() ? `<p>${item.excerptHtml}</p>` : "";
}

/** The lead figure of a post page: caption and credit styled apart. */
export function LeadFigure({ image }: { image: ItemImage | undefined }) {
  if (!image) return null;
  return (
    <figure class="lead-image">
      <img src={image.url} alt={image.alt} width={image.width} height={image.height} />
      {(image.caption || image.credit) && (
        <figcaption>
          {image.caption && <span class="caption">{image.caption}</span>}
          {image.credit && <span class="credit">Images source: {image.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}

const THUMB_WIDTH = 320;

function thumbHeight(image: { width?: number; height?: number }): number {
  return image.width && image.height ? Math.round((THUMB_WIDTH * image.height) / image.width) : 180;
}

/** The Related block of a post page: thumbnails, dates, links within the site. */
export function RelatedSection({ related, language }: { related: RelatedRef[]; language: string }) {
  if (related.length === 0) return null;
  return (
    <section class="related" aria-labelledby="related-heading">
      <h2 id="related-heading">Related content</h2>
      <ul>
        {related.map((r) => (
          <li>
            <a href={postPath(r.slug)}>
              {r.image && <img src={r.image.url} alt="" width={THUMB_WIDTH} height={thumbHeight(r.image)} />}
              {r.title}
            </a>
            <time datetime={r.published}>{formatDate(r.published, language)}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `30 March 2025`, in UTC so every runtime prints the same. */
export function formatDate(iso: string, language: string): string {
  return new Date(iso).toLocaleDateString(language, {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
