import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { allItems, fromDir } from "../support/site-data.js";

// A post whose body reads the site's settings through template syntax ({{ site.title }}) is
// parsed again when those settings change; the others are not, and the result equals a fresh build.
describe("a post with template syntax, after a settings change", () => {
  const root = mkdtempSync(join(tmpdir(), "feedloom-templated-"));
  const posts = join(root, "posts");
  cpSync("posts", posts, { recursive: true });
  writeFileSync(
    join(posts, "2026-01-05-templated.md"),
    "---\ntitle: Templated\ndate: 2026-01-05\n---\nWelcome to {{ site.title }}.\n",
  );
  const configFile = join(root, "site.yaml");
  const now = new Date("2026-11-25T00:00:00Z");
  const build = (outDir: string, title: string) => {
    writeFileSync(configFile, `title: ${title}\n`);
    return buildSite({ postsDir: posts, publicDir: "public", outDir, env: {}, configFile, now });
  };
  const out = join(root, "out");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("parses and renders that one post again, and shows the new title", () => {
    build(out, "First Title");
    expect(allItems(fromDir(out)).get("templated")?.contentHtml).toContain("Welcome to First Title.");
    const output = build(out, "Second Title");
    expect(output.work).toEqual({ parsed: 1, rendered: 1 });
    const items = allItems(fromDir(out));
    expect(items.get("templated")?.contentHtml).toContain("Welcome to Second Title.");

    const fresh = join(root, "fresh");
    build(fresh, "Second Title");
    expect(items).toEqual(allItems(fromDir(fresh)));
  });

  it("nothing again when the settings stay", () => {
    expect(build(out, "Second Title").work).toEqual({ parsed: 0, rendered: 0 });
  });
});
