import { describe, expect, inject, it } from "vitest";
import { createNodeApp } from "../../src/node/site-app.js";

describe("old addresses move permanently to the canonical ones", () => {
  const app = createNodeApp(inject("sampleSite"));
  it.each([
    ["/posts/us-combat-base-japan/", "/posts/us-combat-base-japan"],
    ["/tags/japan/", "/tags/japan"],
    ["/categories/world/?page=2", "/categories/world?page=2"],
    ["/feed/", "/rss.xml"],
    ["/tags/japan/feed", "/tags/japan/rss.xml"],
  ])("%s → %s", async (from, to) => {
    const response = await app.request(from);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(to);
  });
});
