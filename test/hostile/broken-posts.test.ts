import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { DATA_PREFIX } from "../../src/store/data-layout.js";
import { itemJson } from "../support/site-data.js";
import { checkWellFormedXml, parseWithFeedparser, validateAtomMany, validateJsonFeed } from "../support/validators.js";
import { SITE_URL, yamlFrontMatter } from "./support.js";

/**
 * Issue 6: broken posts among valid ones. Every broken post is reported with its file, line
 * and field; every valid post is published exactly as it would be without the broken ones;
 * and a site with nothing (or nothing valid) to publish serves valid empty feeds and a
 * friendly front page.
 */

const SEED = Number(process.env.FC_SEED ?? 20261125);
const tmp = mkdtempSync(join(tmpdir(), "feedloom-broken-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let dirs = 0;
function build(files: Record<string, string | Uint8Array>) {
  const dir = join(tmp, `site-${++dirs}`);
  return buildIn(dir, files, join(dir, "out"));
}

/** Adds `files` to `dir`'s posts folder and builds it into `outDir`. */
function buildIn(dir: string, files: Record<string, string | Uint8Array>, outDir: string) {
  mkdirSync(join(dir, "posts"), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, "posts", name), content);
  // One build time for every build: the manifest records when lists changed.
  const now = new Date("2026-11-25T00:00:00Z");
  const output = buildSite({ postsDir: join(dir, "posts"), publicDir: "public", outDir, env: { SITE_URL }, now });
  const path = (name: string) =>
    relative(process.cwd(), join(dir, "posts", name))
      .split("\\")
      .join("/");
  return { output, outDir, path };
}

/** The data files a build left on disk (the build state aside), by path. */
function dataFiles(outDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(outDir, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.name.startsWith("build-")) continue; // the state: its files and its folder
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(outDir, path), "utf8"));
    }
  };
  walk(DATA_PREFIX);
  return files;
}

/** A broken post: its text, and the problems it must be reported with (line, field). */
interface Broken {
  text: string | Uint8Array;
  expected: { line: number; field: string }[];
}

/** 1-based line of the first line of `text` starting with `prefix`, found without the parser. */
function lineOf(text: string, prefix: string): number {
  const index = text.split("\n").findIndex((l) => l.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${prefix}`);
  return index + 1;
}

/** `text`, reported at the line that starts with `prefix`, under `field`. */
const at = (text: string, prefix: string, field: string): Broken => ({
  text,
  expected: [{ line: lineOf(text, prefix), field }],
});

const BROKEN_KINDS: Record<string, (n: number, validSlug: string) => Broken> = {
  "no front matter": () => ({
    text: "Just a paragraph, no front matter.\n",
    expected: [{ line: 1, field: "front matter" }],
  }),
  "empty file": () => ({ text: "", expected: [{ line: 1, field: "front matter" }] }),
  "front matter not closed": () => ({
    text: "---\ntitle: Open\ndate: 2025-03-01\n\nBody.\n",
    expected: [{ line: 1, field: "front matter" }],
  }),
  "JavaScript front matter": () => ({
    text: "---js\n{ title: 'Code', date: '2025-03-01' }\n---\n\nBody.\n",
    expected: [{ line: 1, field: "front matter" }],
  }),
  "YAML syntax error": () =>
    at("---\ntitle: Flow\ndate: 2025-03-01\ntags: [a, b\n---\n\nBody.\n", "tags:", "front matter"),
  "YAML tab indentation": () =>
    at("---\ntitle: Tabs\ndate: 2025-03-01\nsummary:\n\t- tabbed\n---\n\nBody.\n", "\t", "front matter"),
  "duplicate key": () => ({
    text: "---\ntitle: One\ndate: 2025-03-01\ntitle: Two\n---\n\nBody.\n",
    expected: [{ line: 4, field: "front matter" }],
  }),
  "front matter is a list": () => ({
    text: "---\n- a\n- b\n---\n\nBody.\n",
    expected: [{ line: 2, field: "front matter" }],
  }),
  "missing title": () => ({ text: "---\ndate: 2025-03-01\n---\n\nBody.\n", expected: [{ line: 1, field: "title" }] }),
  "blank title": () => at('---\ntitle: "   "\ndate: 2025-03-01\n---\n\nBody.\n', "title:", "title"),
  "impossible date": () => at("---\ntitle: Date\ndate: 2025-02-30\n---\n\nBody.\n", "date:", "date"),
  "bad lastmod": () =>
    at("---\ntitle: Lastmod\ndate: 2025-03-01\nlastmod: yesterday\n---\n\nBody.\n", "lastmod:", "lastmod"),
  "bad slug": () => at("---\ntitle: Slug\ndate: 2025-03-01\nslug: Not A Slug\n---\n\nBody.\n", "slug:", "slug"),
  "bad e-mail": () =>
    at(
      "---\ntitle: Mail\ndate: 2025-03-01\nauthor:\n  name: Ann\n  email: not-an-address\n---\n\nBody.\n",
      "  email:",
      "author.email",
    ),
  "empty author list": () =>
    at("---\ntitle: Authors\ndate: 2025-03-01\nauthor: []\n---\n\nBody.\n", "author:", "author"),
  "empty tag": () => at('---\ntitle: Tags\ndate: 2025-03-01\ntags: [a, "", c]\n---\n\nBody.\n', "tags:", "tags[1]"),
  "empty summary bullet": () =>
    at('---\ntitle: Summary\ndate: 2025-03-01\nsummary:\n  - fine\n  - ""\n---\n\nBody.\n', '  - ""', "summary[1]"),
  "draft not a boolean": () =>
    at('---\ntitle: Draft\ndate: 2025-03-01\ndraft: "yes"\n---\n\nBody.\n', "draft:", "draft"),
  "related not a list": () =>
    at("---\ntitle: Related\ndate: 2025-03-01\nrelated: 5\n---\n\nBody.\n", "related:", "related"),
  "unknown image key": () =>
    at(
      "---\ntitle: Image\ndate: 2025-03-01\nimage:\n  src: /images/us-combat-base-japan.jpg\n  bogus: 1\n---\n\nBody.\n",
      "image:",
      "image",
    ),
  "image not found": () =>
    at("---\ntitle: Image\ndate: 2025-03-01\nimage: /images/missing.jpg\n---\n\nBody.\n", "image:", "image"),
  "image not an image": () =>
    at("---\ntitle: Image\ndate: 2025-03-01\nimage: /feed.css\n---\n\nBody.\n", "image:", "image"),
  "image with a javascript: URL": () =>
    at("---\ntitle: Image\ndate: 2025-03-01\nimage: javascript:alert(1)\n---\n\nBody.\n", "image:", "image"),
  "not UTF-8": () => ({
    text: Buffer.concat([
      Buffer.from("---\ntitle: Caf"),
      Buffer.from([0xe9]),
      Buffer.from("\ndate: 2025-03-01\n---\n"),
    ]),
    expected: [{ line: 2, field: "file" }],
  }),
  "duplicate slug": (_, validSlug) =>
    at(`---\ntitle: Copy\ndate: 2025-03-01\nslug: ${validSlug}\n---\n\nBody.\n`, "slug:", "slug"),
};
const KIND_NAMES = Object.keys(BROKEN_KINDS);

interface ValidPost {
  title: string;
  category: string;
  tags: string[];
  image: boolean;
  summary: string[];
}

const TAGS = ["Japan", "Energy", "Rail", "C++", "New York", "日本", "Défense", "Science"];
const validPost: fc.Arbitrary<ValidPost> = fc.record({
  title: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).filter((t) => t.trim() !== ""),
  category: fc.constantFrom("World", "Technology", "Science"),
  tags: fc.subarray(TAGS),
  image: fc.boolean(),
  summary: fc.array(
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).filter((t) => t.trim() !== ""),
    {
      maxLength: 2,
    },
  ),
});

const validFile = (p: ValidPost, j: number) =>
  `---\n${yamlFrontMatter({
    title: p.title,
    date: new Date(Date.UTC(2025, 0, 1 + j, 9)).toISOString(),
    category: p.category,
    tags: p.tags,
    ...(p.summary.length > 0 && { summary: p.summary }),
    ...(p.image && { image: { src: "/images/us-combat-base-japan.jpg", alt: "A map" } }),
  })}---\n\nBody of valid post ${j}.\n`;

const scenario = fc.record({
  valid: fc.array(validPost, { minLength: 1, maxLength: 30 }),
  broken: fc.array(fc.record({ kind: fc.constantFrom(...KIND_NAMES), day: fc.integer({ min: 1, max: 60 }) }), {
    maxLength: 20,
  }),
});

/** The scenario the issue names: 30 valid posts and one broken post of each kind, interleaved. */
const NAMED_SCENARIO = {
  valid: fc.sample(validPost, { seed: SEED, numRuns: 30 }),
  broken: KIND_NAMES.map((kind, i) => ({ kind, day: 1 + ((i * 7) % 60) })),
};

describe(`broken posts among valid ones (fast-check seed ${SEED})`, () => {
  it("reports every broken post by file, line and field, and publishes the valid ones as if alone", () => {
    fc.assert(
      fc.property(scenario, ({ valid, broken }) => {
        const validFiles: Record<string, string> = {};
        valid.forEach((p, j) => {
          validFiles[`2025-01-${String(1 + (j % 28)).padStart(2, "0")}-valid-${j}.md`] = validFile(p, j);
        });
        const slugs = Object.keys(validFiles).map((name) =>
          name.replace(/^\d{4}-\d{2}-\d{2}-/, "").replace(/\.md$/, ""),
        );
        const brokenFiles: Record<string, Broken> = {};
        broken.forEach(({ kind, day }, i) => {
          const date = new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10);
          // A copy of a slug must sort after its original: the first file keeps the slug.
          const name =
            kind === "duplicate slug"
              ? `2099-12-31-duplicate-${i}.md`
              : `${date}-broken-${i}-${kind.replace(/\W+/g, "-")}.md`;
          brokenFiles[name] = (BROKEN_KINDS[kind] as (typeof BROKEN_KINDS)[string])(
            i,
            slugs[i % slugs.length] as string,
          );
        });

        // The same posts folder (file paths are part of the build's keys), built three times:
        // the valid posts alone; then with the broken ones added, from scratch and incrementally.
        const dir = join(tmp, `site-${++dirs}`);
        const alone = buildIn(dir, validFiles, join(dir, "out"));
        const aloneData = dataFiles(alone.outDir);
        const brokenTexts = Object.fromEntries(Object.entries(brokenFiles).map(([name, b]) => [name, b.text]));
        const mixed = buildIn(dir, brokenTexts, join(dir, "out-fresh"));
        const incremental = buildIn(dir, {}, alone.outDir);

        const reported = mixed.output.problems
          .filter((p) => p.severity === "error")
          .map((p) => ({ file: p.file, line: p.line, field: p.field }));
        const expected = Object.entries(brokenFiles).flatMap(([name, b]) =>
          b.expected.map((e) => ({ file: mixed.path(name), ...e })),
        );
        const order = (a: { file: string; line: number }, b: { file: string; line: number }) =>
          a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
        expect(reported.sort(order)).toEqual(expected.sort(order));
        for (const p of mixed.output.problems) expect(p.message.trim(), `${p.file}: ${p.field}`).not.toBe("");

        expect(alone.output.problems.filter((p) => p.severity === "error")).toEqual([]);
        expect(mixed.output.stats.published).toBe(valid.length);
        expect(mixed.output.stats.broken).toBe(broken.length);
        // buildSite writes the data files as they are made: they are read back from disk.
        const mixedData = dataFiles(mixed.outDir);
        for (const slug of slugs) {
          const item = itemJson((path) => mixedData.get(path), slug);
          expect(item, slug).toBeDefined();
          expect(item, slug).toBe(itemJson((path) => aloneData.get(path), slug));
        }
        // Nothing of a broken post leaks anywhere: the whole compiled site is the same (below, with the manifest).
        const { buildId: _a, ...manifestAlone } = alone.output.manifest;
        const { buildId: _b, ...manifestMixed } = mixed.output.manifest;
        expect(manifestMixed).toEqual(manifestAlone);
        expect(Object.keys(manifestMixed.lists)).toEqual(Object.keys(manifestAlone.lists));
        expect(mixed.output.manifest.buildId).toBe(alone.output.manifest.buildId);
        // What the rebuild left on disk is what the valid posts alone gave.
        expect(incremental.output.problems).toEqual(mixed.output.problems);
        expect(dataFiles(incremental.outDir)).toEqual(aloneData);
        expect(dataFiles(mixed.outDir)).toEqual(aloneData);
      }),
      { seed: SEED, numRuns: 20, examples: [[NAMED_SCENARIO]] },
    );
  }, 120_000);
});

describe("nothing to publish", () => {
  const FEEDS = ["/rss.xml", "/atom.xml", "/feed.json"];

  describe.each([
    ["an empty posts folder", {}],
    ["a posts folder of broken posts only", { "2025-01-01-broken.md": "---\ndate: 2025-01-01\n---\n\nNo title.\n" }],
  ])("%s", (_, files) => {
    const { output, outDir } = build(files);
    const app = createNodeApp(outDir);

    it("publishes nothing", () => {
      expect(output.stats.published).toBe(0);
      expect(output.manifest.lists.site?.count).toBe(0);
    });

    it("serves valid empty feeds in all three formats", async () => {
      const [rss, atom, json] = await Promise.all(
        FEEDS.map(async (path) => {
          const response = await app.request(path);
          expect(response.status, path).toBe(200);
          return response.text();
        }),
      );
      expect(checkWellFormedXml(rss as string)).toEqual([]);
      expect(checkWellFormedXml(atom as string)).toEqual([]);
      const feed = JSON.parse(json as string);
      expect(validateJsonFeed(feed)).toEqual([]);
      expect(feed.items).toEqual([]);

      const [schema, parsedRss, parsedAtom] = await Promise.all([
        validateAtomMany({ atom: atom as string }),
        parseWithFeedparser(rss as string),
        parseWithFeedparser(atom as string),
      ]);
      expect(schema.atom).toEqual([]);
      for (const parsed of [parsedRss, parsedAtom]) {
        expect(parsed.bozo, String(parsed.bozo_exception)).toBe(0);
        expect(parsed.entries).toEqual([]);
      }
      expect(parsedRss.version).toBe("rss20");
      expect(parsedAtom.version).toBe("atom10");
    }, 60_000);

    it("serves a well-formed OPML", async () => {
      const response = await app.request("/opml.xml");
      expect(response.status).toBe(200);
      expect(checkWellFormedXml(await response.text())).toEqual([]);
    });

    it("serves a friendly front page that says nothing is published yet", async () => {
      const response = await app.request("/");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toMatch(/nothing (is )?published yet/i);
    });
  });

  // An empty site would replace the last build (and a deploy upload it): a missing folder is an error.
  it("a missing posts folder is an error, not an empty site", () => {
    const outDir = join(tmp, "missing-out");
    expect(() =>
      buildSite({ postsDir: join(tmp, "no-such-folder"), publicDir: "public", outDir, env: { SITE_URL } }),
    ).toThrow(/no-such-folder: no such folder \(POSTS_DIR\); nothing was built, the last build is kept$/);
    expect(existsSync(outDir)).toBe(false);
  });
});
