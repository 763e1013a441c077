import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/build/site.js";
import { allItems, fromDir } from "../support/site-data.js";

/** Every file under `dir` (but the build state), path → bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (!full.endsWith("build-state.json")) files.set(relative(dir, full), readFileSync(full, "latin1"));
    }
  };
  walk(dir);
  return files;
}

// A rebuild reuses the previous build's state, and must give exactly what a fresh build gives.
describe("incremental rebuilds", () => {
  const root = mkdtempSync(join(tmpdir(), "feedsmith-incremental-"));
  const posts = join(root, "posts");
  cpSync("posts", posts, { recursive: true });
  const now = new Date("2026-11-25T00:00:00Z");
  const build = (outDir: string, env: Record<string, string> = {}) =>
    buildSite({ postsDir: posts, publicDir: "public", outDir, env, now });
  const incremental = join(root, "incremental");
  build(incremental);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const fresh = (env: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(root, "fresh-"));
    build(dir, env);
    return snapshot(dir);
  };

  it("writes nothing but the manifest when nothing changed", () => {
    const output = build(incremental);
    expect([...output.files.keys()]).toEqual(["_data/manifest.json"]);
    expect(output.removed).toEqual([]);
    expect(output.changed).toEqual([]);
    expect(snapshot(incremental)).toEqual(fresh());
  });

  it("renders only the edited post, and updates the posts whose Related content names it", () => {
    const file = join(posts, "2026-08-04-pacific-fisheries-agreement.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/^title: .*$/m, 'title: "Pacific fisheries deal, retitled"'),
    );
    const output = build(incremental);
    expect(output.changed).toContain("pacific-fisheries-agreement");
    // The Japan base story pins it as related: its item changes too, the unrelated ones do not.
    expect(output.changed).toContain("us-combat-base-japan");
    expect(output.changed.length).toBeLessThan(12);
    expect(output.files.has("_data/items/0.json")).toBe(true);
    expect(snapshot(incremental)).toEqual(fresh());
  });

  it("removes the files of a deleted post and publishes a new one", () => {
    rmSync(join(posts, "2025-06-03-library-digitises-archives.md"));
    writeFileSync(
      join(posts, "2026-09-09-new-story.md"),
      "---\ntitle: A new story\ndate: 2026-09-09\ntags: [Cities]\n---\nBody of the new story.\n",
    );
    const output = build(incremental);
    expect(allItems(fromDir(incremental)).has("library-digitises-archives")).toBe(false);
    expect(output.changed).toContain("new-story");
    expect(allItems(fromDir(incremental)).get("new-story")?.title).toBe("A new story");
    expect(snapshot(incremental)).toEqual(fresh());
  });

  it("leaves a broken post out and brings it back when fixed", () => {
    const file = join(posts, "2025-10-05-rail-timetable-change.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^title: .*\n/m, ""));
    const broken = build(incremental);
    expect(broken.problems.some((p) => p.file.endsWith("rail-timetable-change.md") && p.field === "title")).toBe(true);
    expect(snapshot(incremental)).toEqual(fresh());
    writeFileSync(file, text);
    build(incremental);
    expect(snapshot(incremental)).toEqual(fresh());
  });

  it("renders everything again when the site configuration changes", () => {
    const env = { SITE_TITLE: "Another Title", SITE_URL: "https://news.example.com" };
    const output = build(incremental, env);
    expect(output.changed.length).toBe(12);
    expect(snapshot(incremental)).toEqual(fresh(env));
  });

  it("starts from scratch when the state is gone", () => {
    rmSync(join(incremental, "_data", "build-state.json"));
    writeFileSync(join(incremental, "_data", "items", "99.json"), "{}");
    build(incremental);
    expect(snapshot(incremental)).toEqual(fresh());
  });
});
