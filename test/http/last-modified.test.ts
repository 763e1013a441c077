import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { createNodeApp } from "../../src/node/site-app.js";

// Readers that revalidate with If-Modified-Since only must see every change of a feed.
describe("Last-Modified is when the representation last changed", () => {
  const root = mkdtempSync(join(tmpdir(), "feedloom-last-modified-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const posts = join(root, "posts");
  cpSync("posts", posts, { recursive: true });
  const outDir = join(root, "out");
  let day = 0;
  /** Builds as of one more day later, and answers `path` from the new build. */
  const lastModified = async (path: string) => {
    day++;
    buildSite({ postsDir: posts, publicDir: "public", outDir, env: {}, now: new Date(Date.UTC(2026, 11, day)) });
    const response = await createNodeApp(outDir).request(path);
    expect(response.status).toBe(200);
    return response.headers.get("last-modified");
  };
  const dayOf = (n: number) => new Date(Date.UTC(2026, 11, n)).toUTCString();
  const backdated = "---\ntitle: An old story found again\ndate: 2020-01-01\ntags: [Cities]\n---\nBody.\n";

  it("stays the same when nothing changed", async () => {
    expect(await lastModified("/rss.xml")).toBe(dayOf(1));
    expect(await lastModified("/rss.xml")).toBe(dayOf(1));
    expect(await lastModified("/opml.xml")).toBe(dayOf(1));
  });

  it("changes when a backdated post is added, for its lists, not for the others", async () => {
    const before = await lastModified("/categories/technology/atom.xml");
    writeFileSync(join(posts, "2020-01-01-old-story.md"), backdated);
    expect(await lastModified("/rss.xml")).toBe(dayOf(day));
    expect(await lastModified("/tags/cities/feed.json")).toBe(dayOf(day - 1));
    expect(await lastModified("/categories/technology/atom.xml")).toBe(before);
  });

  it("changes when the newest post is corrected without `updated`, also on the pages showing it", async () => {
    const file = join(posts, "2026-08-04-pacific-fisheries-agreement.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/^title: .*$/m, 'title: "Pacific fisheries deal, corrected"'),
    );
    expect(await lastModified("/atom.xml")).toBe(dayOf(day));
    expect(await lastModified("/posts/pacific-fisheries-agreement")).toBe(dayOf(day - 1));
  });

  it("changes when a post is deleted, and when a list goes away (the OPML)", async () => {
    rmSync(join(posts, "2020-01-01-old-story.md"));
    expect(await lastModified("/opml.xml")).toBe(dayOf(day));
    expect(await lastModified("/rss.xml")).toBe(dayOf(day - 1));
  });
});
