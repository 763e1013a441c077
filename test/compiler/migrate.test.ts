import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNodeApp } from "../../src/node/site-app.js";
import type { Item } from "../../src/store/data-layout.js";
import { buildGeneratorSite, PNG } from "../fixtures/generator-sites.js";
import { allItems, fromDir } from "../support/site-data.js";

/**
 * A small blog of each generator, imported (`npm run import`) and built in place: its site data,
 * includes and params render, its static files and page bundles are served, its old URLs answer
 * 301, and its feed ids are the old URLs.
 */

function built(name: Parameters<typeof buildGeneratorSite>[0]) {
  const site = buildGeneratorSite(name);
  const items = allItems(fromDir(site.outDir));
  const item = (slug: string) => items.get(slug) as Item;
  return { ...site, items, item, app: createNodeApp(site.outDir) };
}

async function redirectOf(app: ReturnType<typeof createNodeApp>, path: string) {
  const response = await app.request(path);
  return { status: response.status, location: response.headers.get("location") };
}

describe("a Jekyll blog", async () => {
  const { output, item, app, outDir } = built("jekyll");

  it("publishes every post, without errors", () => {
    expect(output.stats).toMatchObject({ published: 2, broken: 0 });
    expect(output.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("reads site.* from _config.yml and site.data.* from _data/ (YAML, CSV, JSON in a folder, TOML)", () => {
    const html = item("release-two").contentHtml;
    expect(html).toContain('href="https://code.example/quill/issues/7"');
    expect(html).toContain("SHA256: 9f2c1e for 2.1.0, build 42.");
    expect(html).toContain("Ada leads; tools at");
    expect(html).toContain('href="https://tools.example/"');
    expect(html).not.toMatch(/\{\{|\{%/);
  });

  it("renders {% include %} from _includes/ with its parameters", () => {
    expect(item("release-two").contentHtml).toContain("<aside>Upgrade soon (Quill Notes)</aside>");
  });

  it("serves the root asset folder, and measures a lead image from it", async () => {
    expect(item("release-two").image).toMatchObject({
      url: "https://quill.example/assets/logo.png",
      width: 2,
      height: 1,
    });
    expect(readFileSync(join(outDir, "assets/logo.png"))).toEqual(PNG);
    expect((await app.request("/assets/logo.png")).status).toBe(200);
  });

  it("gives feed ids as jekyll-feed did (the post URL), and answers the old URLs with a 301", async () => {
    expect(item("first-steps").id).toBe("https://quill.example/news/2024/01/10/first-steps/");
    expect(await redirectOf(app, "/news/2024/01/10/first-steps/")).toEqual({
      status: 301,
      location: "/posts/first-steps",
    });
    expect(await redirectOf(app, "/news/2024/01/10/first-steps")).toEqual({
      status: 301,
      location: "/posts/first-steps",
    });
    expect(await redirectOf(app, "/news/2024/01/10/first-steps/index.html?x=1")).toEqual({
      status: 301,
      location: "/posts/first-steps?x=1",
    });
    expect(await redirectOf(app, "/news/")).toEqual({ status: 301, location: "/" });
    expect((await app.request("/news/2024/01/11/none/")).status).toBe(404);
  });

  it("links written as old URLs resolve (through the 301), and post_url gives the new one", async () => {
    const html = item("release-two").contentHtml;
    expect(html).toContain('href="https://quill.example/posts/first-steps"');
    const old = /href="https:\/\/quill\.example(\/news\/[^"]+)"/.exec(html)?.[1] as string;
    const { location } = await redirectOf(app, old);
    expect((await app.request(location as string)).status).toBe(200);
  });
});

describe("a Jekyll blog on a host of its own (oldSiteUrl)", async () => {
  const site = buildGeneratorSite("jekyll", {
    SITE_URL: "https://blog.quill.example",
    OLD_SITE_URL: "https://quill.example/",
  });
  const app = createNodeApp(site.outDir);

  it("sends the old site's other pages there, and keeps its own paths and old post URLs here", async () => {
    expect(await redirectOf(app, "/docs/history/?a=1")).toEqual({
      status: 301,
      location: "https://quill.example/docs/history/?a=1",
    });
    expect(await redirectOf(app, "/news/2024/01/10/first-steps/")).toEqual({
      status: 301,
      location: "/posts/first-steps",
    });
    expect((await app.request("/posts/no-such-post")).status).toBe(404);
    expect((await app.request("/tags/no-such-tag")).status).toBe(404);
    expect((await app.request("/assets/logo.png")).status).toBe(200);
  });

  it("does nothing on the old site's own origin", async () => {
    const same = buildGeneratorSite("jekyll", { OLD_SITE_URL: "https://quill.example" });
    expect((await createNodeApp(same.outDir).request("/docs/history/")).status).toBe(404);
  });
});

describe("a Hugo blog", async () => {
  const { output, item, app, outDir } = built("hugo");

  it("publishes every post; the section index is skipped with a warning", () => {
    expect(output.stats).toMatchObject({ published: 2, broken: 0 });
    expect(output.problems.map((p) => p.message)).toContainEqual(expect.stringContaining("section index"));
  });

  it("reads {{% param %}} from the config's [params], case-insensitively", () => {
    expect(item("launch").contentHtml).toContain('href="https://old.hugo-blog.example/launch/"');
  });

  it("serves a page bundle's files beside it, as its relative images and lead image", async () => {
    const launch = item("launch");
    expect(launch.contentHtml).toContain('src="https://hugo-blog.example/posts/launch/cover.png"');
    expect(launch.image).toMatchObject({ url: "https://hugo-blog.example/posts/launch/cover.png", width: 2 });
    expect(readFileSync(join(outDir, "posts/launch/cover.png"))).toEqual(PNG);
    expect((await app.request("/posts/launch/cover.png")).status).toBe(200);
    expect((await app.request("/posts/launch")).status).toBe(200);
  });

  it("serves static/ at the root", async () => {
    expect(item("tides-table").contentHtml).toContain('src="https://hugo-blog.example/images/chart.png"');
    expect((await app.request("/images/chart.png")).status).toBe(200);
  });

  it("keeps the old URLs of the [permalinks] pattern and of aliases", async () => {
    expect(item("tides-table").id).toBe("https://hugo-blog.example/blog/2024/05/tides-table/");
    expect(await redirectOf(app, "/blog/2024/05/launch/")).toEqual({ status: 301, location: "/posts/launch" });
    expect(await redirectOf(app, "/old/launch/")).toEqual({ status: 301, location: "/posts/launch" });
  });

  it("redirects a bundle's file at its old place, below the post's old URL", async () => {
    expect(await redirectOf(app, "/blog/2024/05/launch/cover.png")).toEqual({
      status: 301,
      location: "/posts/launch/cover.png",
    });
    expect((await app.request("/blog/2024/05/tides-table/cover.png")).status).toBe(404);
  });

  it("resolves a page bundle's relative link to another post (through the folder it is served from)", async () => {
    const html = item("launch").contentHtml;
    const href = /href="https:\/\/hugo-blog\.example(\/posts\/[^"]*tides[^"]*)"/.exec(html)?.[1] as string;
    expect(href).toBe("/posts/tides/");
    let response = await app.request(href);
    for (let hops = 0; response.status === 301 && hops < 3; hops++) {
      response = await app.request(response.headers.get("location") as string);
    }
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Tides");
  });
});

describe("a Zola blog", async () => {
  const { output, item, app } = built("zola");

  it("publishes every post, its [taxonomies] tags read", () => {
    expect(output.stats).toMatchObject({ published: 2, broken: 0 });
    expect(item("first-firing").tags.map((t) => t.name)).toEqual(["kiln"]);
  });

  it("resolves @/ internal links, shortcodes and static/ images", async () => {
    const html = item("first-firing").contentHtml;
    expect(html).toContain('href="https://zola-blog.example/posts/glaze#colours"');
    expect(html).toContain("youtube.com/watch?v=dQw4w9WgXcQ");
    expect((await app.request("/glaze.png")).status).toBe(200);
  });

  it("takes a post's date and old URL from its path, and redirects its aliases", async () => {
    expect(item("glaze").published).toBe("2024-02-09T00:00:00.000Z");
    expect(item("glaze").id).toBe("https://zola-blog.example/2024/02/09/glaze/");
    expect(await redirectOf(app, "/2024/02/09/glaze/")).toEqual({ status: 301, location: "/posts/glaze" });
    expect(await redirectOf(app, "/2024/02/09/glaze.html")).toEqual({ status: 301, location: "/posts/glaze" });
    expect(await redirectOf(app, "/blog/first-firing/")).toEqual({ status: 301, location: "/posts/first-firing" });
  });
});

describe("an Eleventy blog", async () => {
  const { output, item, app } = built("eleventy");

  it("publishes every post, with global data as top-level variables and includes from src/_includes", () => {
    expect(output.stats).toMatchObject({ published: 2, broken: 0 });
    const html = item("pressure").contentHtml;
    expect(html).toContain("Written for Engine Room.");
    expect(html).toContain("— Eli Venty");
  });

  it("serves the input folder's image folders as they were copied", async () => {
    expect(item("pressure").contentHtml).toContain('src="https://eleventy-blog.example/_img/gauge.png"');
    expect((await app.request("/_img/gauge.png")).status).toBe(200);
  });

  it("answers the old /blog/NAME/ URLs", async () => {
    expect(await redirectOf(app, "/blog/pressure/")).toEqual({ status: 301, location: "/posts/pressure" });
  });
});

describe("an Astro blog", async () => {
  const { output, item, app } = built("astro");

  it("publishes every post, .md and .mdx in subfolders; an empty description is no error", () => {
    expect(output.stats).toMatchObject({ published: 2, broken: 0 });
    expect(item("setup").contentHtml).toContain("Level the mount.");
  });

  it("serves public/ for heroImage and gives the collection URLs as old URLs", async () => {
    expect(item("first").image).toMatchObject({ url: "https://astro-blog.example/hero.png", width: 2, height: 1 });
    expect(item("setup").id).toBe("https://astro-blog.example/blog/guides/setup/");
    expect(await redirectOf(app, "/blog/guides/setup/")).toEqual({ status: 301, location: "/posts/setup" });
  });

  it("resolves images relative to the post's file, as Astro bundles them from src/", async () => {
    const url = "https://astro-blog.example/_site/src/assets/star.png";
    expect(item("first").contentHtml).toContain(`src="${url}"`);
    expect(item("setup").contentHtml).toContain(`src="${url}"`);
    const response = await app.request(new URL(url).pathname);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });
});
