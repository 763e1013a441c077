import { describe, expect, it } from "vitest";
import {
  descriptionHtml,
  feedHtml,
  LeadFigure,
  leadFigureHtml,
  RelatedSection,
  relatedHtml,
} from "../../src/present/fragments.js";
import type { ItemImage, RelatedRef } from "../../src/store/data-layout.js";
import { item } from "../feed/hostile-page.js";

const image: ItemImage = { url: "https://x.example/a.jpg?w=1&h=2", alt: `a "b"`, caption: "C & <d>", credit: "E" };
const related: RelatedRef[] = [
  {
    slug: "d",
    id: "tag:x,2025:/posts/d",
    title: "D & <co>",
    url: "https://x.example/posts/d",
    published: "2025-05-04T10:00:00.000Z",
  },
  {
    slug: "日本",
    id: "tag:x,2025:/posts/e",
    title: "E",
    url: "https://x.example/posts/e",
    published: "2025-05-05T10:00:00.000Z",
    image: { url: "https://x.example/e.jpg", alt: "", width: 800, height: 450 },
  },
];
const page = async (node: unknown) => String(await (node as { toString(): Promise<string> | string }).toString());

describe("fragments for feeds: HTML strings, escaped once", () => {
  it("the lead figure with caption and credit, and its size when known", () => {
    expect(leadFigureHtml({ ...image, width: 800, height: 450 })).toBe(
      '<figure class="lead-image"><img src="https://x.example/a.jpg?w=1&amp;h=2" alt="a &quot;b&quot;" width="800" height="450">' +
        "<figcaption>C &amp; &lt;d&gt; <small>Images source: E</small></figcaption></figure>",
    );
  });

  it("a credit alone has no space ahead of it; no caption or credit, no figcaption; no image, nothing", () => {
    expect(leadFigureHtml({ url: "u", alt: "", credit: "E" })).toContain("<figcaption><small>Images source: E</small>");
    expect(leadFigureHtml({ url: "u", alt: "" })).toBe('<figure class="lead-image"><img src="u" alt=""></figure>');
    expect(leadFigureHtml(undefined)).toBe("");
  });

  it("the Related block links the posts' own URLs, in order; none, nothing", () => {
    expect(relatedHtml(related)).toBe(
      '<section class="related"><h2>Related content</h2><ul><li><a href="https://x.example/posts/d">D &amp; &lt;co&gt;</a></li>' +
        '<li><a href="https://x.example/posts/e">E</a></li></ul></section>',
    );
    expect(relatedHtml([])).toBe("");
  });

  it("an item's feed HTML is the lead figure, the body, then Related content", () => {
    const it = item();
    expect(feedHtml(it)).toBe(leadFigureHtml(it.image) + it.contentHtml + relatedHtml(it.related));
  });

  it("the description: the summary as a list, else the excerpt, else nothing", () => {
    expect(descriptionHtml(item({ summaryHtml: ["<b>a</b>", "b"] }))).toBe("<ul><li><b>a</b></li><li>b</li></ul>");
    expect(descriptionHtml(item({ excerptHtml: "words" }))).toBe("<p>words</p>");
    expect(descriptionHtml(item({ excerptHtml: " " }))).toBe("");
  });
});

describe("fragments for pages: JSX from the same data", () => {
  it("the lead figure styles caption and credit apart", async () => {
    expect(await page(<LeadFigure image={image} />)).toBe(
      '<figure class="lead-image"><img src="https://x.example/a.jpg?w=1&amp;h=2" alt="a &quot;b&quot;"/>' +
        '<figcaption><span class="caption">C &amp; &lt;d&gt;</span><span class="credit">Images source: E</span></figcaption></figure>',
    );
    expect(await page(<LeadFigure image={undefined} />)).toBe("");
  });

  it("the Related block links within the site, with thumbnails at the image's ratio and dates", async () => {
    const html = await page(<RelatedSection related={related} language="en-GB" />);
    expect(html).toContain(
      '<a href="/posts/d">D &amp; &lt;co&gt;</a><time datetime="2025-05-04T10:00:00.000Z">4 May 2025</time>',
    );
    expect(html).toContain(
      `<a href="/posts/${encodeURIComponent("日本")}"><img src="https://x.example/e.jpg" alt="" width="320" height="180"/>E</a>`,
    );
    expect(await page(<RelatedSection related={[]} language="en" />)).toBe("");
  });
});
