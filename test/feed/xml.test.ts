import { describe, expect, it } from "vitest";
import {
  cdata,
  el,
  escapeAttr,
  escapeHtml,
  escapeText,
  feedText,
  htmlEl,
  textEl,
  writeXml,
} from "../../src/feed/xml.js";
import { all, one, parseStrict } from "../support/xml-dom.js";

const HOSTILE = `Tom & Jerry <b>bold</b> "q" 'a' ]]> &amp; &#x26; café 🎉`;

describe("the rule for each kind of text", () => {
  it("writes RSS plain text with hexadecimal references, Atom and OPML text with entities", () => {
    expect(escapeText("a & <b>", "rss", "title")).toBe("a &#x26; &#x3C;b&#x3E;");
    expect(escapeText("a & <b>", "atom", "title")).toBe("a &amp; &lt;b&gt;");
    expect(escapeText("a & <b>", "opml", "title")).toBe("a &amp; &lt;b&gt;");
  });

  it("writes URLs in RSS element text as attribute values are written, with `&amp;`", () => {
    expect(escapeText("https://x.example/?a=1&b=2", "rss", "link")).toBe("https://x.example/?a=1&amp;b=2");
  });

  it("writes attribute values with `&amp;`, never a numeric reference", () => {
    expect(escapeAttr(`R&D <x> "q"`)).toBe("R&amp;D &lt;x&gt; &quot;q&quot;");
  });

  it("writes text as HTML once for the lead figure and the Related block", () => {
    expect(escapeHtml(`Tom & Jerry <b> "q"`)).toBe("Tom &amp; Jerry &lt;b&gt; &quot;q&quot;");
  });

  it("drops characters XML cannot carry", () => {
    expect(escapeText("a\u0001b\uFFFE", "atom")).toBe("ab");
    expect(escapeAttr("a\u0001b")).toBe("ab");
  });

  for (const format of ["rss", "atom", "opml"] as const) {
    it(`gives back the author's text from a real XML parser (${format})`, () => {
      const doc = el("", {}, [
        el("root", { label: HOSTILE }, [textEl("title", HOSTILE), textEl("link", HOSTILE), htmlEl("content", HOSTILE)]),
      ]);
      const parsed = parseStrict(writeXml(doc, format));
      const root = one(parsed, "root");
      expect(root.attrs.label).toBe(HOSTILE);
      expect(one(root, "title").text).toBe(HOSTILE);
      expect(one(root, "link").text).toBe(HOSTILE);
      expect(one(root, "content").text).toBe(HOSTILE);
      expect(one(root, "content").cdata).toBe(true);
    });
  }

  it("splits every `]]>` of HTML across two CDATA sections", () => {
    const written = cdata("a]]>b]]>c");
    expect(written).toBe("<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]>");
    expect(one(parseStrict(`<x>${written}</x>`), "x").text).toBe("a]]>b]]>c");
  });

  it("indents elements holding elements and keeps text on its line", () => {
    const xml = writeXml(el("", {}, [el("a", {}, [textEl("b", "1"), el("c")])]), "atom");
    expect(xml).toBe('<?xml version="1.0" encoding="utf-8"?>\n<a>\n  <b>1</b>\n  <c/>\n</a>\n');
    expect(all(parseStrict(xml), "b")).toHaveLength(1);
  });
});

describe("feedText (the quirk of feed's XML writer, xml-js, it works around)", () => {
  it("doubles `&amp;`, which xml-js turns back into `&` before escaping", async () => {
    const { js2xml } = await import("xml-js");
    const write = (text: string) => js2xml({ t: { _text: text } }, { compact: true });
    expect(one(parseStrict(write("a&amp;b")), "t").text).toBe("a&b"); // the quirk
    expect(one(parseStrict(write(feedText("a&amp;b & c"))), "t").text).toBe("a&amp;b & c");
  });
});
