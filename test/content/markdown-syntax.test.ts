import { describe, expect, it } from "vitest";
import { renderBody, renderBodySanitized } from "../../src/content/markdown.js";
import { EMOJI_MARKS, headingId } from "../../src/content/markdown-syntax.js";

const URL = "https://news.example.com/posts/a-post";
/** Renders through the real path, and checks the fast path and the sanitizer agree. */
function html(markdown: string): string {
  const out = renderBody(markdown, URL);
  expect(out).toBe(renderBodySanitized(markdown, URL));
  return out;
}

describe("Markdown as imported blogs write it", () => {
  it("gives headings ids, generated or written `{#id}`", () => {
    expect(html("## What is the base for?")).toBe('<h2 id="what-is-the-base-for">What is the base for?</h2>');
    expect(html("## Install {#setup}")).toBe('<h2 id="setup">Install</h2>');
    expect(html("## A\n\n## A")).toBe('<h2 id="a">A</h2>\n<h2 id="a-1">A</h2>');
  });

  it("takes only ids from `{…}`, never handlers or styles", () => {
    const out = html('Text {onclick="alert(1)" style="color:red" #ok}');
    expect(out).not.toMatch(/onclick|style=/);
  });

  it("renders footnotes", () => {
    const out = html("A claim.[^1]\n\n[^1]: The source.");
    expect(out).toContain('<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>');
    expect(out).toContain('<section class="footnotes">');
    expect(out).toContain("The source.");
  });

  it("links bare URLs", () => {
    expect(html("See https://example.org/a for more.")).toBe(
      '<p>See <a href="https://example.org/a">https://example.org/a</a> for more.</p>',
    );
  });

  it("turns GitHub alerts and ::: containers into the same callout", () => {
    expect(html("> [!NOTE]\n> Read this.")).toBe(
      '<aside class="callout callout-note"><p class="callout-title">Note</p>\n<p>Read this.</p>\n</aside>',
    );
    expect(html(":::warning Mind the gap\nCareful.\n:::")).toBe(
      '<aside class="callout callout-warning"><p class="callout-title">Mind the gap</p>\n<p>Careful.</p>\n</aside>',
    );
    expect(html(":::details More\nHidden.\n:::")).toBe("<details><summary>More</summary>\n<p>Hidden.</p>\n</details>");
  });

  it("escapes the title an author gives an alert or a container", () => {
    expect(html("> [!TIP] <img src=x onerror=alert(1)>\n> x")).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html(":::note <b>x</b>\ny\n:::")).toContain('<p class="callout-title">&lt;b&gt;x&lt;/b&gt;</p>');
  });

  it("turns emoji shortcodes into emoji", () => {
    expect(html("Done :tada:")).toBe("<p>Done 🎉</p>");
  });

  it("turns emoticons into emoji, in a document whose only mark is the emoticon", () => {
    expect(html("Fine ;-) really")).toBe("<p>Fine 😉 really</p>");
    expect(html("I <3 it")).toBe("<p>I ❤️ it</p>");
    expect(html("cool 8-) yes")).toBe("<p>cool 😎 yes</p>");
  });

  it("looks for emoji only where one could be: every shortcode and emoticon has a mark in it", async () => {
    // The plugin's own tables (JavaScript modules without types): what its rule's pattern matches.
    const data = "markdown-it-emoji/lib/data/";
    const names = Object.keys(((await import(`${data}full.mjs`)) as { default: object }).default);
    const shortcuts = Object.values(((await import(`${data}shortcuts.mjs`)) as { default: object }).default).flat();
    expect(names.length).toBeGreaterThan(1000);
    expect(shortcuts.length).toBeGreaterThan(50);
    for (const written of [...names.map((n) => `:${n}:`), ...shortcuts]) expect(written).toMatch(EMOJI_MARKS);
  });

  it("keeps text that only looks like a tag", () => {
    expect(html("It returns Promise<T> and takes <username>.")).toBe(
      "<p>It returns Promise&lt;T&gt; and takes &lt;username&gt;.</p>",
    );
  });
});

describe("harmless HTML survives the sanitizer", () => {
  it("keeps video, audio, source and picture, with absolute URLs", () => {
    const out = renderBody('<video controls poster="/p.jpg"><source src="/v.mp4" type="video/mp4"></video>', URL);
    expect(out).toContain('poster="https://news.example.com/p.jpg"');
    expect(out).toContain('<source src="https://news.example.com/v.mp4" type="video/mp4"');
    expect(renderBody('<audio controls src="a.mp3"></audio>', URL)).toContain(
      'src="https://news.example.com/posts/a.mp3"',
    );
    expect(renderBody('<picture><source srcset="/a.webp"><img src="/a.jpg" alt="A"></picture>', URL)).toContain(
      "<picture>",
    );
  });

  it("turns YouTube and Vimeo embeds into links to the video, and drops other iframes", () => {
    expect(renderBody('<iframe src="https://www.youtube.com/embed/eZ3OrhxUAmU"></iframe>', URL)).toBe(
      '<a href="https://www.youtube.com/watch?v=eZ3OrhxUAmU">Watch the video on YouTube</a>',
    );
    expect(renderBody('<iframe src="https://player.vimeo.com/video/123456"></iframe>', URL)).toContain(
      'href="https://vimeo.com/123456"',
    );
    expect(renderBody('<iframe src="https://evil.example/x"></iframe>', URL)).toBe("");
  });
});

describe("headingId", () => {
  it.each([
    ["What is the base for?", "what-is-the-base-for"],
    ["Défense & sécurité", "défense--sécurité"],
    ["C++ in 2025", "c-in-2025"],
  ])("%j → %j", (text, id) => {
    expect(headingId(text)).toBe(id);
  });
});
