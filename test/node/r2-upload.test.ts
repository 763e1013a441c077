import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { uploadEntries } from "../../src/node/r2-upload.js";

describe("uploadEntries (npm run upload:r2)", () => {
  const dir = mkdtempSync(join(tmpdir(), "feedloom-r2-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists every file of the served build by its path, less .assetsignore and what it names", () => {
    const build = join(dir, ".site.builds", "a");
    for (const sub of ["_data/items", "images"]) mkdirSync(join(build, sub), { recursive: true });
    const files = {
      ".assetsignore": "_data/build-state.json\n_data/build-posts.ndjson\n_data/build-files.json\n",
      "_data/manifest.json": "{}",
      "_data/build-state.json": "{}",
      "_data/build-posts.ndjson": "",
      "_data/items/0.json": "x",
      "images/a.jpg": "jpg",
      "site.css": "css",
    };
    for (const [path, text] of Object.entries(files)) writeFileSync(join(build, path), text);
    symlinkSync(join(".site.builds", "a"), join(dir, "site"));
    const entries = uploadEntries(join(dir, "site"));
    expect(entries.map((e) => e.key)).toEqual([
      "_data/items/0.json",
      "_data/manifest.json",
      "images/a.jpg",
      "site.css",
    ]);
    for (const e of entries) expect(e.file).toBe(join(build, e.key));
  });
});
