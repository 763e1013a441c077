import { createHash } from "node:crypto";
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
  /** Related content by slug, and a hash of everything it was computed from. */
  related?: { key: string; bySlug: Record<string, string[]> };
}

/** Bump when a change to the code changes what a build produces from the same input. */
export const STATE_VERSION = 2;

export type StoredPost = Omit<Post, "date" | "updated" | "body"> & { date: string; updated: string };

export function sourceKey(path: string, text: string): string {
  return hash(`${path}\0${text}`);
}

export function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export function storePost({ body: _body, ...post }: Post): StoredPost {
  return { ...post, date: post.date.toISOString(), updated: post.updated.toISOString() };
}

/** A post from the state; its body is read again from the source only if it must be rendered. */
export function revivePost(stored: StoredPost): Post {
  return { ...stored, date: new Date(stored.date), updated: new Date(stored.updated), body: "" };
}
