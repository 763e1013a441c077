import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import type { CompileOutput } from "../../src/compiler/compile.js";
import { watchSite } from "../../src/compiler/watch.js";

const root = mkdtempSync(join(tmpdir(), "feedloom-watch-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("watchSite", () => {
  it("rebuilds on a post edit, and lists public/ again only after a change there", async () => {
    cpSync("posts", join(root, "posts"), { recursive: true });
    cpSync("public", join(root, "public"), { recursive: true });
    const options = {
      postsDir: join(root, "posts"),
      publicDir: join(root, "public"),
      outDir: join(root, "out"),
      env: {},
      now: new Date("2026-11-25T00:00:00Z"),
    };
    const built: CompileOutput[] = [];
    let waiting: (() => void) | undefined;
    const next = () => new Promise<void>((resolve) => (waiting = resolve));
    const stop = watchSite(
      options,
      buildSite(options),
      (output) => {
        built.push(output);
        waiting?.();
      },
      (message) => {
        throw new Error(message);
      },
      20,
    );
    try {
      const post = join(options.postsDir, "2025-01-21-riverside-tram-line-opens.md");
      const edit = async (line: string) => {
        const done = next();
        writeFileSync(post, `${readFileSync(post, "utf8")}\n${line}\n`);
        await done;
      };
      await edit("First edit.");
      expect(built.at(-1)?.changed.length).toBeGreaterThan(0);
      // A public file added: listed again and published.
      let done = next();
      writeFileSync(join(options.publicDir, "added.txt"), "added\n");
      await done;
      expect(readFileSync(join(options.outDir, "added.txt"), "utf8")).toBe("added\n");
      // A post edit after it keeps the file (the listing kept is the new one) …
      await edit("Second edit.");
      expect(existsSync(join(options.outDir, "added.txt"))).toBe(true);
      // … and its removal is seen.
      done = next();
      rmSync(join(options.publicDir, "added.txt"));
      await done;
      expect(existsSync(join(options.outDir, "added.txt"))).toBe(false);
      await edit("Third edit.");
      expect(existsSync(join(options.outDir, "added.txt"))).toBe(false);
      expect(readFileSync(join(options.outDir, "site.css"), "utf8")).toBe(
        readFileSync(join(options.publicDir, "site.css"), "utf8"),
      );
    } finally {
      stop();
    }
  });
});
