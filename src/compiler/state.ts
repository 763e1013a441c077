import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import type { ImageRecord } from "./images.js";
import type { PublishCounts } from "./publish.js";

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
  /** Data file path → key of its content (with `public`, the only tables a build reads of the spare generation: see `writeSite`). */
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

/** The previous build, as far as a rebuild that only edits posts in place needs it (see `patchSite`). */
export interface PatchMemo {
  /** `configKeyOf` the site configuration. */
  configKey: string;
  /** The build's `now` (ms). */
  now: number;
  /** Earliest date (ms) of a post not yet published because of its date; null when there is none. */
  scheduledUntil: number | null;
  /** Post file path → its parse key, its slug if it was published, and `shapeKey` of its post ("" if none). */
  files: Record<string, { key: string; slug?: string; shape: string }>;
  /** Slug → the JSON that the Related content of other posts holds for it. */
  refs: Record<string, string>;
  /** Lead image URL → the `src` it was written as, and the JSON of `imageFacts`. */
  images: ImageRecord;
  /** What the stages before rendering found, in file order (not the loader's: those are an input). */
  problems: Problem[];
  /** Slug → what rendering its item warned about (only items with warnings). */
  rendered: Record<string, Problem[]>;
  counts: PublishCounts;
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
  /** Entries a patched rebuild added to its previous build's (`base`): appended to its log. */
  readonly appended: [string, ParsedEntry][] | undefined;
  /** The entries these extend by `appended`. */
  readonly base: ParsedPosts | undefined;

  constructor(
    load: () => Iterable<[string, ParsedEntry]> = () => [],
    appended?: [string, ParsedEntry][],
    base?: ParsedPosts,
  ) {
    this.#load = load;
    this.appended = appended;
    this.base = base;
  }

  /** These entries with `more` added, without loading any of them. */
  plus(more: [string, ParsedEntry][]): ParsedPosts {
    return new ParsedPosts(() => [...this.entries(), ...more], more, this);
  }

  /**
   * Reads these entries with `load` from now on, unless they were read already: the state folder
   * they were to be read from is written over two builds later (watch mode keeps a state that long).
   */
  relocate(load: () => Iterable<[string, ParsedEntry]>): void {
    if (this.#entries) return;
    this.#load = load;
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
export const STATE_VERSION = 18;

/** A post as the state keeps it: what lists, related content and problems need, not what only rendering does. */
export type StoredPost = Omit<Post, "date" | "updated" | "body" | "summary"> & { date: string; updated: string };

export function storePost({ body: _body, summary: _summary, ...post }: Post): StoredPost {
  return { ...post, date: post.date.toISOString(), updated: post.updated.toISOString() };
}

/** A post from the state; its body is read again from the source only if it must be rendered. */
export function revivePost(stored: StoredPost): Post {
  return { ...stored, date: new Date(stored.date), updated: new Date(stored.updated), body: "", summary: [] };
}
