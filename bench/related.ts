import type { Post } from "../src/content/post.js";
import { relatedPosts } from "../src/content/related.js";
import { termSlug } from "../src/content/slug.js";
import type { Corpus } from "./corpus.js";
import type { Report } from "./report.js";
import { timed } from "./util.js";

/** The corpus as parsed posts (no Markdown: related ranking reads only tags, category, date). */
export function corpusPosts(corpus: Corpus): Post[] {
  const term = (name: string) => ({ name, slug: termSlug(name) });
  return corpus.posts.map((p) => ({
    file: `posts/${p.file}`,
    slug: p.slug,
    title: p.title,
    date: p.date,
    updated: p.updated ?? p.date,
    authors: [term(p.author)],
    category: term(p.category),
    tags: p.tags.map(term),
    summary: [],
    related: [],
    draft: false,
    lines: {},
    body: "",
  }));
}

/** Related ranking alone (`src/content/related.ts`), in process, best of `rounds`. */
export function benchRelated(report: Report, group: string, corpus: Corpus, rounds: number): void {
  const posts = corpusPosts(corpus);
  const top = Math.max(...countTags(posts).values());
  const samples = Array.from({ length: rounds }, () => timed(() => relatedPosts(posts, 3)).ms);
  report.addRounds(
    {
      group,
      metric: "related ranking (in process)",
      unit: "ms",
      note: `top tag on ${((100 * top) / posts.length).toFixed(0)}% of posts`,
    },
    samples,
    (s) => Math.min(...s),
  );
}

function countTags(posts: Post[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const p of posts) for (const t of p.tags) count.set(t.slug, (count.get(t.slug) ?? 0) + 1);
  return count;
}
