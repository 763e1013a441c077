import type { ImageInput } from "./schema.js";

/** A tag, category or author name with the slug used in its URLs. */
export interface Term {
  name: string;
  slug: string;
}

export interface Author extends Term {
  email?: string;
  url?: string;
}

/** A post after parsing and validation, before rendering. */
export interface Post {
  /** Path of the source file as the author knows it, e.g. `posts/2025-03-30-japan.md`. */
  file: string;
  slug: string;
  title: string;
  date: Date;
  /** Equals `date` when the front matter has no `updated`. */
  updated: Date;
  authors: Author[];
  category?: Term;
  tags: Term[];
  /** "What do you need to know?" bullets, inline Markdown. */
  summary: string[];
  image?: ImageInput;
  /** Slugs pinned first in Related content. */
  related: string[];
  draft: boolean;
  /** 1-based line of each front-matter key as written, for problems found after parsing. */
  lines: Record<string, number>;
  /** Markdown body. */
  body: string;
  /**
   * The URL path relative links and images of the body are resolved against, when it is not the
   * post's own: a page bundle's folder (`/posts/2025/launch/`), where the bundle's files are served.
   */
  base?: string;
  /** The file's path below the posts folder without extension, a page bundle's its folder (`2025/launch`): `:path`. */
  sourcePath?: string;
  /** The post's URL path on its old site, as its front matter gives it (`permalink`, Hugo's `url`, Zola's `path`). */
  permalink?: string;
  /** Further old URL paths of the post (Hugo's `aliases`, Jekyll's `redirect_from`): each redirects to it. */
  aliases?: string[];
}
