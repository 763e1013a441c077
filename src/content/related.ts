import type { Post } from "./post.js";

/** What the ranking reads of a post: the build passes no more, so its key covers all of it. */
export type RankedPost = Pick<Post, "slug" | "date" | "category" | "tags" | "related">;

/**
 * Related content for every post, computed once at build time.
 *
 * Like Hugo's related content, posts are scored by the keywords they share (here, tags).
 * Unlike a plain count, each shared tag weighs its inverse document frequency, so
 * sharing a rare tag says more than sharing a tag on half the site. Ties go to the same
 * category, then to the newer post, then to the slug, so the result is deterministic.
 * Pinned `related` slugs come first, in the order written.
 *
 * Cost follows the tag postings each post touches: scores accumulate in one reused typed
 * array, and only the posts touched are ranked, keeping the best `limit`.
 */
export function relatedPosts(posts: readonly RankedPost[], limit: number): Map<string, string[]> {
  const bySlug = new Map(posts.map((p) => [p.slug, p]));
  const postings = new Map<string, number[]>();
  posts.forEach((post, i) => {
    for (const tag of post.tags) {
      const list = postings.get(tag.slug);
      if (list) list.push(i);
      else postings.set(tag.slug, [i]);
    }
  });
  const weight = new Map<string, number>();
  for (const [tag, list] of postings) weight.set(tag, Math.log(1 + posts.length / list.length));

  const scores = new Float64Array(posts.length);
  // Tie-breaks as numbers: most candidates tie on score, so these are compared millions of times.
  const categoryIds = new Map<string, number>();
  const category = Int32Array.from(posts, (p) => {
    if (!p.category) return -1;
    const id = categoryIds.get(p.category.slug) ?? categoryIds.size;
    categoryIds.set(p.category.slug, id);
    return id;
  });
  const time = Float64Array.from(posts, (p) => p.date.getTime());
  const touched: number[] = [];
  const result = new Map<string, string[]>();
  posts.forEach((post, self) => {
    const chosen: string[] = [];
    for (const slug of post.related) {
      if (chosen.length >= limit) break;
      if (slug !== post.slug && bySlug.has(slug) && !chosen.includes(slug)) chosen.push(slug);
    }
    for (const tag of post.tags) {
      const w = weight.get(tag.slug) ?? 0;
      for (const other of postings.get(tag.slug) ?? []) {
        if (other === self) continue;
        if (scores[other] === 0) touched.push(other);
        scores[other] = (scores[other] as number) + w;
      }
    }
    const need = limit - chosen.length;
    const best: number[] = [];
    const mine = category[self] as number;
    const before = (a: number, b: number): boolean => {
      const sa = scores[a] as number;
      const sb = scores[b] as number;
      if (sa !== sb) return sa > sb;
      const ca = mine >= 0 && category[a] === mine;
      const cb = mine >= 0 && category[b] === mine;
      if (ca !== cb) return ca;
      const ta = time[a] as number;
      const tb = time[b] as number;
      if (ta !== tb) return ta > tb;
      return (posts[a] as RankedPost).slug < (posts[b] as RankedPost).slug;
    };
    for (const other of touched) {
      if (need <= 0) break;
      if (best.length === need) {
        // Most candidates lose on score alone: compare numbers before anything else.
        const worst = best[need - 1] as number;
        const score = scores[other] as number;
        const bar = scores[worst] as number;
        if (score < bar || (score === bar && !before(other, worst))) continue;
      }
      if (chosen.includes((posts[other] as RankedPost).slug)) continue;
      let i = best.length;
      while (i > 0 && before(other, best[i - 1] as number)) i--;
      best.splice(i, 0, other);
      if (best.length > need) best.pop();
    }
    for (const other of best) chosen.push((posts[other] as RankedPost).slug);
    for (const other of touched) scores[other] = 0;
    touched.length = 0;
    result.set(post.slug, chosen);
  });
  return result;
}
