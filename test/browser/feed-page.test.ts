import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type BrowserElement,
  type BrowserGlobals,
  launchChromium,
  serveSite,
  watchProblems,
} from "../support/browser.js";

// A feed opened in a browser is a readable page, styled by public/feed.css (no XSLT).
describe("feeds opened in Chromium", () => {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let site: Awaited<ReturnType<typeof serveSite>>;

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchChromium());
    site = await serveSite(inject("sampleSite"));
    mkdirSync("test-results", { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await closeBrowser?.();
    await site?.close();
  });

  for (const [path, ns] of [
    ["/rss.xml", ""],
    ["/atom.xml", "http://www.w3.org/2005/Atom"],
  ] as const) {
    it(`renders ${path} as a styled page, not as source text`, async () => {
      const page = await browser.newPage();
      const problems = watchProblems(page);
      const response = await page.goto(site.origin + path);
      expect(response?.headers()["content-type"]).toBe("application/xml; charset=utf-8");
      const styles = await page.evaluate((namespace) => {
        const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
        const el = (name: string) => document.getElementsByTagNameNS(namespace || "", name)[0] as BrowserElement;
        const item = el(namespace ? "entry" : "item");
        const itemTitle = item.getElementsByTagNameNS(namespace || "", "title")[0] as BrowserElement;
        const content = item.getElementsByTagNameNS(
          namespace || "http://purl.org/rss/1.0/modules/content/",
          namespace ? "content" : "encoded",
        )[0] as BrowserElement;
        const root = el(namespace ? "feed" : "channel");
        return {
          itemTitle: getComputedStyle(itemTitle).fontWeight,
          itemDisplay: getComputedStyle(item).display,
          content: getComputedStyle(content).display,
          notice: getComputedStyle(root, "::before").content,
          titles: document.getElementsByTagNameNS(namespace || "", namespace ? "entry" : "item").length,
        };
      }, ns);
      expect(styles.itemDisplay).toBe("flex");
      expect(Number(styles.itemTitle)).toBeGreaterThanOrEqual(600);
      expect(styles.content).toBe("none");
      expect(styles.notice).toContain("feed reader");
      expect(styles.titles).toBe(12);
      await page.screenshot({ path: `test-results/feed-${path.slice(1).replace(".", "-")}.png`, fullPage: false });
      expect(problems).toEqual([]);
      await page.close();
    }, 30_000);
  }

  it("gives feed readers the registered type and the same bytes", async () => {
    const reader = await fetch(`${site.origin}/rss.xml`, { headers: { Accept: "application/rss+xml, */*" } });
    const browserView = await fetch(`${site.origin}/rss.xml`, { headers: { Accept: "text/html,*/*;q=0.8" } });
    expect(reader.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(browserView.headers.get("vary")).toContain("Accept");
    expect(reader.headers.get("etag")).not.toBe(browserView.headers.get("etag"));
    expect(await reader.text()).toBe(await browserView.text());
  });
});
