import { hash as digest } from "node:crypto";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";

/**
 * What a build leaves for the next one, so a rebuild only does the work that changed:
 * the parse result of every source file by content hash, and the key of every data file
 * it wrote. Kept inside the output folder (and out of the deployed assets), so deleting
 * the output also forgets the state.
 */
export interface BuildState {
  version: number;
  /** sha256(path, text) → the post (without its body) and the problems found in it. */
  parsed: Record<string, { post?: StoredPost; problems: Problem[] }>;
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
}

export interface SourceStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  hash: string;
}

/** Bump when a change to the code changes what a build produces from the same input. */
export const STATE_VERSION = 3;

/** A post as the state keeps it: what lists, related content and problems need, not what only rendering does. */
export type StoredPost = Omit<Post, "date" | "updated" | "body" | "summary"> & { date: string; updated: string };

/** The key of a post file's parse result: its path, the site configuration and its text. */
export function sourceKey(path: string, configKey: string, textHash: string): string {
  return hash(`${path}\0${configKey}\0${textHash}`);
}

export function textHash(text: string): string {
  return hash(text);
}

export function hash(text: string): string {
  return digest("sha256", text, "hex").slice(0, 32);
}

export function storePost({ body: _body, summary: _summary, ...post }: Post): StoredPost {
  return { ...post, date: post.date.toISOString(), updated: post.updated.toISOString() };
}

/** A post from the state; its body is read again from the source only if it must be rendered. */
export function revivePost(stored: StoredPost): Post {
  return { ...stored, date: new Date(stored.date), updated: new Date(stored.updated), body: "", summary: [] };
}
