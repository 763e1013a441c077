import { describe, expect, it } from "vitest";
import { SharedTerms } from "../../src/compiler/shared-terms.js";
import type { Post } from "../../src/content/post.js";

const post = (slug: string, tags: string[], category?: string): Post => ({
  file: `posts/${slug}.md`,
  slug,
  title: slug,
  date: new Date(0),
  updated: new Date(0),
  authors: [{ name: "Ann", slug: "ann", email: "ann@example.com" }],
  ...(category && { category: { name: category, slug: category.toLowerCase() } }),
  tags: tags.map((name) => ({ name, slug: name.toLowerCase() })),
  summary: [],
  related: [],
  draft: false,
  lines: {},
  body: "",
});

describe("SharedTerms", () => {
  it("gives posts naming the same term one object, equal to what they named, in the same key order", () => {
    const terms = new SharedTerms();
    const a = post("a", ["Rust", "Go"], "Tech");
    const b = post("b", ["Go", "Zig"], "Tech");
    const sa = terms.share(a);
    const sb = terms.share(b);
    expect(sa).toEqual(a);
    expect(sb).toEqual(b);
    expect(JSON.stringify(sa)).toBe(JSON.stringify(a));
    expect(sb.tags[0]).toBe(sa.tags[1]);
    expect(sb.category).toBe(sa.category);
    expect(sb.authors[0]).toBe(sa.authors[0]);
    expect(sb.tags[1]).not.toBe(sa.tags[0]);
  });

  it("keeps terms apart that differ in any field, and adds no category to a post without one", () => {
    const terms = new SharedTerms();
    const a = terms.share(post("a", ["Go"]));
    const b = terms.share({ ...post("b", []), tags: [{ name: "GO", slug: "go" }] });
    expect(b.tags[0]).not.toBe(a.tags[0]);
    expect(b.tags[0]).toEqual({ name: "GO", slug: "go" });
    expect("category" in a).toBe(false);
  });
});
