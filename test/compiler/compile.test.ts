import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type CompileInput,
  type CompileOutput,
  compileSite,
  type SourceFile,
  type TextFile,
} from "../../src/compiler/compile.js";
import { textHash } from "../../src/compiler/keys.js";
import { loadSiteConfig } from "../../src/config/site-config.js";
import { relatedHtml } from "../../src/present/fragments.js";
import { type Item, LAYOUT_VERSION, type Manifest, SHARD_SIZE } from "../../src/store/data-layout.js";
import { allItems, fromOutput, itemJson, itemOf, listSlugs } from "../support/site-data.js";

const site = loadSiteConfig({});
const NOW = new Date("2026-01-01T00:00:00Z");

/** A real JPEG from the sample site, served at two URL paths (one with a misleading extension). */
const JPEG = new Uint8Array(readFileSync("public/images/riverside-tram-line-opens.jpg"));
const PUBLIC: Record<string, Uint8Array> = {
  "/images/tram.jpg": JPEG,
  "/images/photo.png": JPEG,
  "/images/not-an-image.jpg": new TextEncoder().encode("this is plain text, not an image"),
};

function post(path: string, frontMatter: string[], body = "Some **body** text."): TextFile {
  return { path, text: `---\n${frontMatter.join("\n")}\n---\n\n${body}\n` };
}

function compile(files: SourceFile[], overrides: Partial<CompileInput> = {}): CompileOutput {
  return compileSite({
    files,
    site,
    now: NOW,
    readPublicFile: (urlPath) => PUBLIC[urlPath],
    ...overrides,
  });
}

function item(out: CompileOutput, slug: string): Item | undefined {
  return itemOf(fromOutput(out), slug);
}

function itemSlugs(out: CompileOutput): string[] {
  return [...allItems(fromOutput(out)).keys()].sort();
}

function shard(out: CompileOutput, path: string): string[] | undefined {
  const text = out.files.get(path);
  return text === undefined ? undefined : (JSON.parse(text) as string[]);
}

function errors(out: CompileOutput) {
  return out.problems.filter((p) => p.severity === "error");
}

/** 1-based line of the first line of `text` starting with `prefix`, computed independently of the parser. */
function lineOf(text: string, prefix: string): number {
  const index = text.split("\n").findIndex((l) => l.startsWith(prefix));
  if (index < 0) throw new Error(`no line starts with ${prefix}`);
  return index + 1;
}

describe("unpublished posts", () => {
  const files = [
    post("posts/2025-01-10-live.md", ["title: Live", "date: 2025-01-10", "tags: [Shared]"]),
    post("posts/2025-01-11-drafted.md", ["title: Drafted", "date: 2025-01-11", "draft: true", "tags: [Secret]"]),
    post("posts/2025-01-12-unpublished.md", ["title: Jekyll draft", "date: 2025-01-12", "published: false"]),
    post("posts/2027-05-01-future.md", ["title: Future", "date: 2027-05-01T09:00:00Z", "tags: [Shared, Later]"]),
    post("posts/2025-12-31-later-today.md", ["title: Just after now", "date: 2026-01-01T00:00:01Z"]),
  ];
  const out = compile(files);

  it("publishes only posts that are not drafts and not dated after `now`", () => {
    expect(itemSlugs(out)).toEqual(["live"]);
    expect(shard(out, "_data/lists/site/0.json")).toEqual(["live"]);
    expect(out.manifest.lists.site?.count).toBe(1);
  });

  it("counts drafts and scheduled posts in the stats", () => {
    expect(out.stats).toEqual({ files: 5, published: 1, drafts: 2, scheduled: 2, broken: 0 });
    expect(out.problems).toEqual([]);
  });

  it("makes no lists for tags that only unpublished posts have", () => {
    expect(Object.keys(out.manifest.lists).sort()).toEqual(["author/feedloom-newsroom", "site", "tag/shared"]);
    expect(out.manifest.lists["tag/shared"]?.count).toBe(1);
    expect([...out.files.keys()].some((k) => k.includes("secret") || k.includes("later"))).toBe(false);
  });

  it("publishes a post dated exactly `now`", () => {
    const exact = compile([post("posts/x.md", ["title: Now", "slug: exactly-now", "date: 2026-01-01T00:00:00Z"])]);
    expect(itemSlugs(exact)).toEqual(["exactly-now"]);
    expect(exact.stats.scheduled).toBe(0);
  });
});

describe("duplicate slugs", () => {
  const first = post("posts/2025-01-01-alpha.md", ["title: Alpha", "date: 2025-01-01"]);
  const second = post("posts/2025-02-01-other.md", ["title: Other", "date: 2025-02-01", "slug: alpha"]);
  const out = compile([first, second]);

  it("reports the second file, on field `slug`, naming the first", () => {
    const errs = errors(out);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ file: "posts/2025-02-01-other.md", field: "slug", severity: "error" });
    expect(errs[0]?.message).toContain("posts/2025-01-01-alpha.md");
    expect(errs[0]?.message).toContain('"alpha"');
  });

  it("still publishes the first post, and only it", () => {
    expect(itemSlugs(out)).toEqual(["alpha"]);
    expect(item(out, "alpha")?.title).toBe("Alpha");
    expect(shard(out, "_data/lists/site/0.json")).toEqual(["alpha"]);
    expect(out.stats).toMatchObject({ files: 2, published: 1, broken: 1 });
  });

  it("decides which file is first by path, whatever order the files come in", () => {
    const reversed = compile([second, first]);
    expect(reversed.problems).toEqual(out.problems);
    expect(item(reversed, "alpha")?.title).toBe("Alpha");
    expect(reversed.manifest.buildId).toBe(out.manifest.buildId);
  });
});

describe("a broken post among valid ones", () => {
  const valid = [
    post("posts/2025-03-01-one.md", [
      "title: One",
      "date: 2025-03-01",
      "category: World",
      "tags: [Rare, Common]",
      "related: [three]",
      "image: /images/tram.jpg",
    ]),
    post("posts/2025-03-02-two.md", ["title: Two", "date: 2025-03-02", "category: World", "tags: [Rare, Common]"]),
    post("posts/2025-03-03-three.md", ["title: Three", "date: 2025-03-03", "category: Science", "tags: [Common]"]),
    post("posts/2025-03-04-four.md", ["title: Four", "date: 2025-03-04", "tags: [Common, Other]"]),
  ];
  const broken = [
    post("posts/2025-03-05-bad-yaml.md", ["title: Breaking: news", "date: 2025-03-05", "tags: [Rare]"]),
    post("posts/2025-03-06-no-title.md", ["date: 2025-03-06", "tags: [Rare, Common]"]),
    // Parses fine, with tags that would shift every related score, but its image is missing.
    post("posts/2025-03-07-no-image.md", [
      "title: No image",
      "date: 2025-03-07",
      "category: World",
      "tags: [Rare, Common, Other]",
      "related: [one, two]",
      "image: /images/missing.jpg",
    ]),
    post("posts/2025-03-08-bad-date.md", ["title: Bad date", "date: 2025-02-30", "tags: [Common]"]),
  ];
  const alone = compile(valid);
  const mixed = compile([...valid, ...broken]);

  it("is reported, one error per broken file", () => {
    expect(errors(alone)).toEqual([]);
    expect(new Set(errors(mixed).map((p) => p.file))).toEqual(new Set(broken.map((f) => f.path)));
    expect(mixed.stats).toEqual({ files: 8, published: 4, drafts: 0, scheduled: 0, broken: 4 });
  });

  it("leaves every valid post published byte for byte as without it", () => {
    expect(itemSlugs(alone)).toEqual(["four", "one", "three", "two"]);
    expect(itemSlugs(mixed)).toEqual(itemSlugs(alone));
    for (const slug of itemSlugs(alone)) {
      expect(itemJson(fromOutput(mixed), slug), slug).toBe(itemJson(fromOutput(alone), slug));
    }
  });

  it("leaves the lists, the manifest and the build id as without it", () => {
    expect(mixed.manifest).toEqual(alone.manifest);
    expect([...mixed.files.keys()].sort()).toEqual([...alone.files.keys()].sort());
    for (const [path, text] of alone.files) expect(mixed.files.get(path), path).toBe(text);
  });
});

describe("lead images", () => {
  it("reports a missing local image on field `image` and leaves the post out", () => {
    const out = compile([
      post("posts/2025-04-01-ok.md", ["title: OK", "date: 2025-04-01"]),
      post("posts/2025-04-02-gone.md", ["title: Gone", "date: 2025-04-02", "image:", "  src: /images/nope.jpg"]),
    ]);
    expect(errors(out)).toHaveLength(1);
    expect(errors(out)[0]).toMatchObject({ file: "posts/2025-04-02-gone.md", field: "image", severity: "error" });
    expect(errors(out)[0]?.message).toContain("public/images/nope.jpg");
    expect(itemSlugs(out)).toEqual(["ok"]);
    expect(out.stats).toMatchObject({ published: 1, broken: 1 });
  });

  it("reads type, length, width and height from the file's bytes", () => {
    const out = compile([
      post("posts/2025-04-03-tram.md", [
        "title: Tram",
        "date: 2025-04-03",
        "image:",
        "  src: /images/tram.jpg",
        "  alt: A tram",
        "  caption: On the bridge",
        "  credit: Sample art",
      ]),
    ]);
    expect(out.problems).toEqual([]);
    const { width, height } = jpegSize(JPEG);
    expect(width).toBeGreaterThan(0);
    expect(item(out, "tram")?.image).toEqual({
      url: `${site.baseUrl}/images/tram.jpg`,
      alt: "A tram",
      caption: "On the bridge",
      credit: "Sample art",
      type: "image/jpeg",
      length: JPEG.byteLength,
      width,
      height,
    });
  });

  it("trusts the bytes over the file extension", () => {
    const out = compile([
      post("posts/2025-04-04-png.md", ["title: PNG?", "date: 2025-04-04", "image: /images/photo.png"]),
    ]);
    expect(out.problems).toEqual([]);
    expect(item(out, "png")?.image).toMatchObject({ type: "image/jpeg", length: JPEG.byteLength });
  });

  it("reports a local file that is not an image", () => {
    const out = compile([
      post("posts/2025-04-05-text.md", ["title: Text", "date: 2025-04-05", "image: /images/not-an-image.jpg"]),
    ]);
    expect(errors(out)).toHaveLength(1);
    expect(errors(out)[0]).toMatchObject({ file: "posts/2025-04-05-text.md", field: "image" });
    expect(itemSlugs(out)).toEqual([]);
  });

  it("resolves a relative src against the post URL and asks public/ for the decoded path", () => {
    const asked: string[] = [];
    const out = compile(
      [post("posts/2025-04-06-spaced.md", ["title: Spaced", "date: 2025-04-06", "image: /images/my%20photo.jpg"])],
      {
        readPublicFile: (urlPath) => {
          asked.push(urlPath);
          return urlPath === "/images/my photo.jpg" ? JPEG : undefined;
        },
      },
    );
    expect(asked).toEqual(["/images/my photo.jpg"]);
    expect(out.problems).toEqual([]);
    expect(item(out, "spaced")?.image?.length).toBe(JPEG.byteLength);
  });

  it("keeps a remote image without reading public/, typed by its extension", () => {
    const out = compile(
      [
        post("posts/2025-04-07-remote.md", [
          "title: Remote",
          "date: 2025-04-07",
          "image: https://cdn.example/a/b.JPEG",
        ]),
      ],
      {
        readPublicFile: () => {
          throw new Error("a remote image must not be read from public/");
        },
      },
    );
    expect(out.problems).toEqual([]);
    expect(item(out, "remote")?.image).toEqual({ url: "https://cdn.example/a/b.JPEG", alt: "", type: "image/jpeg" });
  });

  it("reports an image path with a malformed percent escape instead of failing the whole build", () => {
    const files = [
      post("posts/2025-04-08-fine.md", ["title: Fine", "date: 2025-04-08"]),
      post("posts/2025-04-09-percent.md", ["title: Percent", "date: 2025-04-09", "image: /images/100%.jpg"]),
    ];
    let out: CompileOutput | undefined;
    let thrown: unknown;
    try {
      out = compile(files);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeUndefined();
    expect(out && errors(out)).toEqual([
      expect.objectContaining({ file: "posts/2025-04-09-percent.md", field: "image" }),
    ]);
    expect(out && itemSlugs(out)).toEqual(["fine"]);
  });
});

describe("related content", () => {
  const files = [
    post("posts/2025-05-01-alpha.md", [
      "title: Alpha *news*",
      "date: 2025-05-01",
      "category: World",
      "tags: [Rare, Common]",
      "related: [delta, no-such-post, alpha]",
    ]),
    post("posts/2025-05-02-beta.md", ["title: Beta", "date: 2025-05-02", "category: World", "tags: [Rare, Common]"]),
    post("posts/2025-05-03-gamma.md", ["title: Gamma", "date: 2025-05-03", "category: World", "tags: [Common]"]),
    post("posts/2025-05-04-delta.md", [
      "title: Delta & co",
      "date: 2025-05-04T10:00:00Z",
      "tags: [Other]",
      "image:",
      "  src: /images/tram.jpg",
      "  alt: Tram at night",
      "  caption: not in the ref",
    ]),
    // Same score as gamma for alpha (one shared common tag), newer, but another category.
    post("posts/2025-05-05-epsilon.md", ["title: Epsilon", "date: 2025-05-05", "category: Science", "tags: [Common]"]),
    post("posts/2025-05-06-zeta.md", ["title: Zeta", "date: 2025-05-06", "draft: true", "tags: [Rare, Common]"]),
  ];
  const out = compile(files);

  it("puts pinned slugs first, then the posts sharing the rarest tags, ties to the same category", () => {
    expect(item(out, "alpha")?.related.map((r) => r.slug)).toEqual(["delta", "beta", "gamma"]);
  });

  it("breaks a tie between equal scores and categories with the newer post", () => {
    // For gamma: alpha and beta share Common and World; beta is newer. Epsilon shares only Common.
    expect(item(out, "gamma")?.related.map((r) => r.slug)).toEqual(["beta", "alpha", "epsilon"]);
  });

  it("describes each ref with its title, URL, date and image", () => {
    const refs = item(out, "alpha")?.related ?? [];
    expect(refs[0]).toEqual({
      slug: "delta",
      id: item(out, "delta")?.id,
      title: "Delta & co",
      url: `${site.baseUrl}/posts/delta`,
      published: "2025-05-04T10:00:00.000Z",
      image: { url: `${site.baseUrl}/images/tram.jpg`, alt: "Tram at night", ...jpegSize(JPEG) },
    });
    expect(refs[0]?.id).toMatch(/^tag:/);
    expect(refs[1]).toEqual({
      slug: "beta",
      id: item(out, "beta")?.id,
      title: "Beta",
      url: `${site.baseUrl}/posts/beta`,
      published: "2025-05-02T00:00:00.000Z",
    });
  });

  it("renders the refs as the escaped Related content block", () => {
    const html = relatedHtml(item(out, "alpha")?.related ?? []);
    expect(html).toContain(`<a href="${site.baseUrl}/posts/delta">Delta &amp; co</a>`);
    expect(html.indexOf("/posts/delta")).toBeLessThan(html.indexOf("/posts/beta"));
    expect(html.indexOf("/posts/beta")).toBeLessThan(html.indexOf("/posts/gamma"));
    expect(item(out, "delta")?.related).toEqual([]);
    expect(relatedHtml(item(out, "delta")?.related ?? [])).toBe("");
  });

  it("never relates a post to itself or to an unpublished post, and warns about unknown slugs", () => {
    for (const slug of itemSlugs(out)) {
      const refs = item(out, slug)?.related.map((r) => r.slug) ?? [];
      expect(refs).not.toContain(slug);
      expect(refs).not.toContain("zeta");
      expect(refs.length).toBeLessThanOrEqual(site.relatedPerPost);
    }
    expect(out.problems).toEqual([
      expect.objectContaining({ file: "posts/2025-05-01-alpha.md", field: "related", severity: "warning" }),
    ]);
    expect(out.problems[0]?.message).toContain("no-such-post");
  });

  it("honours relatedPerPost", () => {
    const one = compile(files, { site: loadSiteConfig({ RELATED_PER_POST: "1" }) });
    expect(item(one, "alpha")?.related.map((r) => r.slug)).toEqual(["delta"]);
    expect(item(one, "gamma")?.related.map((r) => r.slug)).toEqual(["beta"]);
  });
});

describe("problems found while compiling point at the key's line", () => {
  it("for a duplicate slug, a missing image and an unknown related slug", () => {
    const dup = post("posts/2025-06-02-b.md", ["title: B", "date: 2025-06-02", "tags: [x]", "slug: a"]);
    const img = post("posts/2025-06-03-c.md", ["title: C", "date: 2025-06-03", "image:", "  src: /images/none.jpg"]);
    const rel = post("posts/2025-06-04-d.md", ["title: D", "date: 2025-06-04", "related: [nobody]"]);
    const out = compile([post("posts/2025-06-01-a.md", ["title: A", "date: 2025-06-01"]), dup, img, rel]);
    const lines = Object.fromEntries(out.problems.map((p) => [p.field, p.line]));
    expect(lines).toEqual({
      slug: lineOf(dup.text, "slug:"),
      image: lineOf(img.text, "image:"),
      related: lineOf(rel.text, "related:"),
    });
  });
});

describe("list shards", () => {
  const COUNT = 250;
  const start = Date.UTC(2024, 0, 1);
  const files = Array.from({ length: COUNT }, (_, i) => {
    const n = String(i).padStart(3, "0");
    const tags = ["Bulk", ...(i % 2 === 0 ? ["Even"] : []), ...(i === 7 ? ["Lucky"] : [])];
    return post(`posts/p-${n}.md`, [
      `title: Post ${n}`,
      `date: ${new Date(start + i * 3_600_000).toISOString()}`,
      `tags: [${tags.join(", ")}]`,
    ]);
  });
  const out = compile(files);
  const newestFirst = Array.from({ length: COUNT }, (_, i) => `p-${String(COUNT - 1 - i).padStart(3, "0")}`);

  it("has a shard size of 100", () => {
    expect(SHARD_SIZE).toBe(100);
  });

  it("splits the site list into full shards of SHARD_SIZE from the oldest post, and a rest", () => {
    expect(out.stats.published).toBe(COUNT);
    expect(out.manifest.lists.site?.count).toBe(COUNT);
    const shards = [0, 1, 2].map((i) => shard(out, `_data/lists/site/${i}.json`));
    expect(shards.map((s) => s?.length)).toEqual([SHARD_SIZE, SHARD_SIZE, COUNT - 2 * SHARD_SIZE]);
    expect(shards.flat()).toEqual(newestFirst.toReversed());
    expect(out.files.has("_data/lists/site/3.json")).toBe(false);
  });

  it("shards every list the same way", () => {
    const even = [0, 1].map((i) => shard(out, `_data/lists/tag/even/${i}.json`));
    expect(even.map((s) => s?.length)).toEqual([SHARD_SIZE, 25]);
    expect(even.flat()).toEqual(newestFirst.filter((s) => Number(s.slice(2)) % 2 === 0).toReversed());
    expect(out.files.has("_data/lists/tag/even/2.json")).toBe(false);
    expect(shard(out, "_data/lists/tag/lucky/0.json")).toEqual(["p-007"]);
    expect(out.files.has("_data/lists/tag/lucky/1.json")).toBe(false);
    expect(out.manifest.lists["tag/lucky"]).toMatchObject({ kind: "tag", slug: "lucky", name: "Lucky", count: 1 });
  });

  it("writes exactly the shards each list needs", () => {
    const shardFiles = [...out.files.keys()].filter((k) => k.startsWith("_data/lists/")).sort();
    const expected = Object.entries(out.manifest.lists)
      .flatMap(([key, list]) =>
        Array.from(
          { length: Math.max(1, Math.ceil(list.count / SHARD_SIZE)) },
          (_, i) => `_data/lists/${key}/${i}.json`,
        ),
      )
      .sort();
    expect(shardFiles).toEqual(expected);
  });

  it("orders posts with the same date by slug", () => {
    const same = compile([
      post("posts/b.md", ["title: B", "date: 2025-01-01"]),
      post("posts/a.md", ["title: A", "date: 2025-01-01"]),
      post("posts/c.md", ["title: C", "date: 2024-12-31"]),
    ]);
    expect(listSlugs(fromOutput(same), "site")).toEqual(["a", "b", "c"]);
  });
});

describe("files the loader knows are unchanged", () => {
  const files = [
    post("posts/2025-07-01-a.md", ["title: A", "date: 2025-07-01", "tags: [X]"]),
    post("posts/2025-07-02-b.md", ["title: B", "date: 2025-07-02", "tags: [X, Y]"]),
  ];
  /** The files as the loader gives unchanged ones: hash, and a read that is recorded. */
  const unchanged = (reads: string[]) =>
    files.map((f) => ({
      path: f.path,
      hash: textHash(f.text),
      read: () => {
        reads.push(f.path);
        return f.text;
      },
    }));

  it("are neither read nor rendered again, and the site is the same", () => {
    const first = compile(files);
    const reads: string[] = [];
    const again = compile(unchanged(reads), { previous: first.state, readPrevious: (p) => first.files.get(p) });
    expect(reads).toEqual([]);
    expect(again.changed).toEqual([]);
    expect(again.manifest).toEqual(first.manifest);
  });

  it("are read when their item must be rendered again (the base URL changed)", () => {
    const first = compile(files);
    const reads: string[] = [];
    const other = { site: loadSiteConfig({ SITE_URL: "https://elsewhere.example" }) };
    const again = compile(unchanged(reads), {
      ...other,
      previous: first.state,
      readPrevious: (p) => first.files.get(p),
    });
    const fresh = compile(files, other);
    expect(reads.sort()).toEqual(files.map((f) => f.path).sort());
    // Only what changed is written, and it is what a fresh build writes.
    expect(again.files.has("_data/items/0.json")).toBe(true);
    for (const [path, text] of again.files) expect(text, path).toBe(fresh.files.get(path));
    expect(again.manifest).toEqual(fresh.manifest);
  });
});

describe("build id", () => {
  const files = [
    post("posts/2025-07-01-a.md", ["title: A", "date: 2025-07-01", "tags: [X]"]),
    post("posts/2025-07-02-b.md", ["title: B", "date: 2025-07-02", "tags: [X, Y]"]),
  ];

  it("is the same for the same input", () => {
    const one = compile(files);
    const two = compile([...files].reverse());
    expect(one.manifest.buildId).toMatch(/^[0-9a-f]{16}$/);
    expect(two.manifest.buildId).toBe(one.manifest.buildId);
    expect([...two.files].sort()).toEqual([...one.files].sort());
  });

  it("changes when one post changes", () => {
    const edited = [
      files[0] as TextFile,
      { ...(files[1] as TextFile), text: (files[1] as TextFile).text.replace("body", "bodies") },
    ];
    expect(compile(edited).manifest.buildId).not.toBe(compile(files).manifest.buildId);
  });

  it("changes when the site configuration changes", () => {
    const other = compile(files, { site: loadSiteConfig({ SITE_TITLE: "Another title" }) });
    expect(other.manifest.buildId).not.toBe(compile(files).manifest.buildId);
  });
});

describe("empty input", () => {
  const out = compile([]);

  it("gives a valid manifest with an empty site list", () => {
    const manifest = JSON.parse(out.files.get("_data/manifest.json") ?? "null") as Manifest;
    expect(manifest).toEqual(out.manifest);
    expect(manifest.version).toBe(LAYOUT_VERSION);
    expect(manifest.buildId).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.site).toEqual(site);
    expect(manifest.lists).toEqual({ site: { kind: "site", slug: "", name: "", count: 0 } });
  });

  it("writes an empty site shard and nothing else", () => {
    expect([...out.files.keys()].sort()).toEqual(["_data/lists/site/0.json", "_data/manifest.json"]);
    expect(shard(out, "_data/lists/site/0.json")).toEqual([]);
    expect(out.problems).toEqual([]);
    expect(out.stats).toEqual({ files: 0, published: 0, drafts: 0, scheduled: 0, broken: 0 });
  });
});

/** Width and height from a baseline or progressive JPEG's SOF segment, without any image library. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error("not a JPEG");
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) throw new Error(`bad JPEG marker at ${i}`);
    const marker = bytes[i + 1] as number;
    const length = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      return {
        height: ((bytes[i + 5] as number) << 8) | (bytes[i + 6] as number),
        width: ((bytes[i + 7] as number) << 8) | (bytes[i + 8] as number),
      };
    }
    i += 2 + length;
  }
  throw new Error("no SOF segment");
}

describe("one slug in two folders on two dates, as Hugo and Zola year folders have it", () => {
  const first = post("posts/2022/gc-elections.md", ["title: Elections 2022", "date: 2022-10-01"]);
  const second = post("posts/2023/gc-elections.md", ["title: Elections 2023", "date: 2023-10-02"]);
  const out = compile([second, first]);

  it("serves the later file in path order with its date added, with a warning", () => {
    expect(errors(out)).toEqual([]);
    expect(itemSlugs(out).sort()).toEqual(["gc-elections", "gc-elections-2023-10-02"]);
    expect(item(out, "gc-elections-2023-10-02")?.title).toBe("Elections 2023");
    expect(out.problems).toMatchObject([{ file: "posts/2023/gc-elections.md", field: "slug", severity: "warning" }]);
  });

  it("still refuses the same slug on the same day", () => {
    const same = post("posts/2023/gc-elections.md", ["title: Again", "date: 2022-10-01"]);
    expect(errors(compile([first, same]))).toHaveLength(1);
  });
});

describe("data files written as they are made (`writeData`)", () => {
  const many = Array.from({ length: 40 }, (_, i) =>
    post(`posts/2025-02-${String((i % 28) + 1).padStart(2, "0")}-s${i}.md`, [`title: S ${i}`, `tags: [t${i % 4}]`]),
  );

  it("go to the sink in the order made, the manifest last, with the texts an in-memory build keeps", () => {
    const kept = compile(many);
    const sunk = new Map<string, string>();
    const order: string[] = [];
    const streamed = compile(many, {
      writeData: (path, text) => {
        sunk.set(path, text);
        order.push(path);
      },
    });
    expect(streamed.files.size).toBe(0);
    expect(kept.streamed.size).toBe(0);
    expect(kept.files.size).toBeGreaterThan(3);
    expect(sunk).toEqual(kept.files);
    expect([...streamed.streamed]).toEqual(order);
    expect(order.at(-1)).toBe("_data/manifest.json");
    expect(streamed.state.written).toEqual(kept.state.written);
  });

  it("a patched rebuild keeps its few changed texts (nothing written should it give up), as a fresh build has them", () => {
    const first = compile(many);
    const edited = many.map((f, i) => (i === 7 ? { ...f, text: f.text.replace("Some", "Other") } : f));
    const written: string[] = [];
    const again = compile(edited, {
      previous: first.state,
      readPrevious: (p) => first.files.get(p),
      writeData: (path) => written.push(path),
    });
    const fresh = compile(edited);
    expect(again.patched).toBe(true);
    expect(written).toEqual([]);
    expect(again.streamed.size).toBe(0);
    expect(again.files.size).toBeLessThan(fresh.files.size);
    for (const [path, text] of again.files)
      if (path !== "_data/manifest.json") expect(text, path).toBe(fresh.files.get(path));
  });
});

describe("post texts between parse and render", () => {
  it("parks every parsed post's body and summary, lets its file go of its text, and renders the same site", () => {
    const files = () =>
      ["a", "b", "c"].map((name, i) => {
        let held: string | undefined =
          `---\ntitle: Post ${name}\ndate: 2025-0${i + 1}-01\nsummary:\n  - Point ${name}\n---\n\nBody of **${name}**.\n`;
        const text = held;
        const file: TextFile = {
          path: `posts/${name}.md`,
          get text() {
            return held ?? text;
          },
          release: () => {
            held = undefined;
          },
        };
        return { file, released: () => held === undefined };
      });
    const plain = compile(files().map((f) => f.file));
    const put: string[] = [];
    const store = new Map<string, { body: string; summary: string[] }>();
    const tracked = files();
    const parked = compile(
      tracked.map((f) => f.file),
      {
        texts: {
          put: (file, text) => {
            put.push(file);
            store.set(file, text);
          },
          get: (file) => store.get(file),
        },
      },
    );
    expect(put).toEqual(["posts/a.md", "posts/b.md", "posts/c.md"]);
    expect(tracked.every((f) => f.released())).toBe(true);
    expect(store.get("posts/b.md")).toEqual({ body: "\nBody of **b**.\n", summary: ["Point b"] });
    expect([...parked.files]).toEqual([...plain.files]);
    expect(item(parked, "b")?.contentHtml).toContain("<strong>b</strong>");
  });
});
