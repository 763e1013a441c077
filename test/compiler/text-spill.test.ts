import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryTexts } from "../../src/compiler/post-texts.js";
import { openSpill, parkerIn, spilledTexts } from "../../src/compiler/text-spill.js";

describe("spilledTexts", () => {
  it("gives back each post's body and summary as put, across chunk flushes, and leaves no file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "spill-test-"));
    const texts = spilledTexts(dir);
    const body = (i: number) => `# Post ${i}\n\n${"Ünïcode … text ".repeat(i % 7 === 0 ? 20_000 : 40)}\n`;
    for (let i = 0; i < 300; i++) texts.put(`posts/p${i}.md`, { body: body(i), summary: [`point ${i}`, "“quoted”"] });
    // Unlinked while open: nothing is left in the folder even if the process dies.
    expect(readdirSync(dir)).toEqual([]);
    for (const i of [299, 0, 7, 150, 298]) {
      expect(texts.get(`posts/p${i}.md`)).toEqual({ body: body(i), summary: [`point ${i}`, "“quoted”"] });
    }
    expect(texts.get("posts/none.md")).toBeUndefined();
    // A text put after reads began is still found.
    texts.put("posts/late.md", { body: "late", summary: [] });
    expect(texts.get("posts/late.md")).toEqual({ body: "late", summary: [] });
    texts.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps the newest text when a file is put twice (a patch given up, then the full build)", () => {
    const texts = spilledTexts(mkdtempSync(join(tmpdir(), "spill-test-")));
    texts.put("a.md", { body: "first", summary: [] });
    texts.put("a.md", { body: "second", summary: ["s"] });
    expect(texts.get("a.md")).toEqual({ body: "second", summary: ["s"] });
    texts.close();
  });
});

describe("openSpill", () => {
  it("makes its file only when something is parked, gives the bytes back, and nothing once closed", () => {
    const dir = mkdtempSync(join(tmpdir(), "spill-test-"));
    const spill = openSpill(dir);
    const park = parkerIn(spill);
    // Unlinked at once: the folder stays empty before and after the first park.
    expect(readdirSync(dir)).toEqual([]);
    const a = park(Buffer.from("first file"));
    const big = Buffer.alloc(3 << 20, "x");
    const b = park(big);
    const c = park(Buffer.from("après"));
    expect(a()?.toString()).toBe("first file");
    expect(b()?.equals(big)).toBe(true);
    expect(c()?.toString()).toBe("après");
    spill.close();
    spill.close();
    expect(a()).toBeUndefined();
    expect(() => spill.park(Buffer.from("late"))).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("closes without a file when nothing was parked", () => {
    const spill = openSpill(mkdtempSync(join(tmpdir(), "spill-test-")));
    expect(() => spill.close()).not.toThrow();
  });
});

describe("memoryTexts", () => {
  it("gives back what was put", () => {
    const texts = memoryTexts();
    texts.put("a.md", { body: "b", summary: ["s"] });
    expect(texts.get("a.md")).toEqual({ body: "b", summary: ["s"] });
    expect(texts.get("b.md")).toBeUndefined();
  });
});
