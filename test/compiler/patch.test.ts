import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CompileInput, type CompileOutput, compileSite, type TextFile } from "../../src/compiler/compile.js";
import { loadSiteConfig } from "../../src/config/site-config.js";
import type { Problem } from "../../src/content/problem.js";

// The patched rebuild (src/compiler/patch.ts) in memory: when it applies, what it makes again, and that
// whether it applies or gives up, the site is the one a fresh compile makes.

const site = loadSiteConfig({});
const NOW = new Date("2026-01-01T00:00:00Z");
const JPEG = new Uint8Array(readFileSync("public/images/riverside-tram-line-opens.jpg"));
const OTHER_JPEG = new Uint8Array(readFileSync("public/images/us-combat-base-japan.jpg"));

const post = (path: string, lines: string[], body = "Some **body** text."): TextFile => ({
  path,
  text: `---\n${lines.join("\n")}\n---\n\n${body}\n`,
});
const FILES = [
  post("posts/2025-07-01-a.md", ["title: A", "date: 2025-07-01", "tags: [X]", "image:\n  src: /images/a.jpg"]),
  post("posts/2025-07-02-b.md", ["title: B", "date: 2025-07-02", "tags: [X, Y]"]),
  post("posts/2025-07-03-c.md", ["title: C", "date: 2025-07-03", "tags: [Z]"]),
  post("posts/2026-01-15-due.md", ["title: Due", "date: 2026-01-15", "tags: [Z]"]),
];
const UNREADABLE: Problem = {
  file: "posts/2025-07-04-latin1.md",
  line: 1,
  field: "file",
  message: "not valid UTF-8",
  severity: "error",
};

function compile(files: TextFile[], overrides: Partial<CompileInput> = {}): CompileOutput {
  const image = overrides.readPublicFile ?? ((path: string) => (path === "/images/a.jpg" ? JPEG : undefined));
  return compileSite({ files, site, now: NOW, readProblems: [UNREADABLE], ...overrides, readPublicFile: image });
}

/** The data files after `next` was written over `first`'s: what the output folder then holds. */
function after(first: CompileOutput, next: CompileOutput): Map<string, string> {
  const files = new Map([...first.files, ...next.files]);
  for (const path of next.removed) files.delete(path);
  return files;
}

/** A rebuild of `files` from the state `first` left, and a fresh compile of them. */
function rebuild(files: TextFile[], overrides: Partial<CompileInput> = {}) {
  const first = compile(FILES);
  const again = compile(files, { previous: first.state, readPrevious: (path) => first.files.get(path), ...overrides });
  const fresh = compile(files, overrides);
  const withoutTimes = (files: Map<string, string>) => {
    const manifest = JSON.parse(files.get("_data/manifest.json") ?? "{}");
    return new Map([...files, ["_data/manifest.json", JSON.stringify({ ...manifest, modified: undefined })]]);
  };
  // Only a later clock changes the times: a post unchanged since the first build keeps that build's.
  const same = overrides.now ? withoutTimes : (files: Map<string, string>) => files;
  expect(same(after(first, again))).toEqual(same(fresh.files));
  expect({ ...again.manifest, ...(overrides.now && { modified: {} }) }).toEqual({
    ...fresh.manifest,
    ...(overrides.now && { modified: {} }),
  });
  expect(again.problems).toEqual(fresh.problems);
  expect(again.stats).toEqual(fresh.stats);
  return again;
}

const edit = (index: number, change: (text: string) => string): TextFile[] =>
  FILES.map((f, i) => (i === index ? { ...f, text: change(f.text) } : f));

describe("a patched rebuild", () => {
  it("parses and renders only the edited post, and updates the posts whose Related content shows it", () => {
    const again = rebuild(edit(0, (t) => t.replace("title: A", "title: A, retitled")));
    expect(again.patched).toBe(true);
    expect(again.work).toEqual({ parsed: 1, rendered: 1 });
    // B shares tag X with A: its Related content names A's new title. C shares nothing.
    expect(again.changed).toEqual(["a", "b"]);
    expect(again.removed).toEqual([]);
  });

  it("renders nothing but the edited post when no other post shows it", () => {
    const again = rebuild(edit(2, (t) => t.replace("Some **body**", "Another body")));
    expect(again.patched).toBe(true);
    expect(again.changed).toEqual(["c"]);
  });

  it("counts what the loader could not read, as a full build does", () => {
    const again = rebuild(edit(1, (t) => `${t}More.\n`));
    expect(again.patched).toBe(true);
    expect(again.stats).toEqual({ files: 5, published: 3, drafts: 0, scheduled: 1, broken: 1 });
    expect(again.problems).toEqual([UNREADABLE]);
  });

  it.each<[string, TextFile[], Partial<CompileInput>?]>([
    ["the tags changed", edit(0, (t) => t.replace("tags: [X]", "tags: [Z]"))],
    ["the date changed", edit(2, (t) => t.replace("date: 2025-07-03", "date: 2025-07-05"))],
    ["a post became a draft", edit(1, (t) => t.replace("title: B", "title: B\ndraft: true"))],
    ["a post was given another slug", edit(1, (t) => t.replace("title: B", "title: B\nslug: bee"))],
    ["a post broke", edit(1, (t) => t.replace("title: B\n", ""))],
    ["a post was added", [...FILES, post("posts/2025-07-05-d.md", ["title: D", "date: 2025-07-05"])]],
    ["a post was removed", FILES.slice(1)],
    ["a scheduled post was removed", FILES.slice(0, 3)],
    ["the image file changed", FILES, { readPublicFile: (p) => (p === "/images/a.jpg" ? OTHER_JPEG : undefined) }],
    ["a setting changed", edit(0, (t) => `${t}More.\n`), { site: loadSiteConfig({ SITE_TITLE: "Another" }) }],
  ])("gives up when %s, and compiles what a fresh build does", (_, files, overrides = {}) => {
    expect(rebuild(files, overrides).patched).toBeUndefined();
  });

  it("gives up when a scheduled post is due, and publishes it", () => {
    const again = rebuild(
      edit(0, (t) => `${t}More.\n`),
      { now: new Date("2026-02-01T00:00:00Z") },
    );
    expect(again.patched).toBeUndefined();
    expect(again.changed).toContain("due");
    expect(again.stats.published).toBe(4);
  });
});
