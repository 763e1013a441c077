import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { siteRoutes } from "../routes.js";
import { allItems, fromDir } from "../support/site-data.js";

// A change to site.yaml rebuilds only what the changed setting affects, counted by the build's
// own `work` (posts parsed, items rendered), and serves the same site a fresh build would.
describe("rebuilding after site.yaml changed", () => {
  const root = mkdtempSync(join(tmpdir(), "feedloom-settings-build-"));
  const posts = join(root, "posts");
  cpSync("posts", posts, { recursive: true });
  const configFile = join(root, "site.yaml");
  const now = new Date("2026-11-25T00:00:00Z");
  const build = (outDir: string, yaml: string) => {
    writeFileSync(configFile, yaml);
    return buildSite({ postsDir: posts, publicDir: "public", outDir, env: {}, configFile, now });
  };
  const out = join(root, "out");
  const BASE = "title: The First Title\ncacheMaxAge: 300\n";
  const first = build(out, BASE);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Every item's JSON and the manifest, as a fresh build with `yaml` writes them. */
  const freshData = (yaml: string) => {
    const dir = mkdtempSync(join(root, "fresh-"));
    build(dir, yaml);
    return { items: allItems(fromDir(dir)), manifest: readFileSync(join(dir, "_data/manifest.json"), "utf8") };
  };

  it("parsed and rendered every post the first time", () => {
    expect(first.work).toEqual({ parsed: 12, rendered: 12 });
  });

  it("a run-time setting: parses and renders nothing, keeps the build id, and the server uses the new value", async () => {
    const output = build(out, "title: The First Title\ncacheMaxAge: 42\n");
    expect(output.work).toEqual({ parsed: 0, rendered: 0 });
    expect(output.changed).toEqual([]);
    expect(output.manifest.buildId).toBe(first.manifest.buildId);
    const response = await createNodeApp(out).request("/rss.xml");
    expect(response.headers.get("cache-control")).toBe("public, max-age=42, stale-while-revalidate=3600");
    // The server's own environment still wins over what the build saw.
    const overridden = await createNodeApp(out, { CACHE_MAX_AGE: "7" }).request("/rss.xml");
    expect(overridden.headers.get("cache-control")).toBe("public, max-age=7, stale-while-revalidate=3600");
  });

  it("the title: parses and renders no post, writes no item, and every feed and page shows the new title", async () => {
    const yaml = "title: A Second Title\ncacheMaxAge: 42\n";
    const output = build(out, yaml);
    expect(output.work).toEqual({ parsed: 0, rendered: 0 });
    // buildSite writes a full build's files as they are made: those are `streamed`, not kept.
    expect([...output.files.keys(), ...output.streamed]).toEqual(["_data/manifest.json"]);
    expect(output.manifest.buildId).not.toBe(first.manifest.buildId);

    const app = createNodeApp(out);
    const routes = siteRoutes(output.manifest, [...allItems(fromDir(out)).keys()]);
    let checked = 0;
    for (const path of routes) {
      const response = await app.request(path);
      const type = response.headers.get("content-type") ?? "";
      const body = await response.text();
      if (!/html|xml|json|opml/.test(type) || (response.status >= 300 && response.status !== 404)) continue;
      expect(body, path).toContain("A Second Title");
      expect(body, path).not.toContain("The First Title");
      checked++;
    }
    expect(checked).toBeGreaterThan(80);
    const fresh = freshData(yaml);
    expect(readFileSync(join(out, "_data/manifest.json"), "utf8")).toBe(fresh.manifest);
    expect(allItems(fromDir(out))).toEqual(fresh.items);
  });

  it("the base URL: renders every item again (its links), and only then", () => {
    const yaml = "title: A Second Title\ncacheMaxAge: 42\nbaseUrl: https://news.example.com\n";
    const output = build(out, yaml);
    expect(output.work.rendered).toBe(12);
    // Each post is read again for its body, not to parse its front matter anew.
    expect(output.work.parsed).toBe(12);
    expect(allItems(fromDir(out))).toEqual(freshData(yaml).items);
    expect(build(out, yaml).work).toEqual({ parsed: 0, rendered: 0 });
  });

  it("the author: parses every post again (the byline of a post that names none)", () => {
    const yaml = "title: A Second Title\ncacheMaxAge: 42\nbaseUrl: https://news.example.com\nauthor:\n  name: Desk\n";
    const output = build(out, yaml);
    expect(output.work.parsed).toBeGreaterThanOrEqual(12);
    expect(allItems(fromDir(out))).toEqual(freshData(yaml).items);
  });
});
