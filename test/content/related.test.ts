import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Post } from "../../src/content/post.js";
import { relatedPosts } from "../../src/content/related.js";
import { termSlug } from "../../src/content/slug.js";

interface Spec {
  tags?: string[];
  category?: string;
  date?: string;
  related?: string[];
}

function post(slug: string, spec: Spec = {}): Post {
  const date = new Date(`${spec.date ?? "2025-01-01"}T00:00:00Z`);
  return {
    file: `posts/${slug}.md`,
    slug,
    title: slug,
    date,
    updated: date,
    authors: [{ name: "Desk", slug: "desk" }],
    category: spec.category ? { name: spec.category, slug: termSlug(spec.category) } : undefined,
    tags: (spec.tags ?? []).map((name) => ({ name, slug: termSlug(name) })),
    summary: [],
    related: spec.related ?? [],
    draft: false,
    lines: {},
    body: "",
  };
}

const relatedOf = (posts: Post[], slug: string, limit = 3) => relatedPosts(posts, limit).get(slug);

/** A deterministic shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A site with a few common and many rare tags, categories and dates that collide on purpose. */
function site(): Post[] {
  const tags = ["world", "politics", "japan", "rail", "energy", "science", "c++", "new york", "日本", "sport"];
  const categories = ["World", "Science", "Sport", undefined];
  return Array.from({ length: 40 }, (_, i) =>
    post(`post-${String(i).padStart(2, "0")}`, {
      tags: tags.filter((_, t) => (i * 7 + t * 3) % (t + 2) === 0 || t === i % tags.length),
      category: categories[i % categories.length],
      date: `2025-0${1 + (i % 3)}-1${i % 5}`,
      related: i % 9 === 0 ? [`post-${String((i + 13) % 40).padStart(2, "0")}`, "no-such-post"] : [],
    }),
  );
}

describe("relatedPosts", () => {
  it("has an entry for every post", () => {
    const posts = site();
    const result = relatedPosts(posts, 3);
    expect([...result.keys()].sort()).toEqual(posts.map((p) => p.slug).sort());
  });

  it("puts pinned slugs first, in written order, ignoring itself, unknown slugs and repeats", () => {
    const posts = [
      post("p", { tags: ["x"], related: ["c", "p", "no-such-post", "a", "c"] }),
      post("a"),
      post("b", { tags: ["x"] }),
      post("c"),
    ];
    expect(relatedOf(posts, "p", 3)).toEqual(["c", "a", "b"]);
  });

  it("fills with tag matches only after the pinned ones", () => {
    const posts = [
      post("p", { tags: ["x", "y"], related: ["z"] }),
      post("strong", { tags: ["x", "y"], date: "2025-06-01" }),
      post("z", { date: "2020-01-01" }),
    ];
    expect(relatedOf(posts, "p")).toEqual(["z", "strong"]);
  });

  it("keeps at most `limit` pinned slugs", () => {
    const posts = [post("p", { related: ["a", "b", "c", "d"] }), post("a"), post("b"), post("c"), post("d")];
    expect(relatedOf(posts, "p", 2)).toEqual(["a", "b"]);
  });

  it("does not list a pinned post twice when it also shares tags", () => {
    const posts = [post("p", { tags: ["x"], related: ["a"] }), post("a", { tags: ["x"] }), post("b", { tags: ["x"] })];
    expect(relatedOf(posts, "p")).toEqual(["a", "b"]);
  });

  it("never lists the post itself", () => {
    const posts = site();
    for (const [slug, related] of relatedPosts(posts, 10)) {
      expect(related, slug).not.toContain(slug);
      expect(new Set(related).size, slug).toBe(related.length);
    }
  });

  it("never lists the post itself even when every post shares every tag", () => {
    const posts = ["a", "b", "c"].map((s) => post(s, { tags: ["x", "y"], category: "World", related: [s] }));
    for (const [slug, related] of relatedPosts(posts, 5))
      expect(related).toEqual(posts.map((p) => p.slug).filter((s) => s !== slug));
  });

  it("ranks a post sharing a rare tag above one sharing a common tag", () => {
    const common = Array.from({ length: 6 }, (_, i) => post(`common-${i}`, { tags: ["news"], date: "2025-09-01" }));
    const posts = [
      post("p", { tags: ["news", "tsunami"], category: "World" }),
      post("rare", { tags: ["tsunami"], category: "Science", date: "2020-01-01" }),
      ...common,
    ];
    // "rare" is older and in another category: only the tag weight can put it first.
    expect(relatedOf(posts, "p", 1)).toEqual(["rare"]);
    expect(relatedOf(posts, "p", 3)?.[0]).toBe("rare");
  });

  it("ranks two shared tags above one", () => {
    const posts = [
      post("p", { tags: ["a", "b"] }),
      post("one", { tags: ["a"], date: "2025-12-01" }),
      post("two", { tags: ["a", "b"], date: "2020-01-01" }),
    ];
    expect(relatedOf(posts, "p")).toEqual(["two", "one"]);
  });

  it("breaks a tie in favour of the same category, even over a newer post", () => {
    const posts = [
      post("p", { tags: ["x"], category: "World" }),
      post("other-newer", { tags: ["x"], category: "Sport", date: "2025-12-01" }),
      post("same-older", { tags: ["x"], category: "World", date: "2020-01-01" }),
    ];
    expect(relatedOf(posts, "p")).toEqual(["same-older", "other-newer"]);
  });

  it("does not treat two posts without a category as the same category", () => {
    const posts = [
      post("p", { tags: ["x"] }),
      post("none-older", { tags: ["x"], date: "2020-01-01" }),
      post("cat-newer", { tags: ["x"], category: "World", date: "2025-12-01" }),
    ];
    expect(relatedOf(posts, "p")).toEqual(["cat-newer", "none-older"]);
  });

  it("then prefers the newer post", () => {
    const posts = [
      post("p", { tags: ["x"], category: "World" }),
      post("old", { tags: ["x"], category: "World", date: "2024-01-01" }),
      post("new", { tags: ["x"], category: "World", date: "2025-06-01" }),
      post("mid", { tags: ["x"], category: "World", date: "2025-01-01" }),
    ];
    expect(relatedOf(posts, "p")).toEqual(["new", "mid", "old"]);
  });

  it("then orders by slug", () => {
    const posts = [
      post("p", { tags: ["x"] }),
      post("b", { tags: ["x"] }),
      post("c", { tags: ["x"] }),
      post("a", { tags: ["x"] }),
    ];
    expect(relatedOf(posts, "p")).toEqual(["a", "b", "c"]);
  });

  it("is deterministic: shuffling the input gives the same result", () => {
    const posts = site();
    const expected = Object.fromEntries(relatedPosts(posts, 3));
    // The fixture must actually exercise ranking, or this test proves nothing.
    expect(Object.values(expected).filter((r) => r.length === 3).length).toBeGreaterThan(10);
    for (const seed of [1, 2, 3, 42, 1234]) {
      expect(Object.fromEntries(relatedPosts(shuffled(posts, seed), 3)), `seed ${seed}`).toEqual(expected);
    }
    expect(Object.fromEntries(relatedPosts([...posts].reverse(), 3))).toEqual(expected);
  });

  it("respects the limit", () => {
    const posts = site();
    for (const limit of [0, 1, 2, 5]) {
      for (const [slug, related] of relatedPosts(posts, limit)) {
        expect(related.length, `${slug} limit ${limit}`).toBeLessThanOrEqual(limit);
      }
    }
    const many = [post("p", { tags: ["x"] }), ...Array.from({ length: 10 }, (_, i) => post(`o${i}`, { tags: ["x"] }))];
    expect(relatedOf(many, "p", 4)).toHaveLength(4);
    expect(relatedOf(many, "p", 0)).toEqual([]);
  });

  it("the top k are the first k of the full ranking", () => {
    const posts = site();
    const full = relatedPosts(posts, posts.length);
    for (const k of [1, 2, 3, 5]) {
      for (const [slug, related] of relatedPosts(posts, k)) {
        expect(related, `${slug} k=${k}`).toEqual(full.get(slug)?.slice(0, k));
      }
    }
  });

  it("does not relate posts without a shared tag", () => {
    const posts = [
      post("p", { tags: ["x"], category: "World" }),
      post("same-category", { tags: ["y"], category: "World" }),
      post("no-tags", { category: "World" }),
      post("match", { tags: ["x"] }),
    ];
    expect(relatedOf(posts, "p")).toEqual(["match"]);
    expect(relatedOf(posts, "same-category")).toEqual([]);
    expect(relatedOf(posts, "no-tags")).toEqual([]);
  });

  it("matches tags by slug, not by spelling", () => {
    const posts = [post("p", { tags: ["New York"] }), post("q", { tags: ["new york"] })];
    expect(relatedOf(posts, "p")).toEqual(["q"]);
  });

  it("handles an empty site", () => {
    expect(relatedPosts([], 3).size).toBe(0);
  });
});

/**
 * The ranking by definition: every pair scored, summing each shared tag's IDF weight in the
 * post's tag order, then sorted by score, same category, date, slug. Quadratic; the reference
 * `relatedPosts` must equal.
 */
function naiveRelated(posts: readonly Post[], limit: number): Map<string, string[]> {
  const count = new Map<string, number>();
  for (const p of posts) for (const t of p.tags) count.set(t.slug, (count.get(t.slug) ?? 0) + 1);
  const slugs = new Set(posts.map((p) => p.slug));
  const result = new Map<string, string[]>();
  for (const p of posts) {
    const chosen: string[] = [];
    for (const s of p.related)
      if (chosen.length < limit && s !== p.slug && slugs.has(s) && !chosen.includes(s)) chosen.push(s);
    const scored = posts
      .filter((o) => o !== p && !chosen.includes(o.slug))
      .map((o) => {
        let score = 0;
        for (const t of p.tags)
          if (o.tags.some((u) => u.slug === t.slug)) score += Math.log(1 + posts.length / (count.get(t.slug) ?? 1));
        const same = p.category !== undefined && o.category?.slug === p.category.slug;
        return { o, score, same };
      })
      .filter((c) => c.score > 0)
      .sort(
        (a, b) =>
          b.score - a.score ||
          Number(b.same) - Number(a.same) ||
          b.o.date.getTime() - a.o.date.getTime() ||
          (a.o.slug < b.o.slug ? -1 : 1),
      );
    for (const c of scored.slice(0, Math.max(0, limit - chosen.length))) chosen.push(c.o.slug);
    result.set(p.slug, chosen);
  }
  return result;
}

const SEED = 20261202;

describe(`relatedPosts equals the ranking by definition (fast-check seed ${SEED})`, () => {
  const TAGS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
  const corpus = fc
    .array(
      fc.record({
        // Biased to the first tags, so some are on most posts (heavy) and some on few.
        tags: fc.uniqueArray(
          fc.integer({ min: 0, max: 143 }).map((x) => TAGS[Math.floor(Math.sqrt(x))] as string),
          {
            maxLength: 6,
          },
        ),
        category: fc.option(fc.constantFrom("World", "Science", "Sport"), { nil: undefined }),
        date: fc.constantFrom("2024-01-01", "2024-06-01", "2025-01-01", "2025-03-01"),
        related: fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 3 }),
      }),
      { maxLength: 70 },
    )
    .map((specs) =>
      specs.map((spec, i) =>
        post(`p${i}`, { ...spec, related: spec.related.map((r) => (r % 2 ? `p${r}` : `missing-${r}`)) }),
      ),
    );

  it("for every limit, with posts read by tag set or one by one (wide)", () => {
    fc.assert(
      fc.property(corpus, fc.integer({ min: 0, max: 6 }), fc.constantFrom(0, 1, 2, 3, 8), (posts, limit, wide) => {
        const expected = Object.fromEntries(naiveRelated(posts, limit));
        expect(Object.fromEntries(relatedPosts(posts, limit, { wideTags: wide }))).toEqual(expected);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("on a bench-like corpus of 1,200 posts with Zipf tags", () => {
    let s = SEED;
    const random = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 4294967296;
    };
    const zipf = Array.from({ length: 60 }, (_, k) => 1 / (k + 1));
    const total = zipf.reduce((a, b) => a + b, 0);
    const tag = () => {
      let x = random() * total;
      for (let k = 0; k < zipf.length; k++) {
        x -= zipf[k] as number;
        if (x <= 0) return `t${k}`;
      }
      return "t0";
    };
    const posts = Array.from({ length: 1200 }, (_, i) => {
      const tags = new Set<string>();
      while (tags.size < 3) tags.add(tag());
      return post(`p${i}`, {
        tags: [...tags],
        category: ["World", "Science", "Sport", "Tech"][i % 4],
        date: `202${i % 5}-0${1 + (i % 9)}-1${i % 7}`,
      });
    });
    const expected = naiveRelated(posts, 3);
    for (const wide of [2, 8]) expect(relatedPosts(posts, 3, { wideTags: wide })).toEqual(expected);
  });
});
