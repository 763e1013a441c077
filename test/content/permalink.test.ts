import { describe, expect, it } from "vitest";
import { parsePost } from "../../src/content/parse.js";
import { oldPostPath, oldPostPaths } from "../../src/content/permalink.js";
import type { Post } from "../../src/content/post.js";

function post(text: string, file = "posts/2024-03-05-release-two.md", postsDir = "posts"): Post {
  const result = parsePost(file, text, {
    defaultAuthor: { name: "A" },
    templates: { baseUrl: "", site: {}, postsDir },
  });
  if (!result.post) throw new Error(JSON.stringify(result.problems));
  return result.post;
}

const plain = "---\ntitle: Release Two!\ndate: 2024-03-05T08:04:09Z\ncategory: News Desk\n---\n\nBody\n";

describe("oldPostPath", () => {
  it("fills Jekyll's date, title and category placeholders", () => {
    expect(oldPostPath(post(plain), "/:categories/:year/:month/:day/:title/")).toBe(
      "/news-desk/2024/03/05/release-two/",
    );
    expect(oldPostPath(post(plain), "/:year/:i_month/:i_day/:short_year/:hour:minute:second:output_ext")).toBe(
      "/2024/3/5/24/080409.html",
    );
  });

  it("leaves no empty segment for a post without a category", () => {
    const text = plain.replace("category: News Desk\n", "");
    expect(oldPostPath(post(text), "/:categories/:year/:title/")).toBe("/2024/release-two/");
  });

  it("gives Hugo's :slugified_title and :path (a page bundle's folder) below the posts folder", () => {
    const bundle = post(plain, "content/blog/2024/launch/index.md", "content/blog");
    expect(oldPostPath(bundle, "/blog/:path/")).toBe("/blog/2024/launch/");
    expect(oldPostPath(bundle, "/blog/:folder/:slugified_title/")).toBe("/blog/2024/release-two/");
    expect(bundle.base).toBe("/posts/2024/launch/");
    const single = post(plain, "content/blog/notes/Tides.md", "content/blog");
    expect(oldPostPath(single, "/:path/")).toBe("/notes/Tides/");
    expect(single.base).toBeUndefined();
  });

  it("prefers the post's own permalink, url or Zola path, and keeps its aliases", () => {
    const own = post(plain.replace("---\n\n", "permalink: /custom/here/\nredirect_from: [/was/here/]\n---\n\n"));
    expect(oldPostPaths(own, "/:year/:title/")).toEqual(["/custom/here/", "/was/here/"]);
    const zola = post(plain.replace("---\n\n", "path: 2024/03/05/rel\naliases: [old.html]\n---\n\n"));
    expect(oldPostPaths(zola, undefined)).toEqual(["/2024/03/05/rel/", "/old.html"]);
  });

  it("is none without a pattern or a permalink; a templated permalink is not one", () => {
    expect(oldPostPath(post(plain), undefined)).toBeUndefined();
    const templated = post(plain.replace("---\n\n", "permalink: '/{{ page.fileSlug }}/'\n---\n\n"));
    expect(oldPostPath(templated, undefined)).toBeUndefined();
  });
});
