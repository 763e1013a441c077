import { describe, expect, it } from "vitest";
import { parseDate } from "../../src/content/date.js";
import { parsePost } from "../../src/content/parse.js";

/** What real blogs write that their own generator publishes, and so must we. */

const options = { defaultAuthor: { name: "A" } };
const withGenerator = { ...options, templates: { baseUrl: "", site: {}, generator: "jekyll" as const } };

describe("posts as moved in", () => {
  it("reads Jekyll's date with the year printed again before the zone", () => {
    expect(parseDate("2023-01-29 18:30:22 2023 -0800")?.toISOString()).toBe("2023-01-30T02:30:22.000Z");
    expect(parseDate("2023-01-29 18:30:22 2022 -0800")).toBeUndefined();
  });

  it("takes a key written empty (`description: #TODO`) as unset, not as an invalid value", () => {
    const result = parsePost(
      "posts/a.md",
      "---\ntitle: A\ndate: 2021-01-01 #TODO\ndescription: #TODO\n---\n\nBody\n",
      options,
    );
    expect(result.problems).toEqual([]);
    expect(result.post?.summary).toEqual([]);
  });

  it("skips a page without title and date (Zola's template page), with a warning", () => {
    const result = parsePost("content/latest.md", '+++\ntemplate = "latest.html"\n+++\n', options);
    expect(result.post).toBeUndefined();
    expect(result.problems).toMatchObject([
      { severity: "warning", message: expect.stringContaining("skipped: a page") },
    ]);
  });

  it("titles an untitled post of a named generator from its first heading or file name, with a warning", () => {
    const headed = parsePost("posts/2019-02-27-weekly.md", "---\nditle: typo\n---\n\n# News\n\nText\n", withGenerator);
    expect(headed.post?.title).toBe("News");
    expect(headed.problems.map((p) => p.field)).toContain("title");
    const named = parsePost(
      "posts/2019-02-27-static-rootless.md",
      "---\ndate: 2019-02-27\n---\n\nText\n",
      withGenerator,
    );
    expect(named.post?.title).toBe("Static rootless");
  });

  it("still refuses an untitled post when no generator is named", () => {
    const result = parsePost("posts/2019-02-27-x.md", "---\ndate: 2019-02-27\n---\n\nText\n", options);
    expect(result.post).toBeUndefined();
    expect(result.problems).toMatchObject([{ field: "title", message: "required", severity: "error" }]);
  });
});
