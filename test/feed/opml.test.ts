import { describe, expect, it } from "vitest";
import { loadSiteConfig } from "../../src/config/site-config.js";
import { toOpml } from "../../src/feed/opml.js";
import type { Manifest } from "../../src/store/data-layout.js";
import { all, one, parseStrict } from "../support/xml-dom.js";

const site = { ...loadSiteConfig({ SITE_URL: "https://news.example.com" }), title: `R&D "News"` };
const manifest: Manifest = {
  version: 3,
  buildId: "x",
  site,
  bundles: 1,
  lists: {
    site: { kind: "site", slug: "", name: "", count: 2, updated: "2026-01-02T10:00:00.000Z" },
    "category/r-and-d": { kind: "category", slug: "r-and-d", name: "R&D <Labs>", count: 1 },
    "author/o-brien": { kind: "author", slug: "o-brien", name: "O'Brien & Sons", count: 1 },
  },
};
const xml = toOpml(manifest);
const outlines = all(one(parseStrict(xml), "body"), "outline").filter((o) => o.attrs.type === "rss");

describe("OPML 2.0: names read back as the author wrote them", () => {
  it("outline text and title are the list's title, escaped once", () => {
    expect(outlines.map((o) => o.attrs.text)).toEqual([
      'R&D "News"',
      'R&D <Labs> — R&D "News"',
      `O'Brien & Sons — R&D "News"`,
    ]);
    expect(outlines.every((o) => o.attrs.title === o.attrs.text)).toBe(true);
    expect(xml).toContain('text="R&amp;D &lt;Labs&gt; — R&amp;D &quot;News&quot;"');
    expect(xml).not.toContain("&amp;amp;");
  });

  it("head texts and feed URLs", () => {
    const head = one(parseStrict(xml), "head");
    expect(one(head, "title").text).toBe(`R&D "News" — all feeds`);
    expect(outlines.map((o) => o.attrs.xmlUrl)).toContain("https://news.example.com/categories/r-and-d/rss.xml");
  });
});
