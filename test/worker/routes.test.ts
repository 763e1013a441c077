import { SELF } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { describeResponse } from "../routes.js";

// Runs inside workerd: the Worker reads the compiled sample site from Static Assets.
const expected = inject("nodeRoutes");

describe("the Worker answers every route like the Node server", () => {
  it("has routes to check", () => {
    expect(Object.keys(expected).length).toBeGreaterThan(50);
  });

  for (const [route, node] of Object.entries(expected)) {
    it(`GET ${route}`, async () => {
      const response = await SELF.fetch(`https://feeds.example${route}`);
      const worker = await describeResponse(response);
      if (route.endsWith(".css")) {
        // Static Assets sets its own validators; the bytes must still match.
        expect({ ...worker, etag: null }).toEqual({ ...node, etag: null });
      } else {
        expect(worker).toEqual(node);
      }
    });
  }

  it("serves the RSS feed with the items in newest-first order", async () => {
    const xml = await (await SELF.fetch("https://feeds.example/rss.xml")).text();
    const dates = [...xml.matchAll(/<pubDate>([^<]+)<\/pubDate>/g)].map((m) => Date.parse(m[1] as string));
    expect(dates.length).toBe(12);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });
});
