import type { Post } from "./post.js";

/**
 * Related content for every post, computed once at build time.
 *
 * Like Hugo's related content, posts are scored by the keywords they share (here, tags).
 * Unlike a plain count, each shared tag weighs its inverse document frequency, so
 * sharing a rare tag says more than sharing a tag on half the site. Ties go to the same
 * category, then to the newer post, then to the slug, so the result is deterministic.
 * Pinned `related` slugs come first, in the order written.
 *
 * Cost is linear in the tag postings each post touches, not quadratic in the site.
 */
export function relatedPosts(posts: readonly Post[], limit: number): Map<string, string[]> {
  const bySlug = new Map(posts.map((p) => [p.slug, p]));
  const postings = new Map<string, Post[]>();
  for (const post of posts) {
    for (const tag of post.tags) {
      const list = postings.get(tag.slug);
      if (list) list.push(post);
      else postings.set(tag.slug, [post]);
    }
  }
  const weight = new Map<string, number>();
  for (const [tag, list] of postings) weight.set(tag, Math.log(1 + posts.length / list.length));

  const result = new Map<string, string[]>();
  for (const post of posts) {
    const chosen: string[] = [];
    for (const slug of post.related) {
      if (chosen.length >= limit) break;
      if (slug !== post.slug && bySlug.has(slug) && !chosen.includes(slug)) chosen.push(slug);
    }
    const scores = new Map<Post, number>();
    for (const tag of post.tags) {
      const w = weight.get(tag.slug) ?? 0;
      for (const other of postings.get(tag.slug) ?? []) {
        if (other !== post) scores.set(other, (scores.get(other) ?? 0) + w);
      }
    }
    // Top-k selection: keeps the work per post proportional to its candidates, not to their sort.
    const need = limit - chosen.length;
    const best: [Post, number][] = [];
    const before = (a: [Post, number], b: [Post, number]) => compare(post, a, b) < 0;
    for (const entry of scores) {
      if (need <= 0 || chosen.includes(entry[0].slug)) continue;
      if (best.length === need && !before(entry, best[need - 1] as [Post, number])) continue;
      let i = best.length;
      while (i > 0 && before(entry, best[i - 1] as [Post, number])) i--;
      best.splice(i, 0, entry);
      if (best.length > need) best.pop();
    }
    for (const [other] of best) chosen.push(other.slug);
    result.set(post.slug, chosen);
  }
  return result;
}

/** Higher score first; then same category as `post`, newer, and slug order. */
function compare(post: Post, [a, sa]: [Post, number], [b, sb]: [Post, number]): number {
  if (sa !== sb) return sb - sa;
  const ca = sameCategory(post, a);
  const cb = sameCategory(post, b);
  if (ca !== cb) return ca ? -1 : 1;
  const byDate = b.date.getTime() - a.date.getTime();
  return byDate !== 0 ? byDate : a.slug < b.slug ? -1 : 1;
}

function sameCategory(a: Post, b: Post): boolean {
  return a.category !== undefined && a.category.slug === b.category?.slug;
}
