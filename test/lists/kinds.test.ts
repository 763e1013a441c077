import { describe, expect, it } from "vitest";
import { kindsBySegment, LIST_KINDS, segmentPattern, termHeading } from "../../src/lists/kinds.js";
import { listPath } from "../../src/urls.js";

describe("the list kinds table", () => {
  it("places each term kind under its own segment, the site at /", () => {
    expect([...kindsBySegment(LIST_KINDS)]).toEqual([
      ["categories", "category"],
      ["tags", "tag"],
      ["authors", "author"],
    ]);
    expect(listPath({ kind: "site", slug: "" })).toBe("/");
    expect(listPath({ kind: "tag", slug: "new york" })).toBe("/tags/new%20york");
    expect(listPath({ kind: "category", slug: "" })).toBe("/categories/");
  });

  it("makes one route pattern of the segments, with extra ones first", () => {
    expect(segmentPattern(LIST_KINDS)).toBe(":kind{categories|tags|authors}");
    expect(segmentPattern(LIST_KINDS, ["posts"])).toBe(":kind{posts|categories|tags|authors}");
  });

  it("titles and describes each kind's lists, and heads them by label", () => {
    const site = { title: "S", description: "About S." };
    expect(LIST_KINDS.site.describe("", site)).toEqual({ title: "S", description: "About S." });
    expect(LIST_KINDS.tag.describe("C++", site)).toEqual({ title: "C++ — S", description: "Posts tagged “C++” on S." });
    expect(LIST_KINDS.category.describe("World", site).description).toBe("World news on S.");
    expect(LIST_KINDS.author.describe("Ann", site).description).toBe("Posts by Ann on S.");
    expect(termHeading({ kind: "author", name: "Ann" }, LIST_KINDS)).toBe("Author: Ann");
  });
});
