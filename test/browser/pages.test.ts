import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { launchChromium, serveSite, watchProblems } from "../support/browser.js";

/** A free loopback port, so the site can be built with the very origin it is served from. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const AXE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");

// The reader's side, in a real browser: index → post → related post → tag page.
describe("pages in Chromium", () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let site: Awaited<ReturnType<typeof serveSite>>;
  let origin: string;

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const out = join(mkdtempSync(join(tmpdir(), "feedloom-pages-")), "site");
    buildSite({ postsDir: "posts", publicDir: "public", outDir: out, env: { SITE_URL: origin } });
    site = await serveSite(out, port);
    ({ browser, close: closeBrowser } = await launchChromium());
    mkdirSync("test-results", { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await closeBrowser?.();
    await site?.close();
  });

  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(origin + path, { waitUntil: "load" });
    return { page, problems };
  }

  it("follows a reader from the index to a post, its related content and a tag page", async () => {
    const { page, problems } = await open("/");
    await expect(page.title()).resolves.toBe("Feedloom News");
    const first = page.locator("ol.post-list li h2 a").first();
    const title = (await first.textContent())?.trim();
    await first.click();
    await page.waitForLoadState("load");
    expect(await page.locator("h1").textContent()).toBe(title);

    // The seed article's shape: category, byline, lead image with credit, summary box, related.
    await page.goto(`${origin}/posts/us-combat-base-japan`);
    await expect(page.locator(".category").first().textContent()).resolves.toBe("World");
    await expect(page.locator(".byline a[rel=author]").first().textContent()).resolves.toBe("Barbara Kwiatkowska");
    await expect(page.locator(".lead-image figcaption .credit").textContent()).resolves.toBe(
      "Images source: © Feedloom sample art | Ines Calder",
    );
    const lead = page.locator(".lead-image img");
    expect(await lead.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBe(800);
    await expect(page.locator(".summary h2").textContent()).resolves.toBe("What do you need to know?");
    expect(await page.locator(".summary li").count()).toBe(3);
    const related = page.locator("section.related li a");
    expect(await related.count()).toBe(3);
    // The pinned related post comes first.
    await expect(related.first().getAttribute("href")).resolves.toBe("/posts/pacific-fisheries-agreement");
    const thumbs = page.locator("section.related img");
    for (let i = 0; i < (await thumbs.count()); i++) {
      expect(await thumbs.nth(i).evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
    }
    await page.screenshot({ path: "test-results/post-page.png", fullPage: true });

    await related.first().click();
    await page.waitForLoadState("load");
    expect(page.url()).toBe(`${origin}/posts/pacific-fisheries-agreement`);
    const tags = await page.locator(".tags a").allTextContents();
    // Related content shares tags with the post it hangs off.
    expect(tags).toEqual(expect.arrayContaining(["Asia-Pacific", "Defence"]));

    await page.locator(".tags a", { hasText: "Asia-Pacific" }).click();
    await page.waitForLoadState("load");
    expect(page.url()).toBe(`${origin}/tags/asia-pacific`);
    const feeds = await page
      .locator('link[rel="alternate"]')
      .evaluateAll((links) => links.map((l) => (l as unknown as { href: string }).href));
    expect(feeds).toEqual(
      expect.arrayContaining([
        `${origin}/tags/asia-pacific/rss.xml`,
        `${origin}/tags/asia-pacific/atom.xml`,
        `${origin}/tags/asia-pacific/feed.json`,
        `${origin}/rss.xml`,
      ]),
    );
    await expect(page.locator(".subscribe a[href$='/tags/asia-pacific/atom.xml']").count()).resolves.toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  for (const path of ["/", "/posts/us-combat-base-japan", "/tags/new-york", "/no-such-page"]) {
    it(`has no serious or critical accessibility violations on ${path} (axe-core), light and dark`, async () => {
      for (const colorScheme of ["light", "dark"] as const) {
        // axe is injected by the test: the site's CSP rightly forbids inline scripts.
        const context = await browser.newContext({ bypassCSP: true, colorScheme });
        const page = await context.newPage();
        await page.goto(origin + path);
        await page.evaluate(AXE);
        const violations = await page.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: unknown[] }> } }).axe;
          const result = await axe.run();
          return (result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[]).map((v) => ({
            id: v.id,
            impact: v.impact,
            targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
          }));
        });
        expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
        await context.close();
      }
    }, 60_000);
  }

  it("keeps its strict CSP without a single violation", async () => {
    for (const path of ["/", "/posts/japan-semiconductor-plant", "/categories/science?page=1"]) {
      const { page, problems } = await open(path);
      expect(problems, path).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
