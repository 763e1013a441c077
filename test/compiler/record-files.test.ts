import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileLines, LineWriter } from "../../src/compiler/record-files.js";

describe("record files: one line a record, in chunks", () => {
  const dir = mkdtempSync(join(tmpdir(), "feedloom-records-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads lines that span its 1 MiB chunks, multi-byte characters at the seams included", () => {
    const file = join(dir, "big");
    // Lines of odd lengths of 3-byte characters: some chunk boundary falls inside a character.
    const lines = Array.from({ length: 700 }, (_, i) => `${i}:${"€".repeat(1000 + i)}`);
    lines.push("x".repeat(3 << 20)); // a line longer than three chunks
    writeFileSync(file, `${lines.join("\n")}\n`);
    expect([...fileLines(file)]).toEqual(lines);
  });

  it("reads a last line without its newline, and skips empty lines", () => {
    const file = join(dir, "tail");
    writeFileSync(file, "a\n\nb");
    expect([...fileLines(file)]).toEqual(["a", "b"]);
  });

  it("writes every line, appending when asked", () => {
    const file = join(dir, "out");
    const writer = new LineWriter(file);
    const many = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"y".repeat(300)}`);
    for (const line of many) writer.line(line);
    writer.close();
    const more = new LineWriter(file, true);
    more.line("last");
    more.close();
    expect(readFileSync(file, "utf8")).toBe(`${[...many, "last"].join("\n")}\n`);
    expect(more.lines).toBe(1);
  });
});
