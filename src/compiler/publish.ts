import type { SiteConfig } from "../config/site-config.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import type { ItemImage } from "../store/data-layout.js";
import type { ImageMemo } from "./images.js";
import { leadImage } from "./item.js";

/** How many posts a build publishes, and holds back as drafts or for their date. */
export interface PublishCounts {
  published: number;
  drafts: number;
  scheduled: number;
}

/**
 * The publish set: the posts that are neither drafts nor dated after `now`, newest first (the slug
 * breaks ties), how many were held back, and the earliest date a held-back post is due (ms; null: none).
 */
export function publishSet(
  posts: Post[],
  now: number,
): { published: Post[]; drafts: number; scheduled: number; scheduledUntil: number | null } {
  const drafts = posts.filter((p) => p.draft).length;
  const future = posts.filter((p) => !p.draft && p.date.getTime() > now).map((p) => p.date.getTime());
  const published = posts
    .filter((p) => !p.draft && p.date.getTime() <= now)
    .sort((a, b) => b.date.getTime() - a.date.getTime() || (a.slug < b.slug ? -1 : 1));
  return {
    published,
    drafts,
    scheduled: future.length,
    scheduledUntil: future.length > 0 ? Math.min(...future) : null,
  };
}

/** The posts whose lead image (if any) is good, with it; a post with a broken one is reported and left out. */
export function withLeadImages(
  posts: Post[],
  site: SiteConfig,
  images: ImageMemo,
  problems: Problem[],
): { ok: Post[]; imageOf: Map<string, ItemImage | undefined> } {
  const ok: Post[] = [];
  const imageOf = new Map<string, ItemImage | undefined>();
  for (const post of posts) {
    const image = post.image && leadImage(post, site, images.factsOf, problems);
    if (image === null) continue;
    imageOf.set(post.slug, image);
    ok.push(post);
  }
  return { ok, imageOf };
}
