import { createHash, hash as digest } from "node:crypto";
import type { SiteConfig } from "../config/site-config.js";
import { siteParseOptions } from "../content/parse.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import type { SiteTemplateData } from "../content/templates/context.js";
import type { ItemImage, Manifest } from "../store/data-layout.js";

/**
 * What a build leaves for the next one, so a rebuild only does the work that changed:
 * the parse result of every source file by content hash, and the key of every data file
 * it wrote. Kept inside the output folder (and out of the deployed assets), so deleting
 * the output also forgets the state.
 */
export interface BuildState {
  version: number;
  /** Source key → the post (without its body) and the problems found in it; kept in a file of its own. */
  parsed: ParsedPosts;
  /** Data file path → key of its content. */
  written: Record<string, string>;
  /** Item slug → key of its JSON (render key and related key); bundles are keyed by their items' keys. */
  items: Record<string, string>;
  /** Number of item bundles the build wrote. */
  bundles: number;
  /**
   * Size, modification time and text hash of every post file when the build read it, and
   * when the build started: a file whose size and time are unchanged, and older than that
   * start, is not read again (the same rule as git's index, racy files excluded).
   */
  sources?: { startedAt: number; files: Record<string, SourceStamp> };
  /** Related content by slug, and a hash of everything it was computed from. */
  related?: { key: string; bySlug: Record<string, string[]> };
  /** Output path → size and times of the `public/` file copied there: unchanged ones are not copied again. */
  public?: Record<string, { size: number; mtimeMs: number; ctimeMs: number }>;
  /** When things last changed, for `Manifest.modified` (ms); kept while their keys stay the same. */
  modified?: {
    /** List key (or `LISTS_MODIFIED`) → key of the list itself (not its items) and when it last changed. */
    lists: Record<string, { key: string; at: number }>;
    /** Item slug → when its JSON last changed. */
    items: Record<string, number>;
    /** Item slug → the keys of the lists it is in. */
    listsOf: Record<string, string[]>;
  };
  /** What a patched rebuild needs to leave the unchanged posts alone (see `patchSite`). */
  patch?: PatchMemo;
}

/** The previous build, as far as a rebuild that only edits posts in place needs it. */
export interface PatchMemo {
  /** Hash of the site configuration. */
  configKey: string;
  /** The build's `now` (ms). */
  now: number;
  /** Earliest date (ms) of a post not yet published because of its date; null when there is none. */
  scheduledUntil: number | null;
  /** Post file path → its parse key, its slug if it was published, and `shapeOf` its post. */
  files: Record<string, { key: string; slug?: string; shape: string }>;
  /** Slug → the JSON that the Related content of other posts holds for it. */
  refs: Record<string, string>;
  /** Lead image URL → the `src` it was written as, and the JSON of `imageFacts`. */
  images: Record<string, { src: string; facts: string }>;
  problems: Problem[];
  stats: { files: number; published: number; drafts: number; scheduled: number; broken: number };
}

export interface SourceStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  hash: string;
}

export interface ParsedEntry {
  post?: StoredPost;
  problems: Problem[];
  /**
   * Set on the entry under a post's plain key when its body has template syntax: its parse
   * result is then kept under `postKeys(…).templated`, which also covers the settings that
   * templates read (see `postKeys`).
   */
  templated?: true;
}

/**
 * Parse results by source key, in a file of their own (one `[key, entry]` JSON line each):
 * the biggest part of the state, read only when a full compile needs it. A patched
 * rebuild appends its few new entries without reading the others.
 */
export class ParsedPosts {
  #entries: Map<string, ParsedEntry> | undefined;
  #load: () => Iterable<[string, ParsedEntry]>;
  /** Entries a patched rebuild added to its previous build's: appended to the file. */
  readonly appended: [string, ParsedEntry][] | undefined;

  constructor(load: () => Iterable<[string, ParsedEntry]> = () => [], appended?: [string, ParsedEntry][]) {
    this.#load = load;
    this.appended = appended;
  }

  /** These entries with `more` added, without loading any of them. */
  plus(more: [string, ParsedEntry][]): ParsedPosts {
    return new ParsedPosts(() => [...this.entries(), ...more], more);
  }

  get(key: string): ParsedEntry | undefined {
    return this.#map().get(key);
  }

  set(key: string, entry: ParsedEntry): void {
    this.#map().set(key, entry);
  }

  entries(): IterableIterator<[string, ParsedEntry]> {
    return this.#map().entries();
  }

  #map(): Map<string, ParsedEntry> {
    this.#entries ??= new Map(this.#load());
    return this.#entries;
  }
}

/** Bump when a change to the code changes what a build produces from the same input. */
export const STATE_VERSION = 13;

/** A post as the state keeps it: what lists, related content and problems need, not what only rendering does. */
export type StoredPost = Omit<Post, "date" | "updated" | "body" | "summary"> & { date: string; updated: string };

/** The key of a post file's parse result: its path, the settings parsing reads (`parseKeyOf`) and its text. */
export function sourceKey(path: string, parseKey: string, textHash: string): string {
  return hash(`${path}\0${parseKey}\0${textHash}`);
}

/**
 * The settings that parsing a post reads: only the site's author (the byline of a post that
 * names none). Any other setting changed leaves every parse result valid.
 */
export function parseKeyOf(site: SiteConfig): string {
  return hash(JSON.stringify([site.author, site.frontMatter, site.generator ?? null]));
}

/** Hash of what template syntax in a body reads of the site (`site.*` in Liquid, Hugo's site params). */
export function templateKeyOf(site: SiteConfig, siteData?: SiteTemplateData): string {
  return hash(JSON.stringify(siteParseOptions(site, siteData).templates));
}

/**
 * The keys of a post file's parse result. A post without template syntax depends on the parse
 * settings and its text only (`plain`), so a title change parses nothing; a post with template
 * syntax also on what its templates read (`templated`), so such a change parses it again.
 */
export function postKeys(path: string, parseKey: string, templateKey: string, textHash: string) {
  return { plain: sourceKey(path, parseKey, textHash), templated: sourceKey(path, parseKey + templateKey, textHash) };
}

/**
 * The key of an item's rendered HTML: its parse key, its lead image and the one setting that
 * rendering reads, the base URL (absolute links). The title, cache lifetimes and the rest
 * are not in items: feeds and pages read them from the manifest or at run time.
 */
export function renderKeyOf(sourceKey: string, site: SiteConfig, image: ItemImage | undefined): string {
  const ids = site.feedIds === "url" ? `${site.permalink}` : "";
  return hash(`${sourceKey}\0${site.baseUrl}\0${ids}\0${JSON.stringify(image ?? null)}`);
}

export function textHash(text: string): string {
  return hash(text);
}

export function hash(text: string): string {
  return digest("sha256", text, "hex").slice(0, 32);
}

/** Hash of what lists, feeds of lists and the Related ranking read of a post (not its title, image or body). */
export function shapeOf(post: Post): string {
  return hash(
    JSON.stringify([
      post.slug,
      post.date.getTime(),
      post.updated.getTime(),
      post.draft,
      post.category,
      post.tags,
      post.authors,
      post.related,
      post.permalink ?? null,
      post.aliases ?? null,
    ]),
  );
}

/** Key of an item bundle: its members and their keys, in slug order. */
export function bundleKey(members: [slug: string, key: string][]): string {
  return hash(
    members
      .toSorted((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([slug, key]) => `${slug}\0${key}`)
      .join("\0"),
  );
}

/** Hash of every output file's key and of the manifest (but its id and times): equal builds get equal ids. */
export function buildIdOf(written: Record<string, string>, manifest: Manifest): string {
  const manifestWithoutId = JSON.stringify({ ...manifest, buildId: "", modified: undefined });
  const all = createHash("sha256");
  for (const path of Object.keys(written).sort())
    all
      .update(path)
      .update("\0")
      .update(written[path] as string);
  return all.update(manifestWithoutId).digest("hex").slice(0, 16);
}

export function storePost({ body: _body, summary: _summary, ...post }: Post): StoredPost {
  return { ...post, date: post.date.toISOString(), updated: post.updated.toISOString() };
}

/** A post from the state; its body is read again from the source only if it must be rendered. */
export function revivePost(stored: StoredPost): Post {
  return { ...stored, date: new Date(stored.date), updated: new Date(stored.updated), body: "", summary: [] };
}
