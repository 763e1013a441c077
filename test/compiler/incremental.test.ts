import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import type { CompileOutput } from "../../src/compiler/compile.js";
import { listPublicFiles } from "../../src/compiler/public-files.js";
import { allItems, fromDir } from "../support/site-data.js";
import { snapshot } from "../support/snapshot.js";

// A rebuild reuses the previous build's state, and must give exactly what a fresh build gives. Each test
// starts from its own copy of the sample site, built once: none depends on another or on their order.
describe("incremental rebuilds", () => {
  let root: string;
  let posts: string;
  let publicDir: string;
  let incremental: string;
  const now = new Date("2026-11-25T00:00:00Z");
  const build = (outDir: string, env: Record<string, string> = {}) =>
    buildSite({ postsDir: posts, publicDir, outDir, env, now });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "feedloom-incremental-"));
    posts = join(root, "posts");
    cpSync("posts", posts, { recursive: true });
    publicDir = join(root, "public");
    cpSync("public", publicDir, { recursive: true });
    incremental = join(root, "incremental");
    build(incremental);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** What a rebuild reports and writes equals what a fresh build of the same folder reports and writes. */
  const expectFresh = (output: CompileOutput, env: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(root, "fresh-"));
    const again = build(dir, env);
    expect(output.problems).toEqual(again.problems);
    expect(output.stats).toEqual(again.stats);
    expect(snapshot(incremental)).toEqual(snapshot(dir));
  };

  /** Rewrites a post file through `change`. */
  const editPost = (name: string, change: (text: string) => string) => {
    const file = join(posts, name);
    const text = readFileSync(file, "utf8");
    const next = change(text);
    expect(next).not.toBe(text);
    writeFileSync(file, next);
  };

  it("writes nothing but the manifest when nothing changed", () => {
    const output = build(incremental);
    expect(output.patched).toBe(true);
    expect([...output.files.keys()]).toEqual(["_data/manifest.json"]);
    expect(output.removed).toEqual([]);
    expect(output.changed).toEqual([]);
    expectFresh(output);
  });

  it("as npm start rebuilds (state, listing of public/ and the changed posts given): the edited post only, as fresh", () => {
    const listed = listPublicFiles(publicDir);
    const watched = (previous?: CompileOutput, touched?: string[]) =>
      buildSite({
        postsDir: posts,
        publicDir,
        outDir: incremental,
        env: {},
        now,
        publicFiles: listed,
        ...(previous && { previous: previous.state }),
        ...(touched && { postsTouched: new Set(touched) }),
      });
    let output = watched();
    for (const n of [1, 2, 3]) {
      // A new lead image too: measured, though the others are trusted as the listing says.
      const image = n === 2 ? "us-combat-base-japan" : "rail-timetable-change";
      editPost("2025-01-21-riverside-tram-line-opens.md", (t) =>
        t.replace(/^ {2}src: .*$/m, `  src: /images/${image}.jpg`).concat(`\nEdit ${n}.\n`),
      );
      output = watched(output, ["2025-01-21-riverside-tram-line-opens.md"]);
      expect(output.patched).toBe(true);
      expect(output.changed).toContain("riverside-tram-line-opens");
      expectFresh(output);
    }
    // A post changed without the watch saying so is taken as it was; once said, it is read.
    editPost("2025-03-30-us-combat-base-japan.md", (t) => `${t}\nUnseen edit.\n`);
    expect(watched(output, []).changed).toEqual([]);
  });

  it("renders only the edited post, and updates the posts whose Related content names it", () => {
    const file = join(posts, "2026-08-04-pacific-fisheries-agreement.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(/^title: .*$/m, 'title: "Pacific fisheries deal, retitled"'),
    );
    const output = build(incremental);
    expect(output.patched).toBe(true);
    expect(output.changed).toContain("pacific-fisheries-agreement");
    // The Japan base story pins it as related: its item changes too, the unrelated ones do not.
    expect(output.changed).toContain("us-combat-base-japan");
    expect(output.changed.length).toBeLessThan(12);
    expect(output.files.has("_data/items/0.json")).toBe(true);
    expectFresh(output);
  });

  it.each([
    ["the body", "2025-01-21-riverside-tram-line-opens.md", (t: string) => `${t}\nOne more paragraph.\n`],
    [
      "a summary bullet",
      "2026-08-04-pacific-fisheries-agreement.md",
      (t: string) => t.replace("**Shared catch limits:**", "**Shared catch limits, edited:**"),
    ],
    [
      "the image caption",
      "2025-03-30-us-combat-base-japan.md",
      (t: string) => t.replace('caption: "Sample artwork:', 'caption: "Edited. Sample artwork:'),
    ],
    [
      "the title of a post others show as related",
      "2025-03-30-us-combat-base-japan.md",
      (t: string) => t.replace(/^title: .*$/m, 'title: "US base in Japan, retitled"'),
    ],
  ])("patches the previous build when only %s changed", (_, name, change) => {
    editPost(name, change);
    const output = build(incremental);
    expect(output.patched).toBe(true);
    expect(output.changed.length).toBeGreaterThan(0);
    expectFresh(output);
  });

  it.each([
    ["a date", "2025-01-21-riverside-tram-line-opens.md", (t: string) => t.replace(/^date: .*$/m, "date: 2025-01-22")],
    ["the tags", "2025-01-21-riverside-tram-line-opens.md", (t: string) => t.replace(/^tags: .*$/m, "tags: [Trams]")],
    [
      "a draft flag",
      "2025-06-03-library-digitises-archives.md",
      (t: string) => t.replace(/^title:/m, "draft: true\ntitle:"),
    ],
  ])("compiles everything again when %s changed, and gives what a fresh build gives", (_, name, change) => {
    editPost(name, change);
    const output = build(incremental);
    expect(output.patched).toBeUndefined();
    expectFresh(output);
  });

  it("compiles everything again when an image file in public/ changed", () => {
    const image = readdirSync(join(publicDir, "images"))[0] as string;
    cpSync(
      join(publicDir, "images", readdirSync(join(publicDir, "images"))[1] as string),
      join(publicDir, "images", image),
    );
    const output = build(incremental);
    expect(output.patched).toBeUndefined();
    expectFresh(output);
  });

  it("leaves no empty folder behind when a tag is removed", () => {
    editPost("2025-01-21-riverside-tram-line-opens.md", (t) => t.replace(/^tags: .*$/m, "tags: [Trams, Gone Soon]"));
    build(incremental);
    expect(snapshot(incremental).get("_data/lists/tag/gone-soon")).toBe("folder");
    editPost("2025-01-21-riverside-tram-line-opens.md", (t) => t.replace(", Gone Soon]", "]"));
    const output = build(incremental);
    expect(snapshot(incremental).has("_data/lists/tag/gone-soon")).toBe(false);
    expectFresh(output);
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
    expectFresh(output);
  });

  it("leaves a broken post out and brings it back when fixed", () => {
    const file = join(posts, "2025-10-05-rail-timetable-change.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^title: .*\n/m, ""));
    const broken = build(incremental);
    expect(broken.problems.some((p) => p.file.endsWith("rail-timetable-change.md") && p.field === "title")).toBe(true);
    expectFresh(broken);
    writeFileSync(file, text);
    expectFresh(build(incremental));
  });

  it("renders everything again when the site configuration changes", () => {
    const env = { SITE_TITLE: "Another Title", SITE_URL: "https://news.example.com" };
    const output = build(incremental, env);
    expect(output.changed.length).toBe(12);
    expectFresh(output, env);
  });

  it("starts from scratch, leaving nothing of the old layout, when the state is another version's", () => {
    const file = join(incremental, "_data", "build-state", "head.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^\{"version":\d+/, '{"version":1'));
    writeFileSync(join(incremental, "_data", "items", "old-layout-item.json"), "{}");
    const output = build(incremental);
    expect(output.patched).toBeUndefined();
    expectFresh(output);
  });

  it("starts from scratch when the state is gone", () => {
    rmSync(join(incremental, "_data", "build-state"), { recursive: true });
    writeFileSync(join(incremental, "_data", "items", "99.json"), "{}");
    expectFresh(build(incremental));
  });

  // A post that is not UTF-8 is a loader problem: each patched rebuild used to count it once more.
  it("counts a post that is not UTF-8 once, however many patched rebuilds follow", () => {
    const bad = join(posts, "2025-12-01-latin1.md");
    writeFileSync(bad, Buffer.from("---\ntitle: Caf\xe9\ndate: 2025-12-01\n---\nBody.\n", "latin1"));
    const first = build(incremental);
    expect(first.stats.broken).toBe(1);
    expectFresh(first);
    for (const n of [1, 2, 3]) {
      editPost("2025-01-21-riverside-tram-line-opens.md", (t) => `${t}\nEdit ${n}.\n`);
      const output = build(incremental);
      expect(output.patched).toBe(true);
      expect(output.stats.broken).toBe(1);
      expect(output.problems.filter((p) => p.file.endsWith("latin1.md"))).toHaveLength(1);
      expectFresh(output);
    }
  });

  it("reports problems in the order a fresh build does after patching a post with a warning", () => {
    // A site's own Liquid tag cannot be run: a warning, in the edited post and in one after it.
    const warned = (title: string) => `---\ntitle: ${title}\ndate: 2025-02-01\n---\nBefore {% include x.html %}.\n`;
    writeFileSync(join(posts, "2025-02-01-first-warned.md"), warned("First"));
    writeFileSync(join(posts, "2025-02-01-second-warned.md"), warned("Second"));
    expectFresh(build(incremental));
    writeFileSync(join(posts, "2025-02-01-first-warned.md"), warned("First, retitled"));
    const output = build(incremental);
    expect(output.patched).toBe(true);
    expect(output.problems.map((p) => p.file.replace(/.*\//, ""))).toEqual([
      "2025-02-01-first-warned.md",
      "2025-02-01-second-warned.md",
    ]);
    expectFresh(output);
  });

  // Its parse result comes from the state, without the body: read again, the post must keep the slug it was given.
  it("renders a post served under a dated slug again under that slug", () => {
    const post = (date: string) =>
      `---\ntitle: Elections ${date}\ndate: ${date}\nimage:\n  src: /images/rail-timetable-change.jpg\n---\nBody.\n`;
    for (const [folder, date] of [
      ["2022", "2022-10-01"],
      ["2023", "2023-10-02"],
    ]) {
      mkdirSync(join(posts, folder as string));
      writeFileSync(join(posts, folder as string, "elections.md"), post(date as string));
    }
    build(incremental);
    cpSync(
      join(publicDir, "images", "us-combat-base-japan.jpg"),
      join(publicDir, "images", "rail-timetable-change.jpg"),
    );
    const output = build(incremental);
    expect(output.patched).toBeUndefined();
    expect(allItems(fromDir(incremental)).get("elections-2023-10-02")?.slug).toBe("elections-2023-10-02");
    expectFresh(output);
  });
});
