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

describe("oldPostPath in the site's time zone", () => {
  const site = (timeZone: string) => ({
    defaultAuthor: { name: "A" },
    templates: { baseUrl: "", site: {}, postsDir: "posts" },
    timeZone,
  });
  const parse = (text: string, timeZone: string, file = "posts/2013-05-06-jekyll-1-0-0-released.md") => {
    const result = parsePost(file, text, site(timeZone));
    if (!result.post) throw new Error(JSON.stringify(result.problems));
    return result.post;
  };

  it("gives the day on the site's clocks, as Jekyll does with `timezone`", () => {
    // 02:12 in Berlin is still the day before in Los Angeles: Jekyll's URL says 05/05.
    const zoned = parse(
      "---\ntitle: Jekyll 1.0.0 Released\ndate: 2013-05-06 02:12:52 +0200\n---\n\nBody\n",
      "America/Los_Angeles",
    );
    expect(oldPostPath(zoned, "/news/:year/:month/:day/:title/", "America/Los_Angeles")).toBe(
      "/news/2013/05/05/jekyll-1-0-0-released/",
    );
    expect(oldPostPath(zoned, "/news/:year/:month/:day/:title/")).toBe("/news/2013/05/06/jekyll-1-0-0-released/");
  });

  it("keeps a file name's date as the day when the post names no time", () => {
    const undated = parse("---\ntitle: Notes\n---\n\nBody\n", "America/Los_Angeles");
    expect(undated.date.toISOString()).toBe("2013-05-06T07:00:00.000Z");
    expect(oldPostPath(undated, "/:year/:month/:day/:title/", "America/Los_Angeles")).toBe(
      "/2013/05/06/jekyll-1-0-0-released/",
    );
  });
});
