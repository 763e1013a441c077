import { describe, expect, it } from "vitest";
import { toJsonFeed } from "../../src/feed/json.js";
import { item, page, TEXT } from "./hostile-page.js";

const feed = JSON.parse(toJsonFeed(page()));

describe("JSON Feed 1.1: text is JSON strings, as written", () => {
  it("titles, bylines, tags and the caption", () => {
    const [entry] = feed.items;
    expect(feed.title).toBe(TEXT.site);
    expect(entry.title).toBe(TEXT.title);
    expect(entry.authors).toEqual([{ name: TEXT.author }]);
    expect(entry.tags).toEqual([TEXT.category, TEXT.tag]);
    expect(entry._image.caption).toBe(TEXT.caption);
  });

  it("names a related item by the related post's own id, so a reader can match it", () => {
    const related = item().related[0];
    expect(feed.items[0]._related.items).toEqual([
      { id: related?.id, url: related?.url, title: TEXT.related, date_published: related?.published },
    ]);
    expect(feed.items[0]._related.items[0].id).toMatch(/^tag:/);
  });
});

describe("JSON Feed 1.1: what feed cannot write (it writes only 1.0)", () => {
  it("version 1.1, with authors as a list", () => {
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.authors).toEqual([{ name: page().site.author.name }]);
    expect(feed).not.toHaveProperty("author");
  });

  it("the page's next URL for paging", () => {
    expect(feed.next_url).toBe(page().paging.next);
  });
});
