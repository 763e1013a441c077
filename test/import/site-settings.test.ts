import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { siteFileSchema } from "../../src/config/site-config.js";
import { importSite, siteYaml } from "../../src/import/site-settings.js";
import { type GeneratorName, writeGeneratorSite } from "../fixtures/generator-sites.js";

/** `npm run import`: each generator's config becomes valid site.yaml settings. */

function imported(name: GeneratorName) {
  const root = writeGeneratorSite(name);
  const site = importSite(root, dirname(root), dirname(root));
  return { root, site };
}

describe("npm run import", () => {
  it.each([
    [
      "jekyll",
      {
        title: "Quill Notes",
        baseUrl: "https://quill.example",
        author: { name: "Ada Quill" },
        permalink: "/news/:year/:month/:day/:title/",
      },
      "site/_posts",
    ],
    [
      "hugo",
      {
        title: "Harbour Log",
        baseUrl: "https://hugo-blog.example",
        language: "en-gb",
        description: "Logbook of the harbour",
        permalink: "/blog/:year/:month/:slug/",
      },
      "site/content/blog",
    ],
    [
      "zola",
      {
        title: "Kiln Diary",
        baseUrl: "https://zola-blog.example",
        author: { name: "Kim Kiln" },
        permalink: "/blog/:slug/",
      },
      "site/content/blog",
    ],
    [
      "eleventy",
      {
        title: "Engine Room",
        baseUrl: "https://eleventy-blog.example",
        author: { name: "Eli Venty" },
        permalink: "/blog/:path/",
      },
      "site/src/blog",
    ],
    ["astro", { baseUrl: "https://astro-blog.example", permalink: "/blog/:path/" }, "site/src/content/blog"],
  ] as const)("reads a %s site's settings and finds its posts", (name, expected, postsDir) => {
    const { site } = imported(name);
    expect(site.generator).toBe(name);
    expect(site.postsDir).toBe(postsDir);
    expect(site.settings).toMatchObject({ ...expected, generator: name, siteRoot: "site", feedIds: "url" });
  });

  it("writes a site.yaml that the settings schema accepts", () => {
    for (const name of ["jekyll", "hugo", "zola", "eleventy", "astro"] as const) {
      const { root, site } = imported(name);
      expect(siteFileSchema.safeParse(parse(siteYaml(site, root))).success, name).toBe(true);
    }
  });

  it("says what it could not carry over", () => {
    const jekyll = imported("jekyll").site;
    expect(jekyll.notes).toEqual(expect.arrayContaining([expect.stringMatching(/jekyll-tabs/)]));
    // Its time zone is carried over: zone-less dates and old URLs' days are read in it.
    expect(jekyll.settings.timeZone).toBe("Europe/Paris");
    expect(jekyll.notes.some((note) => /^timezone:/.test(note))).toBe(false);
    expect(imported("hugo").site.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^theme:/), expect.stringMatching(/shortcodes \(alert\)/)]),
    );
  });

  it("declares the posts' front-matter keys that mean nothing here as known", () => {
    expect(imported("jekyll").site.settings.frontMatter).toEqual({ known: ["mood"] });
    expect(imported("astro").site.settings.frontMatter).toBeUndefined();
  });

  it("imports nothing from a folder that is no generator's site", () => {
    const site = importSite(dirname(writeGeneratorSite("astro")));
    expect(site.generator).toBeUndefined();
    expect(site.notes.at(-1)).toMatch(/no Jekyll, Hugo, Zola, Eleventy or Astro config/);
  });
});
