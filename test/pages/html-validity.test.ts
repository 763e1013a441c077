import { readFileSync } from "node:fs";
import { HtmlValidate } from "html-validate";
import { describe, expect, inject, it } from "vitest";
import { createNodeApp } from "../../src/node/site-app.js";
import type { Manifest } from "../../src/store/data-layout.js";
import { listPath, postPath } from "../../src/urls.js";

/** The sample site that test/global-setup.ts compiled. */
const SAMPLE = inject("sampleSite");

// Every page is valid HTML (html-validate's standard and document rules), with alt, width and height on images.
const app = createNodeApp(SAMPLE);
const manifest = JSON.parse(readFileSync(`${SAMPLE}/_data/manifest.json`, "utf8")) as Manifest;
const slugs = ["us-combat-base-japan", "rail-timetable-change", "new-york-heat-warning-system"];
const paths = [
  "/",
  "/?page=2&limit=5",
  ...Object.values(manifest.lists)
    .filter((l) => l.kind !== "site")
    .map((list) => listPath(list)),
  ...slugs.map(postPath),
];
const validator = new HtmlValidate({
  extends: ["html-validate:standard", "html-validate:document"],
  rules: {
    // Long feed URLs are shown as code and break anywhere; titles are the posts' own.
    "long-title": "off",
    // No inline styles: the strict CSP would block them.
    "no-inline-style": "error",
    // Subresource integrity matters for other origins; every stylesheet here is the site's own.
    "require-sri": ["error", { target: "crossorigin" }],
  },
});

describe("HTML of every page", () => {
  for (const path of [...paths, "/no-such-page"]) {
    it(`${path} is valid`, async () => {
      const response = await app.request(path);
      expect(response.status).toBe(path === "/no-such-page" ? 404 : 200);
      const html = await response.text();
      const report = await validator.validateString(html);
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
      );
      expect(messages).toEqual([]);
      for (const img of html.match(/<img\b[^>]*>/g) ?? []) {
        expect(img).toMatch(/\balt="/);
        expect(img).toMatch(/\bwidth="\d+"/);
        expect(img).toMatch(/\bheight="\d+"/);
      }
    });
  }

  it("describes posts for link previews and search engines", async () => {
    const html = await (await app.request("/posts/us-combat-base-japan")).text();
    for (const property of ["og:title", "og:description", "og:image", "og:image:alt", "article:published_time"]) {
      expect(html).toContain(`property="${property}"`);
    }
    expect(html).toContain('name="twitter:card" content="summary_large_image"');
    const json = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)?.[1] ?? "";
    const data = JSON.parse(json);
    expect(data).toMatchObject({
      "@type": "NewsArticle",
      headline: "US plans a new combat base in Japan to bind the alliance closer",
      articleSection: "World",
    });
    expect(data.author[0].name).toBe("Barbara Kwiatkowska");
    expect(data.image[0]).toMatch(/\/images\/us-combat-base-japan\.jpg$/);
  });
});
