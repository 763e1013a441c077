import { describe, expect, it } from "vitest";
import { absolutize, inlineText, renderBody, renderInline } from "../../src/content/markdown.js";
import { xmlChars } from "../../src/xml-chars.js";

const POST_URL = "https://news.example/posts/a";
const body = (markdown: string) => renderBody(markdown, POST_URL);

/** Code points XML 1.0 cannot carry at all: C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF. */
function xmlForbidden(text: string): string[] {
  const bad: string[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    const control = c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
    if (control || c === 0xfffe || c === 0xffff || (c >= 0xd800 && c <= 0xdfff)) {
      bad.push(`U+${c.toString(16).toUpperCase().padStart(4, "0")}`);
    }
  }
  return bad;
}

/** The hrefs (or srcs) in some HTML, in order. */
const attrs = (html: string, name: "href" | "src") =>
  [...html.matchAll(new RegExp(`${name}="([^"]*)"`, "g"))].map((m) => m[1]);

describe("renderBody: Markdown", () => {
  it("renders CommonMark", () => {
    const html = body("# Title\n\nSome *em* and **strong** and `code`.\n\n> quote\n\n- one\n- two\n");
    expect(html).toContain('<h1 id="title">Title</h1>');
    expect(html).toContain("<em>em</em>");
    expect(html).toContain("<strong>strong</strong>");
    expect(html).toContain("<code>code</code>");
    expect(html).toMatch(/<blockquote>\s*<p>quote<\/p>\s*<\/blockquote>/);
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
  });

  it("renders a GFM table as <table>", () => {
    const html = body("| City | Pop |\n| --- | ---: |\n| Tokyo | 14 |\n");
    expect(html).toMatch(/^<table>/);
    expect(html).toMatch(/<th>City<\/th>/);
    expect(html).toMatch(/<td[^>]*>Tokyo<\/td>/);
    expect(html).toMatch(/<td[^>]*>14<\/td>/);
    expect(html).toContain("</table>");
  });

  it("keeps an ordered list's start number", () => {
    expect(body("5. five\n6. six\n")).toContain('<ol start="5">');
  });

  it("escapes markup inside code", () => {
    expect(body("`<script>`")).toBe("<p><code>&lt;script&gt;</code></p>");
  });

  it("keeps fenced code blocks with their language-* class", () => {
    const html = body("```ts\nconst a = 1 < 2;\n```\n");
    expect(html).toContain('<pre><code class="language-ts">');
    expect(html).toContain("const a = 1 &lt; 2;");
  });

  it("keeps language-* classes but drops other classes", () => {
    expect(body('<pre><code class="language-js evil">x</code></pre>')).toContain('<code class="language-js">');
    expect(body('<p class="c" id="x" lang="ar" dir="rtl">t</p>')).toBe('<p id="x" lang="ar" dir="rtl">t</p>');
  });

  it("keeps <figure> and <figcaption>", () => {
    const html = body('<figure><img src="/img/a.jpg" alt="A"><figcaption>The caption</figcaption></figure>');
    expect(html).toMatch(/^<figure><img [^>]*alt="A"[^>]*\/?><figcaption>The caption<\/figcaption><\/figure>$/);
  });

  it("keeps details/summary, sup/sub, del/ins", () => {
    const html = body("<details><summary>S</summary>D</details>\n\n<sup>1</sup><sub>2</sub><del>d</del><ins>i</ins>");
    for (const tag of ["details", "summary", "sup", "sub", "del", "ins"]) expect(html).toContain(`<${tag}>`);
  });
});

describe("renderBody: sanitizing", () => {
  it("removes <script> and its content", () => {
    const html = body("Hi <script>alert(1)</script> there\n\n<script>\nalert(2)\n</script>\n");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("alert");
    expect(html).toContain("Hi");
    expect(html).toContain("there");
  });

  it("removes <iframe>, <object>, <embed>, <base>, <meta>, <link>, <style>", () => {
    const html = body(
      '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x">' +
        '<base href="https://evil.example/"><meta http-equiv="refresh" content="0"><link rel="stylesheet" href="x">' +
        "<style>body{display:none}</style>ok",
    );
    expect(html).not.toMatch(/<(iframe|object|embed|base|meta|link|style)\b/i);
    expect(html).not.toContain("display:none");
    expect(html).toContain("ok");
  });

  it("removes event handlers such as onclick= and onerror=", () => {
    const html = body('<p onclick="alert(1)">x</p>\n\n<img src="a.png" onerror="alert(2)">');
    expect(html).not.toMatch(/\bon\w+=/i);
    expect(html).not.toContain("alert");
    expect(html).toContain("<p>x</p>");
  });

  it.each([
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<A HREF="JAVASCRIPT:alert(1)">x</A>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="javascript:alert(1)">',
  ])("removes javascript: URLs: %s", (markdown) => {
    const html = body(markdown);
    // Markdown may leave a refused link as plain text; what matters is that no URL attribute carries it.
    for (const url of [...attrs(html, "href"), ...attrs(html, "src")]) expect(url).not.toMatch(/script:/i);
    expect(html).not.toMatch(/<[^>]+(href|src)\s*=\s*["']?\s*(java|vb)/i);
    expect(html).not.toMatch(/<[^>]+script:/i);
  });

  it("removes <form> and its controls", () => {
    const html = body('<form action="https://evil.example/steal"><input name="pw"><button>Go</button></form>');
    expect(html).not.toMatch(/<(form|input|button)\b/i);
    expect(html).not.toContain("evil.example");
  });

  it("removes <svg><script>", () => {
    const html = body("<svg><script>alert(1)</script></svg>\n\n<svg onload=alert(2)><circle/></svg>");
    expect(html).not.toMatch(/<svg|<script|onload/i);
    expect(html).not.toContain("alert");
  });

  it("removes style attributes (and CSS expressions with them)", () => {
    const html = body('<p style="width: expression(alert(1)); background: url(javascript:alert(2))">s</p>');
    expect(html).toBe("<p>s</p>");
  });

  it("removes math/xlink tricks and raw <textarea> content", () => {
    const html = body(
      '<math><mi xlink:href="javascript:alert(1)">x</mi></math>\n\n<textarea><script>alert(2)</script></textarea>',
    );
    expect(html).not.toMatch(/xlink|javascript|<math|<textarea|<script/i);
  });

  it("keeps a data: image src", () => {
    expect(body("![pixel](data:image/png;base64,iVBORw0KGgo=)")).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it("removes a data: link href but keeps the link text", () => {
    for (const markdown of [
      "[l](data:image/png;base64,AAAA)",
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">l</a>',
    ]) {
      const html = body(markdown);
      expect(html, markdown).not.toContain("href=");
      expect(html, markdown).not.toContain("data:");
      expect(html, markdown).toContain("l</a>");
    }
  });

  it("drops target= so links cannot open windows with an opener", () => {
    expect(body('<a href="/x" target="_blank">t</a>')).not.toContain("target");
  });

  // Everything renderBody returns ends up in RSS/Atom XML: a character reference in raw HTML
  // must not come out as a character XML 1.0 forbids.
  it("character references in raw HTML never produce XML-forbidden characters", () => {
    const html = body('<p>a&#1;b&#x8;c&#xFFFE;d&#xFFFF;e</p>\n\n<p><a href="/x" title="t&#2;">x</a></p>');
    expect(xmlForbidden(html)).toEqual([]);
    expect(html).toContain("a");
    expect(html).toContain("e</p>");
  });

  it("character references in Markdown text never produce XML-forbidden characters", () => {
    expect(xmlForbidden(body("a &#1; b &#xFFFE; c &#xFFFF; d"))).toEqual([]);
  });
});

describe("renderBody: links and images", () => {
  it("makes /x, x and ../x links absolute against the post URL", () => {
    const html = body("[a](/x) [b](x) [c](../x) [d](?q=1)");
    expect(attrs(html, "href")).toEqual([
      "https://news.example/x",
      "https://news.example/posts/x",
      "https://news.example/x",
      "https://news.example/posts/a?q=1",
    ]);
  });

  it("makes relative images absolute too", () => {
    const html = body('![a](/img.png) ![b](img.png) ![c](../img.png)\n\n<img src="raw.png">');
    expect(attrs(html, "src")).toEqual([
      "https://news.example/img.png",
      "https://news.example/posts/img.png",
      "https://news.example/img.png",
      "https://news.example/posts/raw.png",
    ]);
  });

  it("resolves raw HTML links too", () => {
    expect(attrs(body('<a href="../y">y</a>'), "href")).toEqual(["https://news.example/y"]);
  });

  it("keeps #anchor, mailto: and absolute links as they are", () => {
    const html = body("[d](#anchor) [e](mailto:desk@news.example) [f](https://other.example/y?z=1#k)");
    expect(attrs(html, "href")).toEqual(["#anchor", "mailto:desk@news.example", "https://other.example/y?z=1#k"]);
  });

  it("keeps a link title", () => {
    expect(body('[t](/x "The title")')).toContain('title="The title"');
  });
});

describe("renderInline", () => {
  it("renders inline Markdown without a paragraph", () => {
    const html = renderInline("**A combat-ready base:** the [Pentagon](/x) wants", POST_URL);
    expect(html).toBe('<strong>A combat-ready base:</strong> the <a href="https://news.example/x">Pentagon</a> wants');
  });

  it("sanitizes too", () => {
    const html = renderInline(
      'x <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">y</a>',
      POST_URL,
    );
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
    expect(html).not.toContain("alert");
  });
});

describe("inlineText", () => {
  it("strips emphasis, links, code and HTML, keeping the words", () => {
    expect(inlineText("**A combat-ready base:** the `Pentagon` [wants](/x) <b>a</b> base")).toBe(
      "A combat-ready base: the Pentagon wants a base",
    );
  });

  it("decodes entities into plain characters", () => {
    expect(inlineText("Tom &amp; Jerry &lt;3")).toBe("Tom & Jerry <3");
  });

  it("joins lines and collapses whitespace", () => {
    expect(inlineText("  one\ntwo   three  ")).toBe("one two three");
  });

  it("never returns markup", () => {
    const text = inlineText("*a* <i>b</i> [c](/d) ![e](f.png) <script>x</script>");
    expect(text).not.toMatch(/[<>*[\]]/);
  });
});

describe("absolutize", () => {
  it("resolves relative references against the base", () => {
    expect(absolutize("/x", POST_URL)).toBe("https://news.example/x");
    expect(absolutize("x", POST_URL)).toBe("https://news.example/posts/x");
    expect(absolutize("../x", POST_URL)).toBe("https://news.example/x");
    expect(absolutize("  /x  ", POST_URL)).toBe("https://news.example/x");
  });

  it("leaves empty values, anchors and URLs with a scheme alone", () => {
    expect(absolutize("", POST_URL)).toBe("");
    expect(absolutize("#top", POST_URL)).toBe("#top");
    expect(absolutize("mailto:a@b.example", POST_URL)).toBe("mailto:a@b.example");
    expect(absolutize("https://o.example/", POST_URL)).toBe("https://o.example/");
  });
});

describe("xmlChars", () => {
  it("(the checker these tests use does see forbidden characters)", () => {
    expect(xmlForbidden("a\u0001\t\uFFFE\uD800\u{1F600}")).toEqual(["U+0001", "U+FFFE", "U+D800"]);
  });

  it("removes C0 controls except tab, LF and CR", () => {
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("");
    expect(xmlChars(`a${controls}b`)).toBe("a\t\n\rb");
  });

  it("removes lone surrogates but keeps surrogate pairs", () => {
    expect(xmlChars("a\uD800b\uDC00c\uDBFF")).toBe("abc");
    expect(xmlChars("\uD83D\uDE00")).toBe("😀");
    expect(xmlChars("\u{10000}")).toBe("\u{10000}");
  });

  it("removes U+FFFE and U+FFFF", () => {
    expect(xmlChars("a\uFFFEb\uFFFFc")).toBe("abc");
  });

  it("keeps emoji, RTL/LTR marks and ordinary non-ASCII text", () => {
    const text = "Tōkyō 日本 שלום \u200F\u200E\u202B 😀👩‍👩‍👧 e\u0301";
    expect(xmlChars(text)).toBe(text);
  });

  it("returns clean text unchanged", () => {
    const text = "Plain <b>text</b> & entities\twith\ttabs\r\nand lines";
    expect(xmlChars(text)).toBe(text);
  });

  it("is applied to rendered Markdown", () => {
    const html = body("a\u0001b\u0008c\uFFFEd\uD800e 😀 \u200F");
    expect(xmlForbidden(html)).toEqual([]);
    expect(html).toContain("😀");
    expect(html).toContain("\u200F");
  });

  it("is applied to inline text", () => {
    expect(inlineText("a\u0001b\uFFFFc")).toBe("abc");
  });
});
