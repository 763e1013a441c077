import { describe, expect, it } from "vitest";
import { compileSite, type SourceFile } from "../../src/compiler/compile.js";
import { loadSiteConfig } from "../../src/config/site-config.js";
import { SHARD_SIZE } from "../../src/store/data-layout.js";
import { ContentStore } from "../../src/store/store.js";

const COUNT = 2 * SHARD_SIZE + 37;
const files: SourceFile[] = Array.from({ length: COUNT }, (_, i) => {
  const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return {
    path: `posts/${day}-p${i}.md`,
    text: `---\ntitle: Post ${i}\ndate: ${day}\nslug: p-${i}\ntags: [${i % 3 === 0 ? "Third" : "Other"}]\n---\nBody ${i}.\n`,
  };
});
const out = compileSite({
  files,
  site: loadSiteConfig({}),
  now: new Date("2030-01-01T00:00:00Z"),
  readPublicFile: () => undefined,
});
const bytes = (path: string) => {
  const text = out.files.get(path);
  return text === undefined ? undefined : new TextEncoder().encode(text);
};
/** Newest first. */
const all = Array.from({ length: COUNT }, (_, i) => `p-${COUNT - 1 - i}`);

function store() {
  const reads: string[] = [];
  const s = new ContentStore(async (path) => {
    reads.push(path);
    return bytes(path);
  });
  return { s, reads };
}

describe("ContentStore", () => {
  it("pages any list newest first, across shard boundaries", async () => {
    const { s } = store();
    const m = await s.manifest();
    const site = m.lists.site as NonNullable<typeof m.lists.site>;
    for (const [offset, limit] of [
      [0, 50],
      [0, 1],
      [36, 2],
      [37, 100],
      [90, 50],
      [COUNT - 3, 50],
      [COUNT, 10],
      [COUNT + 5, 10],
    ] as const) {
      expect(await s.slugs("site", site, offset, limit), `${offset}+${limit}`).toEqual(
        all.slice(offset, offset + limit),
      );
    }
    const third = m.lists["tag/third"] as NonNullable<(typeof m.lists)["tag/third"]>;
    const thirds = all.filter((slug) => Number(slug.slice(2)) % 3 === 0);
    expect(third.count).toBe(thirds.length);
    expect(await s.slugs("tag/third", third, 10, 30)).toEqual(thirds.slice(10, 40));
  });

  it("reads at most two shards and one bundle per item for a page", async () => {
    const { s, reads } = store();
    const m = await s.manifest();
    const slugs = await s.slugs("site", m.lists.site as NonNullable<typeof m.lists.site>, 130, 20);
    expect(reads.filter((p) => p.includes("/lists/"))).toHaveLength(2);
    const items = await s.items(slugs);
    expect(items.map((i) => i.slug)).toEqual(slugs);
    expect(items.map((i) => i.title)).toEqual(slugs.map((slug) => `Post ${slug.slice(2)}`));
    const bundles = reads.filter((p) => p.includes("/items/"));
    expect(new Set(bundles).size).toBe(bundles.length);
    expect(bundles.length).toBeLessThanOrEqual(slugs.length);
  });

  it("finds every item, and nothing for an unknown slug", async () => {
    const { s } = store();
    for (const slug of all) expect((await s.item(slug))?.slug).toBe(slug);
    expect(await s.item("no-such-post")).toBeUndefined();
    expect(await s.item("")).toBeUndefined();
  });

  it("reads a failed manifest again on the next request, and shares one read between concurrent requests", async () => {
    let fail = true;
    const reads: string[] = [];
    const s = new ContentStore(async (path) => {
      reads.push(path);
      if (fail) throw new Error("network");
      return bytes(path);
    });
    await expect(s.manifest()).rejects.toThrow("network");
    await expect(s.item("p-1")).rejects.toThrow("network");
    fail = false;
    reads.length = 0;
    const [a, b] = await Promise.all([s.manifest(), s.manifest()]);
    expect(a.lists.site?.count).toBe(COUNT);
    expect(b).toBe(a);
    expect((await s.item("p-1"))?.title).toBe("Post 1");
    expect(reads.filter((p) => p.endsWith("manifest.json"))).toHaveLength(1);
  });

  it("reads a failed file again on the next request", async () => {
    let fail = true;
    const s = new ContentStore(async (path) => {
      if (fail && path.includes("/items/")) throw new Error("network");
      return bytes(path);
    });
    await expect(s.item("p-1")).rejects.toThrow("network");
    fail = false;
    expect((await s.item("p-1"))?.title).toBe("Post 1");
  });
});
