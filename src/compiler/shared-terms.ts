import type { Author, Post, Term } from "../content/post.js";

/**
 * One object per distinct tag, category and author among a build's posts, shared by every post
 * that names it: a full build holds every post until the end, and a site has far fewer terms than
 * mentions of them. Terms are never changed after parsing, so sharing them changes no output.
 */
export class SharedTerms {
  readonly #pool = new Map<string, Term>();

  /** `post` with its terms replaced by the shared ones equal to them. */
  share(post: Post): Post {
    return {
      ...post,
      tags: post.tags.map((t) => this.#term(t)),
      authors: post.authors.map((a) => this.#term(a)),
      ...(post.category && { category: this.#term(post.category) }),
    };
  }

  #term<T extends Term | Author>(term: T): T {
    const key = JSON.stringify(term);
    const known = this.#pool.get(key);
    if (known) return known as T;
    this.#pool.set(key, term);
    return term;
  }
}
