import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { listPublicFiles } from "../../src/compiler/public-files.js";
import { findSiteRoot, readSiteSource } from "../../src/compiler/site-data.js";
import { siteFiles } from "../../src/compiler/site-files.js";
import { writeFiles } from "../fixtures/generator-sites.js";
import { allItems, fromDir } from "../support/site-data.js";

/** The site root: found above the posts folder, read only inside itself. */

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "feedloom-site-data-"));
}

describe("findSiteRoot", () => {
  it("is the nearest folder above the posts folder with a generator's config", () => {
    const dir = tmp();
    writeFiles(dir, { "site/hugo.yaml": "title: T\n", "site/content/en/blog/a.md": "x" });
    expect(findSiteRoot(join(dir, "site/content/en/blog"))).toBe(join(dir, "site"));
  });

  it("is none when no config is within four folders", () => {
    const dir = tmp();
    writeFiles(dir, { "a/b/c/d/e/f/post.md": "x", "a/_config.yml": "title: T\n" });
    expect(findSiteRoot(join(dir, "a/b/c/d/e/f"))).toBeUndefined();
  });
});

describe("readSiteSource", () => {
  it("tells Hugo's config.toml from Zola's by their keys", () => {
    const hugo = tmp();
    writeFiles(hugo, { "config.toml": 'baseURL = "https://h.example/"\n[params]\nRepo = "r"\n' });
    expect(readSiteSource(hugo)).toMatchObject({ generator: "hugo", templates: { site: { params: { repo: "r" } } } });
    const zola = tmp();
    writeFiles(zola, { "config.toml": 'base_url = "https://z.example"\n[extra]\nrepo = "r"\n' });
    expect(readSiteSource(zola)).toMatchObject({ generator: "zola", templates: { site: { extra: { repo: "r" } } } });
  });

  it("reads Hugo's config/_default/ folder and its params file", () => {
    const dir = tmp();
    writeFiles(dir, {
      "config/_default/hugo.yaml": "title: Folder config\n",
      "config/_default/params.yaml": "canonical: https://c.example\n",
    });
    expect(readSiteSource(dir).templates.site).toMatchObject({
      title: "Folder config",
      params: { canonical: "https://c.example" },
    });
  });

  it("never runs a JavaScript data file, and says so", () => {
    const dir = tmp();
    writeFiles(dir, { "_config.yml": "title: T\n", "_data/menu.js": "module.exports = {}", "_data/ok.json": "[1]" });
    const source = readSiteSource(dir);
    expect(source.templates.data).toEqual({ ok: [1] });
    expect(source.problems.map((p) => p.message)).toContainEqual(expect.stringContaining("JavaScript"));
  });

  it("reports a broken data file and reads the others", () => {
    const dir = tmp();
    writeFiles(dir, { "_config.yml": "title: T\n", "_data/bad.yml": "a: [\n", "_data/good.yml": "a: 1\n" });
    const source = readSiteSource(dir);
    expect(source.templates.data).toEqual({ good: { a: 1 } });
    expect(source.problems).toHaveLength(1);
  });
});

describe("files outside the site root", () => {
  function siteWithLinksOut() {
    const dir = tmp();
    writeFiles(dir, {
      "secret/passwords.yml": "root: hunter2\n",
      "secret/page.html": "SECRET INCLUDE",
      "secret/key.png": "not an image",
      "site/_config.yml": "title: T\n",
      "site/_data/fine.yml": "a: 1\n",
      "site/assets/ok.png": "png",
      "site/_posts/2024-01-01-post.md":
        "---\ntitle: Post\n---\n\n{{ site.data.passwords.root }}|{% include page.html %}|{% include ../secret/page.html %}\n",
    });
    mkdirSync(join(dir, "site/_includes"));
    symlinkSync(join(dir, "secret/passwords.yml"), join(dir, "site/_data/passwords.yml"));
    symlinkSync(join(dir, "secret/page.html"), join(dir, "site/_includes/page.html"));
    symlinkSync(join(dir, "secret"), join(dir, "site/_data/linked"));
    symlinkSync(join(dir, "secret/key.png"), join(dir, "site/assets/key.png"));
    return dir;
  }

  it("are not read through symbolic links: each is reported", () => {
    const dir = siteWithLinksOut();
    const source = readSiteSource(join(dir, "site"));
    expect(source.templates.data).toEqual({ fine: { a: 1 } });
    expect(source.templates.includes).toEqual({});
    expect(source.problems.filter((p) => /outside the site root/.test(p.message)).length).toBeGreaterThanOrEqual(3);
  });

  it("are not published from a static folder", () => {
    const dir = siteWithLinksOut();
    const source = readSiteSource(join(dir, "site"));
    const files = siteFiles(listPublicFiles(join(dir, "empty-public")), source, join(dir, "site/_posts"));
    expect([...files.files.keys()]).toEqual(["assets/ok.png"]);
  });

  it("never reach a post: neither data, nor an include, nor an include path with ..", () => {
    const dir = siteWithLinksOut();
    const out = join(dir, "out");
    mkdirSync(join(dir, "public"));
    buildSite({ postsDir: join(dir, "site/_posts"), publicDir: join(dir, "public"), outDir: out, env: {} });
    const html = [...allItems(fromDir(out)).values()].map((i) => i.contentHtml).join("");
    expect(html).not.toContain("hunter2");
    expect(html).not.toContain("SECRET");
  });

  it("are not read when siteRoot, relative to site.yaml, names a folder above", () => {
    const dir = siteWithLinksOut();
    writeFileSync(join(dir, "site/site.yaml"), "siteRoot: .\ngenerator: jekyll\n");
    const out = join(dir, "out");
    mkdirSync(join(dir, "public"));
    const output = buildSite({
      postsDir: join(dir, "site/_posts"),
      publicDir: join(dir, "public"),
      outDir: out,
      env: {},
      configFile: join(dir, "site/site.yaml"),
      configRequired: true,
    });
    expect(output.stats.published).toBe(1);
    const html = [...allItems(fromDir(out)).values()].map((i) => i.contentHtml).join("");
    expect(html).not.toContain("hunter2");
  });
});
