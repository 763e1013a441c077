import { SELF } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { describeResponse } from "../../routes.js";

// Runs inside workerd with test/worker/vars/wrangler.toml, whose [vars] set run-time settings.
const ORIGIN = "https://feeds.example";
const nodeRoutes = inject("nodeVarsRoutes");
const vars = inject("nodeVars");

describe("run-time settings from wrangler.toml [vars]", () => {
  it("are the [vars] this project was started with", () => {
    expect(vars).toEqual({
      CACHE_MAX_AGE: "42",
      CACHE_STALE_WHILE_REVALIDATE: "7",
      WEBSUB_HUB: "https://hub.example.com/",
    });
  });

  it("set the cache lifetimes of every response", async () => {
    for (const path of ["/", "/rss.xml", "/posts/pacific-fisheries-agreement"]) {
      const response = await SELF.fetch(ORIGIN + path);
      await response.arrayBuffer();
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=42, stale-while-revalidate=7");
    }
  });

  it("set the WebSub hub that every feed advertises", async () => {
    const atom = await (await SELF.fetch(`${ORIGIN}/tags/japan/atom.xml`)).text();
    expect(atom).toContain('<link rel="hub" href="https://hub.example.com/"/>');
    const json = JSON.parse(await (await SELF.fetch(`${ORIGIN}/feed.json`)).text());
    expect(json.hubs).toEqual([{ type: "WebSub", url: "https://hub.example.com/" }]);
  });

  it("give the same answers, to the byte, as the Node server with those variables in its environment", async () => {
    expect(Object.keys(nodeRoutes).length).toBeGreaterThan(3);
    for (const [path, node] of Object.entries(nodeRoutes)) {
      expect(await describeResponse(await SELF.fetch(ORIGIN + path)), path).toEqual(node);
    }
  });
});
