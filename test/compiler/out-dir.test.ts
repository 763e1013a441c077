import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BuildError } from "../../src/compiler/build-error.js";
import { buildSite } from "../../src/compiler/build-site.js";

const root = mkdtempSync(join(tmpdir(), "feedloom-out-dir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the sample posts and public files, in a folder of its own. */
function sample(name: string) {
  const dir = join(root, name);
  cpSync("posts", join(dir, "posts"), { recursive: true });
  cpSync("public", join(dir, "public"), { recursive: true });
  const now = new Date("2026-11-25T00:00:00Z");
  return { postsDir: join(dir, "posts"), publicDir: join(dir, "public"), outDir: join(dir, "out"), env: {}, now };
}

/** Every file under `dir`, path → bytes. */
function files(dir: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      all.set(
        relative(dir, join(entry.parentPath, entry.name)),
        readFileSync(join(entry.parentPath, entry.name), "latin1"),
      );
  }
  return all;
}

describe("an OUT_DIR that a build would destroy something in", () => {
  it("is refused when it holds files no build wrote, which stay", () => {
    const options = sample("foreign");
    mkdirSync(join(options.outDir, ".git"), { recursive: true });
    writeFileSync(join(options.outDir, ".git", "HEAD"), "ref: refs/heads/main\n");
    writeFileSync(join(options.outDir, "notes.txt"), "mine");
    expect(() => buildSite(options)).toThrow(
      /holds files no build wrote \(\.git, notes\.txt\); refusing to replace them/,
    );
    expect(readFileSync(join(options.outDir, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(options.outDir, ".git", "HEAD"))).toBe(true);
  });

  it.each([
    ["the posts folder", (o: ReturnType<typeof sample>) => ({ ...o, outDir: o.postsDir })],
    [
      "a folder inside the posts folder",
      (o: ReturnType<typeof sample>) => ({ ...o, outDir: join(o.postsDir, "site") }),
    ],
    ["the public folder", (o: ReturnType<typeof sample>) => ({ ...o, outDir: o.publicDir })],
    [
      "a folder holding the public folder",
      (o: ReturnType<typeof sample>) => ({ ...o, outDir: join(o.publicDir, "..") }),
    ],
    ["the working folder", (o: ReturnType<typeof sample>) => ({ ...o, outDir: "." })],
  ])("is refused when it is %s, and nothing is touched", (name, change) => {
    const options = sample(`overlap-${name.replaceAll(" ", "-")}`);
    const before = files(join(options.postsDir, ".."));
    expect(() => buildSite(change(options))).toThrow(BuildError);
    expect(() => buildSite(change(options))).toThrow(
      /^OUT_DIR=.* (overlaps (POSTS|PUBLIC)_DIR=|holds the working folder)/,
    );
    expect(files(join(options.postsDir, ".."))).toEqual(before);
  });
});

describe("a build that cannot finish", () => {
  it("keeps the last build when the posts folder is missing", () => {
    const options = sample("missing-posts");
    buildSite(options);
    const before = files(options.outDir);
    expect(() => buildSite({ ...options, postsDir: join(root, "missing-posts", "post") })).toThrow(
      /post: no such folder \(POSTS_DIR\); nothing was built, the last build is kept$/,
    );
    expect(files(options.outDir)).toEqual(before);
  });

  it("leaves the served build untouched when writing the next one fails, and the build after that is whole", () => {
    const options = sample("write-fails");
    buildSite(options);
    buildSite(options); // both generations exist now
    const served = realpathSync(options.outDir);
    const before = files(options.outDir);
    // The generation being written gets a folder where the manifest must go: the write fails midway.
    const spare = join(served, "..", served.endsWith("a") ? "b" : "a");
    rmSync(join(spare, "_data", "manifest.json"));
    mkdirSync(join(spare, "_data", "manifest.json", "in-the-way"), { recursive: true });
    const post = join(options.postsDir, "2025-01-21-riverside-tram-line-opens.md");
    writeFileSync(post, `${readFileSync(post, "utf8")}\nOne more line.\n`);
    expect(() => buildSite(options)).toThrow(/could not write the site \(EISDIR.*\); the last good build is kept$/);
    expect(realpathSync(options.outDir)).toBe(served);
    expect(files(options.outDir)).toEqual(before);
    rmSync(join(spare, "_data", "manifest.json"), { recursive: true });
    const output = buildSite(options);
    const fresh = { ...options, outDir: join(root, "write-fails", "fresh") };
    expect(output.stats).toEqual(buildSite(fresh).stats);
    // The build state differs (times of reading); what is served does not.
    const servedFiles = (dir: string) =>
      new Map([...files(dir)].filter(([path]) => !/build-(state|posts)[./]/.test(path)));
    expect(servedFiles(options.outDir)).toEqual(servedFiles(fresh.outDir));
  });

  it("leaves the served build untouched when a bundle written as it is made fails, and the build after that is whole", () => {
    const options = sample("stream-fails");
    buildSite(options);
    buildSite(options);
    const served = realpathSync(options.outDir);
    const before = files(options.outDir);
    // Every bundle of the generation being written is a folder: a full build fails while compiling.
    const spare = join(served, "..", served.endsWith("a") ? "b" : "a");
    const bundles = readdirSync(join(spare, "_data", "items"));
    for (const name of bundles) {
      rmSync(join(spare, "_data", "items", name));
      mkdirSync(join(spare, "_data", "items", name, "in-the-way"), { recursive: true });
    }
    // A new post: not a patch, so every changed file is written while compiling.
    writeFileSync(join(options.postsDir, "2025-02-01-new.md"), "---\ntitle: New\n---\n\nNew post.\n");
    expect(() => buildSite(options)).toThrow(/could not write the site \(EISDIR.*\); the last good build is kept$/);
    expect(realpathSync(options.outDir)).toBe(served);
    expect(files(options.outDir)).toEqual(before);
    for (const name of bundles) rmSync(join(spare, "_data", "items", name), { recursive: true });
    const output = buildSite(options);
    expect(output.patched).toBeUndefined();
    expect(output.files.size).toBe(0);
    const fresh = { ...options, outDir: join(root, "stream-fails", "fresh") };
    expect(output.stats).toEqual(buildSite(fresh).stats);
    const servedFiles = (dir: string) =>
      new Map([...files(dir)].filter(([path]) => !/build-(state|posts)[./]/.test(path)));
    expect(servedFiles(options.outDir)).toEqual(servedFiles(fresh.outDir));
  });

  it("refuses a _data folder in public/, naming its file", () => {
    const options = sample("public-data");
    buildSite(options);
    const before = files(options.outDir);
    mkdirSync(join(options.publicDir, "_data"));
    writeFileSync(join(options.publicDir, "_data", "manifest.json"), "{}");
    expect(() => buildSite(options)).toThrow(/public\/_data: public\/ must not hold a _data folder/);
    expect(files(options.outDir)).toEqual(before);
  });
});

describe("symbolic links in public/", () => {
  it("are published only when they lead to a file inside public/", () => {
    const options = sample("links");
    const secret = join(root, "links", "secret");
    mkdirSync(secret);
    writeFileSync(join(secret, "passwd"), "root:x:0:0");
    symlinkSync(secret, join(options.publicDir, "linkdir"));
    symlinkSync(join(secret, "passwd"), join(options.publicDir, "passwd.txt"));
    symlinkSync(join(options.publicDir, "site.css"), join(options.publicDir, "alias.css"));
    const output = buildSite(options);
    expect(existsSync(join(options.outDir, "linkdir"))).toBe(false);
    expect(existsSync(join(options.outDir, "passwd.txt"))).toBe(false);
    expect(readFileSync(join(options.outDir, "alias.css"), "utf8")).toBe(readFileSync("public/site.css", "utf8"));
    const warnings = output.problems
      .filter((p) => p.field === "file")
      .map((p) => `${p.file.replace(/.*\/public\//, "public/")}: ${p.message}`);
    expect(warnings).toEqual([
      "public/linkdir: a symbolic link to outside public/; not published",
      "public/passwd.txt: a symbolic link to outside public/; not published",
    ]);
  });

  it("never lead a post's image outside public/", () => {
    const options = sample("image-link");
    const outside = join(root, "image-link", "outside");
    mkdirSync(outside);
    cpSync("public/images", outside, { recursive: true });
    rmSync(join(options.publicDir, "images"), { recursive: true });
    symlinkSync(outside, join(options.publicDir, "images"));
    const output = buildSite(options);
    const image = output.problems.filter((p) => p.field === "image");
    expect(image.length).toBeGreaterThan(0);
    expect(image[0]?.message).toMatch(/^file not found: /);
  });
});

describe("the generation a rebuild writes", () => {
  const ino = (path: string) => statSync(path).ino;

  it("links the served generation's unchanged public files, and never writes through a link", () => {
    const options = sample("linked");
    const css = join(options.publicDir, "site.css");
    const first = realpathSync(buildSite(options) && options.outDir);
    // The spare generation is empty: the second build links what the first one copied.
    const second = realpathSync(buildSite(options) && options.outDir);
    expect(second).not.toBe(first);
    expect(ino(join(second, "site.css"))).toBe(ino(join(first, "site.css")));
    expect(statSync(join(second, "site.css")).nlink).toBe(2);
    // A changed file is written into the spare generation (the first): the served one keeps its bytes.
    writeFileSync(css, `${readFileSync(css, "utf8")}\n/* edited */\n`);
    const third = realpathSync(buildSite(options) && options.outDir);
    expect(third).toBe(first);
    expect(readFileSync(join(third, "site.css"), "utf8")).toContain("/* edited */");
    expect(readFileSync(join(second, "site.css"), "utf8")).not.toContain("/* edited */");
    expect(ino(join(third, "site.css"))).not.toBe(ino(join(second, "site.css")));
    // Edited data files too: the post's bundle is written anew in the spare, not through the link.
    const served = files(third);
    const post = join(options.postsDir, "2025-01-21-riverside-tram-line-opens.md");
    writeFileSync(post, `${readFileSync(post, "utf8")}\nOne more line.\n`);
    const fourth = realpathSync(buildSite(options) && options.outDir);
    expect(fourth).toBe(second);
    const fresh = { ...options, outDir: join(root, "linked", "fresh") };
    buildSite(fresh);
    const withoutState = (all: Map<string, string>) =>
      new Map([...all].filter(([path]) => !path.startsWith(join("_data", "build-"))));
    expect(withoutState(files(fourth))).toEqual(withoutState(files(fresh.outDir)));
    expect(files(third)).toEqual(served);
  });
});
