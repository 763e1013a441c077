import type { Post } from "./post.js";

/** What the ranking reads of a post: the build passes no more, so its key covers all of it. */
export type RankedPost = Pick<Post, "slug" | "date" | "category" | "tags" | "related">;

/** Tag sets of a post indexed at most: 2^12 subsets. */
const MAX_SET_TAGS = 12;

/** Tuning of `relatedPosts`; the result never depends on it. */
export interface RelatedOptions {
  /** A post with more tags than this is "wide": not indexed by tag set (2^k sets). Default 8. */
  wideTags?: number;
}

/**
 * Related content for every post, computed once at build time.
 *
 * Like Hugo's related content, posts are scored by the keywords they share (here, tags).
 * Unlike a plain count, each shared tag weighs its inverse document frequency, so
 * sharing a rare tag says more than sharing a tag on half the site. Ties go to the same
 * category, then to the newer post, then to the slug, so the result is deterministic.
 * Pinned `related` slugs come first, in the order written. Tags are unique per post by slug
 * (`uniqueTerms` in parse.ts).
 *
 * How, without scoring every pair that shares a tag (quadratic in a tag on half the site): a
 * candidate's score depends only on which of the post's tags it shares (a mask), summed in the
 * post's tag order, so it is bit for bit the same however the candidate is found. Every post is
 * listed under every subset of its tags, in ranking order (newer, then slug). For a post, masks
 * are taken best score first; a mask's candidates are read from the list of exactly that tag set,
 * skipping those that share more, and reading stops at the first `limit` of the same category:
 * nothing later in the list can rank higher. Posts with more than `wideTags` tags are not listed
 * by subset; they are scored one by one through per-tag lists, and a wide post finds its own
 * candidates that way too. test/content/related.test.ts checks the result against a plain scoring
 * of every pair.
 */
export function relatedPosts(
  posts: readonly RankedPost[],
  limit: number,
  options: RelatedOptions = {},
): Map<string, string[]> {
  const wideTags = Math.min(options.wideTags ?? 8, MAX_SET_TAGS);
  const n = posts.length;
  const bySlug = new Map(posts.map((p) => [p.slug, p]));

  // Ranking order among equal scores and categories: newer first, then slug.
  const time = Float64Array.from(posts, (p) => p.date.getTime());
  const order = Array.from(posts.keys()).sort((a, b) => {
    const ta = time[a] as number;
    const tb = time[b] as number;
    if (ta !== tb) return ta > tb ? -1 : 1;
    const sa = (posts[a] as RankedPost).slug;
    const sb = (posts[b] as RankedPost).slug;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  const rank = new Int32Array(n);
  order.forEach((post, r) => {
    rank[post] = r;
  });

  const tagIds = new Map<string, number>();
  const tagsOf = posts.map((p) =>
    Int32Array.from(p.tags, (t) => {
      const id = tagIds.get(t.slug) ?? tagIds.size;
      tagIds.set(t.slug, id);
      return id;
    }),
  );
  const tagCount = new Int32Array(tagIds.size);
  for (const tags of tagsOf) for (const tag of tags) tagCount[tag] = (tagCount[tag] as number) + 1;
  const weight = Float64Array.from(tagCount, (count) => Math.log(1 + n / count));

  // Narrow posts under every subset of their tags; all posts under each tag. A subset is numbered
  // in a trie keyed by (subset without its largest tag id) × tag count + that tag id: numbers, not strings.
  const tags = tagIds.size;
  const setIds = new Map<number, number>();
  const bySet: number[][] = [[]];
  const byTag: number[][] = Array.from({ length: tags }, () => []);
  const wideByTag: number[][] = Array.from({ length: tags }, () => []);
  let wideCount = 0;
  const ids = new Int32Array(1 << Math.min(wideTags, MAX_SET_TAGS));
  for (const post of order) {
    const mine = tagsOf[post] as Int32Array;
    for (const tag of mine) {
      (byTag[tag] as number[]).push(post);
      if (mine.length > wideTags) (wideByTag[tag] as number[]).push(post);
    }
    if (mine.length > wideTags) {
      wideCount++;
      continue;
    }
    const sorted = [...mine].sort((a, b) => a - b);
    for (let m = 1; m < 1 << sorted.length; m++) {
      const top = 31 - Math.clz32(m);
      const key = (ids[m & ~(1 << top)] as number) * tags + (sorted[top] as number);
      let id = setIds.get(key);
      if (id === undefined) {
        id = bySet.length;
        setIds.set(key, id);
        bySet.push([]);
      }
      ids[m] = id;
      (bySet[id] as number[]).push(post);
    }
  }

  const categoryIds = new Map<string, number>();
  const category = Int32Array.from(posts, (p) => {
    if (!p.category) return -1;
    const id = categoryIds.get(p.category.slug) ?? categoryIds.size;
    categoryIds.set(p.category.slug, id);
    return id;
  });

  // Every post's tags in one array (post i: from start[i] to start[i + 1]): one read per candidate.
  const start = new Int32Array(n + 1);
  tagsOf.forEach((t, i) => {
    start[i + 1] = (start[i] as number) + t.length;
  });
  const flat = new Int32Array(start[n] as number);
  tagsOf.forEach((t, i) => {
    flat.set(t, start[i] as number);
  });
  // Scratch, reset after each post: 1 + the tag's position among the post's tags sorted by id.
  const bitOf = new Int32Array(tags);
  const seen = new Uint8Array(n);
  const result = new Map<string, string[]>();

  for (let self = 0; self < n; self++) {
    const post = posts[self] as RankedPost;
    const chosen: string[] = [];
    for (const slug of post.related) {
      if (chosen.length >= limit) break;
      if (slug !== post.slug && bySlug.has(slug) && !chosen.includes(slug)) chosen.push(slug);
    }
    result.set(post.slug, chosen);
    const need = limit - chosen.length;
    const mine = tagsOf[self] as Int32Array;
    const k = mine.length;
    if (need <= 0 || k === 0) continue;
    const pinned = chosen.map((slug) => bySlug.get(slug) as RankedPost);
    const excluded = (other: number) =>
      other === self || (pinned.length > 0 && pinned.includes(posts[other] as RankedPost));
    const catOf = category[self] as number;
    const sameCategory = (other: number) => catOf >= 0 && category[other] === catOf;
    const before = (a: Candidate, b: Candidate): number => {
      if (a.score !== b.score) return a.score > b.score ? -1 : 1;
      const ca = sameCategory(a.post);
      if (ca !== sameCategory(b.post)) return ca ? -1 : 1;
      return (rank[a.post] as number) - (rank[b.post] as number);
    };
    const sorted = [...mine].sort((a, b) => a - b);
    const position = (tag: number) => sorted.indexOf(tag);

    // Scored one by one: wide candidates (all candidates when this post is wide).
    const scored: Candidate[] = [];
    if (k > wideTags || wideCount > 0) {
      const visit = k > wideTags ? byTag : wideByTag;
      const shared = new Uint8Array(k);
      for (const tag of mine) bitOf[tag] = 1 + position(tag);
      // Summed in the post's tag order, as a running total per candidate would be.
      const scoreOf = (other: number): number => {
        shared.fill(0);
        for (let t = start[other] as number; t < (start[other + 1] as number); t++) {
          const at = bitOf[flat[t] as number] as number;
          if (at) shared[at - 1] = 1;
        }
        let score = 0;
        for (const tag of mine) if (shared[position(tag)]) score += weight[tag] as number;
        return score;
      };
      const visited: number[] = [];
      for (const tag of mine) {
        for (const other of visit[tag] as number[]) {
          if (seen[other]) continue;
          seen[other] = 1;
          visited.push(other);
          if (excluded(other)) continue;
          const candidate = { post: other, score: scoreOf(other) };
          if (scored.length === need && before(candidate, scored[need - 1] as Candidate) > 0) continue;
          let i = scored.length;
          while (i > 0 && before(candidate, scored[i - 1] as Candidate) < 0) i--;
          scored.splice(i, 0, candidate);
          if (scored.length > need) scored.pop();
        }
      }
      for (const other of visited) seen[other] = 0;
      for (const tag of mine) bitOf[tag] = 0;
    }

    // Narrow candidates, by tag set, best score first.
    const bySetFound: Candidate[] = [];
    if (k <= wideTags) {
      // A mask's bits are positions in `sorted`; its score is summed in the post's own tag order.
      for (const tag of mine) bitOf[tag] = 1 << position(tag);
      const masks: { mask: number; score: number; set: number }[] = [];
      // The set number of each mask, made from its parent's as when indexing; -1: no post has it.
      ids[0] = 0;
      for (let m = 1; m < 1 << k; m++) {
        const top = 31 - Math.clz32(m);
        const parent = ids[m & ~(1 << top)] as number;
        const set = parent < 0 ? -1 : (setIds.get(parent * tags + (sorted[top] as number)) ?? -1);
        ids[m] = set;
        if (set < 0) continue;
        let score = 0;
        for (const tag of mine) if (m & (bitOf[tag] as number)) score += weight[tag] as number;
        masks.push({ mask: m, score, set });
      }
      masks.sort((a, b) => b.score - a.score);
      for (let g = 0; g < masks.length && bySetFound.length < need; ) {
        const score = (masks[g] as { score: number }).score;
        const same: number[] = [];
        const others: number[] = [];
        for (; g < masks.length && (masks[g] as { score: number }).score === score; g++) {
          const { mask, set } = masks[g] as { mask: number; set: number };
          let sameFound = 0;
          let othersFound = 0;
          for (const other of bySet[set] as number[]) {
            const same_ = sameCategory(other);
            // Once `need` of another category are kept, only the same category can still rank.
            if (!same_ && othersFound === need) continue;
            let m = 0;
            for (let t = start[other] as number; t < (start[other + 1] as number); t++)
              m |= bitOf[flat[t] as number] as number;
            if (m !== mask || excluded(other)) continue;
            if (same_) {
              same.push(other);
              if (++sameFound === need) break;
            } else {
              others.push(other);
              if (++othersFound === need && catOf < 0) break;
            }
          }
        }
        const byRank = (a: number, b: number) => (rank[a] as number) - (rank[b] as number);
        for (const other of [...same.sort(byRank), ...others.sort(byRank)]) {
          if (bySetFound.length === need) break;
          bySetFound.push({ post: other, score });
        }
      }
      for (const tag of mine) bitOf[tag] = 0;
    }

    for (const c of [...scored, ...bySetFound].sort(before).slice(0, need))
      chosen.push((posts[c.post] as RankedPost).slug);
  }
  return result;
}

interface Candidate {
  post: number;
  score: number;
}
