import { describe, expect, it } from "vitest";
import { buildLists, type PostShape, postShape, rankingKeyOf, shapeKey } from "../../src/compiler/shape.js";
import type { Post } from "../../src/content/post.js";

const post: Post = {
  file: "posts/a.md",
  slug: "a",
  title: "A",
  date: new Date("2025-01-01T00:00:00Z"),
  updated: new Date("2025-01-02T00:00:00Z"),
  authors: [{ name: "Ann", slug: "ann" }],
  category: { name: "World", slug: "world" },
  tags: [{ name: "Rail", slug: "rail" }],
  summary: ["One point."],
  image: { src: "/images/a.jpg" },
  related: ["b"],
  draft: false,
  lines: { title: 2 },
  body: "Body.",
};

describe("a post's shape", () => {
  it.each<[string, Partial<Post>]>([
    ["the title", { title: "Another" }],
    ["the body", { body: "Another body." }],
    ["the summary", { summary: [] }],
    ["the image", { image: { src: "/images/b.jpg" } }],
    ["the file's line numbers", { lines: { title: 3 } }],
  ])("stays the same when %s changes (lists and the ranking do not read it)", (_, change) => {
    expect(shapeKey(postShape({ ...post, ...change }))).toBe(shapeKey(postShape(post)));
  });

  it.each<[string, Partial<Post>]>([
    ["the slug", { slug: "b" }],
    ["the date", { date: new Date("2025-01-03T00:00:00Z") }],
    ["the updated date", { updated: new Date("2025-01-03T00:00:00Z") }],
    ["the draft flag", { draft: true }],
    ["the category", { category: { name: "Science", slug: "science" } }],
    ["the tags", { tags: [] }],
    ["the authors", { authors: [{ name: "Bo", slug: "bo" }] }],
    ["the pinned related posts", { related: [] }],
  ])("changes when %s changes, and so does the ranking key", (_, change) => {
    const edited = postShape({ ...post, ...change });
    expect(shapeKey(edited)).not.toBe(shapeKey(postShape(post)));
    expect(rankingKeyOf([edited], 3)).not.toBe(rankingKeyOf([postShape(post)], 3));
  });
});

describe("buildLists", () => {
  const second: PostShape = { ...postShape(post), slug: "b", tags: [], category: undefined };

  it("makes the site list and one list per term of each kind, newest post first", () => {
    const lists = buildLists([postShape(post), second]);
    expect([...lists.keys()]).toEqual(["site", "category/world", "tag/rail", "author/ann"]);
    expect(lists.get("site")?.slugs).toEqual(["a", "b"]);
    expect(lists.get("author/ann")?.info).toEqual({
      kind: "author",
      slug: "ann",
      name: "Ann",
      count: 2,
      updated: "2025-01-02T00:00:00.000Z",
    });
    expect(lists.get("tag/rail")?.slugs).toEqual(["a"]);
  });

  it("makes the site list even when nothing is published", () => {
    expect([...buildLists([]).entries()]).toEqual([
      ["site", { info: { kind: "site", slug: "", name: "", count: 0 }, slugs: [] }],
    ]);
  });
});
