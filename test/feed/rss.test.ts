import { describe, expect, it } from "vitest";
import { toRss } from "../../src/feed/rss.js";
import { feedHtml } from "../../src/present/fragments.js";
import { all, one, parseStrict } from "../support/xml-dom.js";
import { emptyItem, HTML, item, page, TEXT } from "./hostile-page.js";

const xml = toRss(page());
const channel = one(parseStrict(xml), "channel");
const entry = one(channel, "item");

describe("RSS 2.0: each kind of text reads back as the author wrote it", () => {
  it("plain text: titles, bylines, categories, caption and credit", () => {
    expect(one(channel, "title").text).toBe(TEXT.site);
    expect(one(entry, "title").text).toBe(TEXT.title);
    expect(all(entry, "dc:creator").map((c) => c.text)).toEqual([TEXT.author]);
    expect(all(entry, "category").map((c) => c.text)).toEqual([TEXT.category, TEXT.tag]);
    expect(one(entry, "media:description").text).toBe(TEXT.caption);
    expect(one(entry, "media:credit").text).toBe(TEXT.credit);
  });

  it("writes plain text once, with hexadecimal references, never as HTML escaped twice", () => {
    expect(xml).toContain("<title>Tom &#x26; Jerry &#x3C;b&#x3E;bold&#x3C;/b&#x3E;");
    expect(xml).not.toContain("&#x26;amp;b&#x26;");
    expect(xml).not.toMatch(/&amp;amp;|&#x26;#x26;|&#x26;lt;/);
    expect(one(entry, "title").cdata).toBe(false);
  });

  it("HTML: description and content:encoded decode to the HTML exactly, `]]>` and all", () => {
    expect(one(entry, "content:encoded").text).toBe(feedHtml(item()));
    expect(feedHtml(item())).toContain(HTML);
    expect(one(entry, "description").text).toBe("<p>Body with ]]&gt; twice</p>");
  });

  it("URLs: in element text and attributes, with `&amp;`", () => {
    expect(one(entry, "link").text).toBe(item().url);
    expect(one(entry, "media:content").attrs.url).toBe(item().image?.url);
    expect(one(entry, "enclosure").attrs.url).toBe(item().image?.url);
    expect(all(channel, "atom:link").map((l) => [l.attrs.rel, l.attrs.href])).toEqual([
      ["self", page().selfUrl],
      ["first", page().paging.first],
      ["previous", page().paging.previous],
      ["next", page().paging.next],
      ["last", page().paging.last],
    ]);
    expect(xml).toContain('href="https://news.example.com/rss.xml?page=2&amp;limit=1"');
    expect(xml).toContain("<link>https://news.example.com/posts/tom?a=1&amp;b=2</link>");
  });

  it("puts the Atom links ahead of the items, where readers look for them", () => {
    const names = channel.children.map((c) => c.name);
    expect(names.lastIndexOf("atom:link")).toBeLessThan(names.indexOf("item"));
  });
});

describe("RSS 2.0: what feed's output lacks, adapted", () => {
  it("titles with two `]]>` (feed's CDATA splits only the first)", () => {
    expect(one(entry, "title").text).toContain("]]>");
    const other = one(parseStrict(toRss(page([item({ title: "a ]]> b ]]> c" })]))), "item");
    expect(one(other, "title").text).toBe("a ]]> b ]]> c");
  });

  it("a literal `&amp;` in a name (feed's writer turns it into `&`)", () => {
    expect(all(entry, "category")[1]?.text).toContain("a&amp;b");
  });

  it("bylines in dc:creator, not in <author> (an e-mail address in RSS)", () => {
    expect(all(entry, "author")).toEqual([]);
  });

  it("HTML with two `]]>` in content:encoded and description (feed's CDATA splits only the first)", () => {
    const html = "<p>a ]]> b ]]> c</p>";
    const other = one(parseStrict(toRss(page([item({ contentHtml: html, summaryHtml: ["x ]]> y ]]> z"] })]))), "item");
    expect(one(other, "content:encoded").text).toContain(html);
    expect(one(other, "description").text).toBe("<ul><li>x ]]> y ]]> z</li></ul>");
  });

  it("the lead image in Media RSS with its caption and credit (feed has no media:content)", () => {
    expect(one(entry, "media:content").attrs).toEqual({
      url: item().image?.url,
      medium: "image",
      type: "image/jpeg",
      fileSize: "1234",
      width: "800",
      height: "450",
    });
  });

  it("no classic enclosure for an image without a length (feed would write one without)", () => {
    const remote = item({ image: { url: "https://cdn.example.org/a.png", alt: "", type: "image/png" } });
    const other = one(parseStrict(toRss(page([remote]))), "item");
    expect(all(other, "enclosure")).toEqual([]);
    expect(one(other, "media:content").attrs.url).toBe("https://cdn.example.org/a.png");
  });

  it("Atom links with escaped attribute values (feed writes a bare `&`)", () => {
    expect(xml).toContain('<atom:link href="https://news.example.com/rss.xml?page=2&amp;limit=1" rel="self"');
    expect(xml).not.toMatch(/href="[^"]*&(?!amp;)/);
  });

  it("the namespaces of the extensions on the root (feed declares only its own)", () => {
    const root = one(parseStrict(xml), "rss");
    expect(Object.keys(root.attrs)).toEqual(["version", "xmlns:atom", "xmlns:content", "xmlns:dc", "xmlns:media"]);
  });

  it("a CSS stylesheet instead of feed's XSLT one", () => {
    expect(xml).toContain('<?xml-stylesheet type="text/css" href="/feed.css?v=1&amp;x=2"?>');
    expect(xml).not.toContain("text/xsl");
  });

  it("a literal `&amp;` in the channel's title (feed's writer turns it into `&`)", () => {
    const other = one(parseStrict(toRss({ ...page(), title: "A &amp; B" })), "channel");
    expect(one(other, "title").text).toBe("A &amp; B");
  });

  it("no description or content at all for an empty body, not an empty <p></p>", () => {
    const empty = one(parseStrict(toRss(page([emptyItem()]))), "item");
    expect(all(empty, "description")).toEqual([]);
    expect(all(empty, "content:encoded")).toEqual([]);
    expect(one(empty, "title").text).toBe(TEXT.title);
  });
});
