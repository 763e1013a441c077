import type { SiteConfig } from "../config/site-config.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { relatedPosts } from "../content/related.js";
import type { ItemImage } from "../store/data-layout.js";
import { relatedRefJson } from "./item.js";
import type { PostShape } from "./shape.js";
import { rankingKeyOf } from "./shape.js";
import type { BuildState } from "./state.js";

/** A pinned slug no post has is ignored, with a warning. Drafts and scheduled posts count as existing. */
export function pinnedWarnings(posts: Post[], exists: (slug: string) => boolean, problems: Problem[]): void {
  for (const post of posts) {
    for (const slug of post.related) {
      if (exists(slug)) continue;
      problems.push({
        file: post.file,
        line: post.lines.related ?? 1,
        field: "related",
        message: `no post has the slug "${slug}"; ignored`,
        severity: "warning",
      });
    }
  }
}

/** The Related ranking of the published posts, the previous build's when what it reads is unchanged. */
export function rankRelated(
  shapes: PostShape[],
  perPost: number,
  previous: BuildState["related"],
): NonNullable<BuildState["related"]> {
  const key = rankingKeyOf(shapes, perPost);
  if (previous?.key === key) return previous;
  return { key, bySlug: Object.fromEntries(relatedPosts(shapes, perPost)) };
}

/**
 * What another post's Related content says of a post (its ref), as JSON: made once per post, not once
 * per mention. A patched rebuild starts from the previous build's refs and updates the edited posts'.
 */
export class RelatedRefs {
  readonly #site: SiteConfig;
  readonly #refs: Record<string, string>;
  readonly #postOf: (slug: string) => { post: Post; image: ItemImage | undefined } | undefined;

  constructor(
    site: SiteConfig,
    known: Record<string, string>,
    postOf: (slug: string) => { post: Post; image: ItemImage | undefined } | undefined,
  ) {
    this.#site = site;
    this.#refs = { ...known };
    this.#postOf = postOf;
  }

  /** The JSON of the Related content that names `slugs`. */
  refsJson(slugs: readonly string[]): string {
    return `[${slugs.map((slug) => this.#ref(slug)).join(",")}]`;
  }

  /** Makes the refs of `slugs` now, so that `record` has them (a full build's members make their JSON only when read). */
  prepare(slugs: readonly string[]): void {
    for (const slug of slugs) this.#ref(slug);
  }

  /** Makes the ref of an edited post again; true when it is shown somewhere and changed. */
  update(post: Post, image: ItemImage | undefined): boolean {
    const before = this.#refs[post.slug];
    if (before === undefined) return false;
    const json = relatedRefJson(post, image, this.#site);
    this.#refs[post.slug] = json;
    return json !== before;
  }

  record(): Record<string, string> {
    return { ...this.#refs };
  }

  #ref(slug: string): string {
    let json = this.#refs[slug];
    if (json === undefined) {
      const known = this.#postOf(slug);
      if (!known) throw new Error(`${slug}: related to, but not published`);
      json = relatedRefJson(known.post, known.image, this.#site);
      this.#refs[slug] = json;
    }
    return json;
  }
}
