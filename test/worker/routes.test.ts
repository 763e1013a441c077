import { SELF } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { describeResponse, ENCODED_DATA_PATHS, type RouteResult } from "../routes.js";

// Runs inside workerd: the Worker reads the compiled sample site from Static Assets.
const routes = inject("nodeRoutes");
const probes = inject("nodeProbes");
const ORIGIN = "https://feeds.example";

/** Static Assets sets its own validators on files; everything else must match to the byte. */
function comparable(path: string, result: RouteResult) {
  return path.endsWith(".css") ? { ...result, etag: null, lastModified: null, cacheControl: null } : result;
}

describe("the Worker answers the whole walk of the site like the Node server", () => {
  it("has requests to make", () => {
    expect(Object.keys(routes).length).toBeGreaterThan(80);
    expect(Object.keys(probes).length).toBeGreaterThan(100);
  });

  for (const [path, node] of Object.entries(routes)) {
    it(`GET ${path}`, async () => {
      const worker = await describeResponse(await SELF.fetch(ORIGIN + path, { redirect: "manual" }));
      expect(comparable(path, worker)).toEqual(comparable(path, node));
    });
  }

  for (const [name, { probe, result }] of Object.entries(probes)) {
    it(name, async () => {
      const response = await SELF.fetch(ORIGIN + probe.path, {
        method: probe.method,
        redirect: "manual",
        ...(probe.headers && { headers: probe.headers }),
      });
      expect(await describeResponse(response)).toEqual(result);
    });
  }

  it("serves the RSS feed with the items in newest-first order", async () => {
    const xml = await (await SELF.fetch(`${ORIGIN}/rss.xml`)).text();
    const dates = [...xml.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) => Date.parse(m[1] as string));
    expect(dates.length).toBe(12);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });
});

describe("the Worker's private files", () => {
  it("never serves the data files, however `_data` is percent-encoded", async () => {
    for (const path of ["/_data/manifest.json", ...ENCODED_DATA_PATHS]) {
      const response = await SELF.fetch(ORIGIN + path);
      const body = await response.text();
      expect(response.status, path).toBe(404);
      expect(body, path).not.toContain('"buildId"');
    }
  });
});

describe("the Worker's edge cache", () => {
  it("answers a repeated request from the Cache API with the same bytes", async () => {
    const path = "/tags/europe/atom.xml?page=2&limit=2";
    const first = await SELF.fetch(ORIGIN + path);
    const firstBody = await first.text();
    expect(first.headers.get("x-cache")).toBe("MISS");
    let second = await SELF.fetch(ORIGIN + path);
    // cache.put runs after the response (waitUntil): give it a moment.
    for (let i = 0; i < 20 && second.headers.get("x-cache") !== "HIT"; i++) {
      await second.arrayBuffer();
      await new Promise((r) => setTimeout(r, 50));
      second = await SELF.fetch(ORIGIN + path);
    }
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(await second.text()).toBe(firstBody);

    const revalidated = await SELF.fetch(ORIGIN + path, {
      headers: { "if-none-match": first.headers.get("etag") as string },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("x-cache")).toBe("HIT");
    expect(await revalidated.text()).toBe("");
  });

  it("keeps browser and feed-reader representations apart", async () => {
    const reader = await SELF.fetch(`${ORIGIN}/categories/world/rss.xml`);
    const browser = await SELF.fetch(`${ORIGIN}/categories/world/rss.xml`, { headers: { accept: "text/html" } });
    expect(reader.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(browser.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(await browser.text()).toBe(await reader.text());
  });
});
