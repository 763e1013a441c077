import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SourceFile } from "../../src/compiler/compile.js";
import { textHash } from "../../src/compiler/keys.js";
import { loadPostFiles } from "../../src/compiler/load.js";

describe("loadPostFiles and the previous build's stamps", () => {
  const root = mkdtempSync(join(tmpdir(), "feedloom-load-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const folder = (files: Record<string, string>) => {
    const dir = join(root, `posts-${n++}`);
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const textOf = (file: SourceFile) => ("text" in file ? file.text : undefined);

  it("reads every file the first time, and records size, times and hash", () => {
    const dir = folder({ "a.md": "alpha", "b.md": "beta" });
    const loaded = loadPostFiles(dir, root);
    expect(loaded.files.map(textOf)).toEqual(["alpha", "beta"]);
    const stamp = loaded.sources.files[`${dir.slice(root.length + 1)}/a.md`];
    expect(stamp).toMatchObject({ size: 5, hash: textHash("alpha") });
  });

  it("does not read a file unchanged since well before the previous build, but can on demand", () => {
    const dir = folder({ "a.md": "alpha", "b.md": "beta" });
    // As if the previous build had started 10 s from now: both files are long settled by then.
    const first = loadPostFiles(dir, root, undefined, Date.now() + 10_000);
    const second = loadPostFiles(dir, root, first.sources);
    expect(second.files.map(textOf)).toEqual([undefined, undefined]);
    const a = second.files[0] as { hash: string; read: () => string };
    expect(a.hash).toBe(textHash("alpha"));
    expect(a.read()).toBe("alpha");
    expect(second.sources.files).toEqual(first.sources.files);
  });

  it("reads a file again when its size or its times changed", () => {
    const dir = folder({ "a.md": "alpha", "b.md": "beta", "c.md": "gamma" });
    const first = loadPostFiles(dir, root, undefined, Date.now() + 10_000);
    writeFileSync(join(dir, "a.md"), "alpha, longer");
    // Same size, and the old modification time put back: the change time still differs.
    writeFileSync(join(dir, "b.md"), "BETA");
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "b.md"), old, old);
    const second = loadPostFiles(dir, root, first.sources, Date.now() + 20_000);
    expect(second.files.map(textOf)).toEqual(["alpha, longer", "BETA", undefined]);
  });

  it("given the files a watch saw change, stats only those (and those under a folder it saw change)", () => {
    const dir = folder({ "a.md": "alpha", "b.md": "beta" });
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "c.md"), "gamma");
    const first = loadPostFiles(dir, root);
    // Changed without the watch telling: taken as it was (its recorded hash), not read.
    writeFileSync(join(dir, "a.md"), "ALPHA!");
    writeFileSync(join(dir, "b.md"), "BETA!");
    writeFileSync(join(dir, "sub", "c.md"), "GAMMA!");
    writeFileSync(join(dir, "d.md"), "delta");
    const second = loadPostFiles(dir, root, first.sources, Date.now(), undefined, new Set(["b.md", "sub"]));
    expect(second.files.map(textOf)).toEqual([undefined, "BETA!", "delta", "GAMMA!"]);
    expect((second.files[0] as { hash: string }).hash).toBe(textHash("alpha"));
  });

  it("reads a file again when it changed too close to the previous build's start to tell (racy)", () => {
    const dir = folder({ "a.md": "alpha" });
    const first = loadPostFiles(dir, root); // the file was written a moment ago
    const second = loadPostFiles(dir, root, first.sources);
    expect(second.files.map(textOf)).toEqual(["alpha"]);
  });

  it("forgets files that are gone", () => {
    const dir = folder({ "a.md": "alpha", "b.md": "beta" });
    const first = loadPostFiles(dir, root, undefined, Date.now() + 10_000);
    rmSync(join(dir, "b.md"));
    const second = loadPostFiles(dir, root, first.sources);
    expect(Object.keys(second.sources.files)).toHaveLength(1);
    expect(second.files).toHaveLength(1);
  });
});

describe("loadPostFiles over a content folder as the generators lay it out", () => {
  const root = mkdtempSync(join(tmpdir(), "feedloom-load-tree-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (path: string, text = "x") => {
    mkdirSync(join(root, "content", path, ".."), { recursive: true });
    writeFileSync(join(root, "content", path), text);
  };
  put("2024-01-01-top.md");
  put("post/my-bundle/index.md");
  put("post/my-bundle/cover.jpg");
  put("notes/a.markdown");
  put("notes/b.mdx");
  put("notes/c.html");
  put("notes/readme.txt");
  put("post/_index.md");
  put("_drafts/unfinished.md");
  put(".hidden/secret.md");
  put("index.md");

  it("reads posts in subfolders and page bundles, with every kind of post file", () => {
    const loaded = loadPostFiles(join(root, "content"), root);
    expect(loaded.files.map((f) => f.path)).toEqual([
      "content/2024-01-01-top.md",
      "content/notes/a.markdown",
      "content/notes/b.mdx",
      "content/notes/c.html",
      "content/post/my-bundle/index.md",
    ]);
  });

  it("reports each file or folder it skips by rule, as a warning", () => {
    const loaded = loadPostFiles(join(root, "content"), root);
    expect(loaded.problems.map((p) => [p.file, p.severity, p.message])).toEqual([
      ["content/_drafts", "warning", "skipped: a drafts folder (Jekyll's `_drafts`)"],
      ["content/index.md", "warning", "skipped: the folder's own index page, not a post"],
      ["content/post/_index.md", "warning", "skipped: a section index (Hugo's `_index.md`), not a post"],
    ]);
  });
});
