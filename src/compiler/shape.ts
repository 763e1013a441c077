import type { Post } from "../content/post.js";
import { LIST_KINDS, type ListedPost } from "../lists/kinds.js";
import { type ListInfo, type ListKind, listKey } from "../store/data-layout.js";
import { hash } from "./keys.js";

/**
 * What lists, the feeds of lists and the Related ranking read of a post, and nothing else: they are
 * given only this, so its key (`shapeKey`) covers all they depend on. An edit that keeps the shape
 * (title, body, image, summary) leaves every list and the ranking as they were.
 */
export type PostShape = ListedPost & Pick<Post, "permalink" | "aliases">;

export function postShape(post: Post): PostShape {
  const { slug, date, updated, draft, category, tags, authors, related, permalink, aliases } = post;
  return {
    slug,
    date,
    updated,
    draft,
    ...(category && { category }),
    tags,
    authors,
    related,
    // The old URLs: the redirect map (`permalinks.ts`) reads them, so changing one is not a patch.
    ...(permalink !== undefined && { permalink }),
    ...(aliases !== undefined && { aliases }),
  };
}

export function shapeKey(shape: PostShape): string {
  return hash(JSON.stringify(shape));
}

/** Key of the Related ranking: the shapes of the published posts, in order, and how many it keeps. */
export function rankingKeyOf(shapes: PostShape[], perPost: number): string {
  return hash(JSON.stringify([perPost, shapes]));
}

export interface BuiltList {
  info: ListInfo;
  /** Newest first. */
  slugs: string[];
}

/** Every list of the published posts (`shapes`, newest first), one per term of each kind, by `listKey`; the site list even when empty. */
export function buildLists(shapes: PostShape[]): Map<string, BuiltList> {
  const lists = new Map<string, BuiltList>();
  lists.set("site", { info: { kind: "site", slug: "", name: "", count: 0 }, slugs: [] });
  for (const post of shapes) {
    const updated = post.updated.toISOString();
    // The kinds in their table's order: the order the manifest names the lists in.
    for (const [kind, spec] of Object.entries(LIST_KINDS) as [ListKind, (typeof LIST_KINDS)[ListKind]][]) {
      for (const { slug, name } of spec.terms(post)) {
        const key = listKey(kind, slug);
        let list = lists.get(key);
        if (!list) {
          list = { info: { kind, slug, name, count: 0 }, slugs: [] };
          lists.set(key, list);
        }
        list.slugs.push(post.slug);
        list.info.count++;
        if (!list.info.updated || updated > list.info.updated) list.info.updated = updated;
      }
    }
  }
  return lists;
}
