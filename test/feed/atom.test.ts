import { describe, expect, it } from "vitest";
import { toAtom } from "../../src/feed/atom.js";
import { feedHtml } from "../../src/present/fragments.js";
import { all, one, parseStrict } from "../support/xml-dom.js";
import { emptyItem, HTML, item, page, TEXT } from "./hostile-page.js";

const xml = toAtom(page());
const feed = one(parseStrict(xml), "feed");
const entry = one(feed, "entry");

describe("Atom 1.0: each kind of text reads back as the author wrote it", () => {
  it('titles are plain text, type="text", escaped once', () => {
    expect(one(entry, "title").attrs.type).toBe("text");
    expect(one(entry, "title").text).toBe(TEXT.title);
    expect(one(feed, "title").text).toBe(TEXT.site);
    expect(xml).toContain('<title type="text">Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;');
    expect(xml).not.toMatch(/&amp;lt;|&amp;gt;|CDATA\[Tom/);
  });

  it("bylines", () => {
    expect(all(entry, "name").map((n) => n.text)).toEqual([TEXT.author]);
  });

  it("categories: term is the name readers show, label the same, scheme tells tags from categories", () => {
    expect(all(entry, "category").map((c) => c.attrs)).toEqual([
      { term: TEXT.category, scheme: "https://news.example.com/categories/", label: TEXT.category },
      { term: TEXT.tag, scheme: "https://news.example.com/tags/", label: TEXT.tag },
    ]);
    expect(xml).toContain('term="R&amp;D &lt;Labs&gt;"');
    expect(xml).not.toContain("&#x");
  });

  it("HTML: summary and content decode to the HTML exactly", () => {
    expect(one(entry, "content").attrs.type).toBe("html");
    expect(one(entry, "content").text).toBe(feedHtml(item()));
    expect(feedHtml(item())).toContain(HTML);
    expect(one(entry, "summary").text).toBe("<p>Body with ]]&gt; twice</p>");
  });

  it("URLs and attribute values: links, related links, the enclosure and its caption", () => {
    const links = all(entry, "link").map((l) => l.attrs);
    expect(links).toEqual([
      { href: item().url },
      { rel: "related", href: "https://news.example.com/posts/delta", type: "text/html" },
      { rel: "enclosure", href: item().image?.url, type: "image/jpeg", length: "1234", title: TEXT.caption },
    ]);
    const paging = all(feed, "link").filter((l) => l.attrs.type === "application/atom+xml");
    expect(paging.map((l) => l.attrs.href)).toEqual([
      page().paging.first,
      page().paging.previous,
      page().paging.next,
      page().paging.last,
    ]);
  });
});

describe("Atom 1.0: what feed's output lacks, adapted", () => {
  it("the root carries xml:lang (feed writes only the namespace)", () => {
    expect(feed.attrs).toEqual({ xmlns: "http://www.w3.org/2005/Atom", "xml:lang": "en" });
  });

  it("the title as summary, no content, for an empty body, not an empty <p></p>", () => {
    const empty = one(parseStrict(toAtom(page([emptyItem()]))), "entry");
    expect(all(empty, "content")).toEqual([]);
    expect(all(empty, "summary").map((e) => [e.attrs.type, e.text])).toEqual([["text", TEXT.title]]);
  });

  it('entry titles as type="text" (feed writes type="html" CDATA, and readers show an escaped `&amp;`)', () => {
    expect(one(entry, "title").attrs.type).toBe("text");
    expect(one(entry, "title").cdata).toBe(false);
  });

  it("summary and content with two `]]>` (feed has no entry extensions, and its CDATA splits only the first)", () => {
    const html = "<p>a ]]> b ]]> c</p>";
    const other = one(parseStrict(toAtom(page([item({ contentHtml: html })]))), "entry");
    expect(one(other, "content").text).toContain(html);
    expect(one(other, "summary").attrs.type).toBe("html");
  });

  it("paging links with escaped attribute values (feed writes a bare `&`)", () => {
    expect(xml).toContain('<link rel="next" href="https://news.example.com/rss.xml?page=3&amp;limit=1"');
    expect(xml).not.toMatch(/href="[^"]*&(?!amp;)/);
  });

  it("a literal `&amp;` in the feed's subtitle (feed's writer turns it into `&`)", () => {
    const other = one(parseStrict(toAtom({ ...page(), description: "A &amp; B" })), "feed");
    expect(one(other, "subtitle").text).toBe("A &amp; B");
  });

  it("a CSS stylesheet instead of feed's XSLT one", () => {
    expect(xml).toContain('<?xml-stylesheet type="text/css" href="/feed.css?v=1&amp;x=2"?>');
    expect(xml).not.toContain("text/xsl");
  });

  it("paging links ahead of the entries", () => {
    const names = feed.children.map((c) => c.name);
    expect(names.lastIndexOf("link")).toBeLessThan(names.indexOf("entry"));
  });
});
