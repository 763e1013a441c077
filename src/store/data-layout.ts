import type { SiteConfig } from "../config/site-config.js";
import type { Author, Term } from "../content/post.js";
import type { ListKind } from "../lists/kinds.js";

/**
 * The compiled site: what the build writes and what the Node server and the Worker read.
 *
 * Content never lives in the Worker bundle. The build writes small JSON files that a
 * request fetches by path (from disk on Node, from Workers Static Assets on Workers), so a
 * request reads the manifest, at most two list shards and the bundles of the items it
 * serves — never the whole archive.
 */
export const LAYOUT_VERSION = 3;

/**
 * Entries per list shard file: a page of up to 100 items touches at most two shards.
 * Shards are numbered from a list's oldest post, so publishing a new post rewrites only the
 * last shard of each of its lists.
 */
export const SHARD_SIZE = 100;

/** Prefix of the data files inside the assets directory; never served as-is. */
export const DATA_PREFIX = "_data";

export type { ListKind };

/** One list of posts with its own feeds: the site, a tag, a category or an author. */
export interface ListInfo {
  kind: ListKind;
  /** URL segment: "" for the site, else the term slug. */
  slug: string;
  /** Display name ("New York", "C++"). */
  name: string;
  /** Number of published posts. */
  count: number;
  /** Newest `updated` among the posts, ISO 8601; absent for an empty list. */
  updated?: string;
}

export interface Manifest {
  version: typeof LAYOUT_VERSION;
  /** Hash of everything the build produced: changes when any served byte may change. */
  buildId: string;
  site: SiteConfig;
  /** Keyed by `listKey(kind, slug)`. */
  lists: Record<string, ListInfo>;
  /** Number of item bundles (see `bundleOf`). */
  bundles: number;
  /**
   * When each list's representations last changed (its feeds and pages: the list, its items or
   * the site configuration), by `listKey`, and under `LISTS_MODIFIED` when the set of lists last
   * changed (the OPML); ISO 8601. Kept across builds: `Last-Modified`. Not part of the build id.
   */
  modified?: Record<string, string>;
}

/** The key of `Manifest.modified` for the whole set of lists. */
export const LISTS_MODIFIED = "*";

/** `Last-Modified` of what is made from `list` (or of the OPML), when the build recorded it. */
export function modifiedOf(manifest: Manifest, key: string): Date | undefined {
  const iso = manifest.modified?.[key];
  return iso ? new Date(iso) : undefined;
}

export interface ItemImage {
  url: string;
  alt: string;
  caption?: string;
  credit?: string;
  /** MIME type, from the file's bytes when the image is local. */
  type?: string;
  /** Byte length, when the image is local. */
  length?: number;
  width?: number;
  height?: number;
}

export interface RelatedRef {
  slug: string;
  /** The related post's own `Item.id`, so a reader can match it to the item it has. */
  id: string;
  title: string;
  url: string;
  published: string;
  image?: Pick<ItemImage, "url" | "alt" | "width" | "height">;
}

/**
 * A post rendered once at build time: its data and sanitized HTML, everything a feed entry or a
 * page needs. Markup around them (the lead figure, the Related block) is made when a feed or page
 * is rendered (src/present/fragments.tsx), so changing it changes no stored item.
 */
export interface Item {
  slug: string;
  /** Stable id (a tag: URI); does not change when the title is edited. */
  id: string;
  url: string;
  /** Plain text. */
  title: string;
  /** "What do you need to know?" bullets, plain text and HTML. */
  summary: string[];
  summaryHtml: string[];
  /** Sanitized body HTML with absolute links. */
  contentHtml: string;
  /** The opening words of the body, escaped HTML text: the description when there is no summary. */
  excerptHtml: string;
  published: string;
  updated: string;
  authors: Author[];
  category?: Term;
  tags: Term[];
  image?: ItemImage;
  related: RelatedRef[];
}

export function listKey(kind: ListKind, slug = ""): string {
  return kind === "site" ? "site" : `${kind}/${slug}`;
}

export const dataPath = {
  manifest: () => `${DATA_PREFIX}/manifest.json`,
  shard: (key: string, index: number) => `${DATA_PREFIX}/lists/${encodeKey(key)}/${index}.json`,
  bundle: (index: number) => `${DATA_PREFIX}/items/${index}.json`,
  /** The run-time settings the build saw (see `runtimeSettings`): not part of the build id. */
  runtime: () => `${DATA_PREFIX}/runtime.json`,
  /** Old URL paths of posts (their permalinks on the site they moved from) → slug: each answers 301. */
  permalinks: () => `${DATA_PREFIX}/permalinks.json`,
};

function encodeKey(key: string): string {
  return key.split("/").map(fileSafe).join("/");
}

/**
 * Slugs may hold non-ASCII letters ("日本"). File names stay plain ASCII so that disk,
 * URL and asset-server decoding can never disagree: such a slug becomes `~` + UTF-8 hex.
 */
function fileSafe(segment: string): string {
  if (/^[a-z0-9-]+$/.test(segment)) return segment;
  const hex = [...new TextEncoder().encode(segment)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `~${hex}`;
}
