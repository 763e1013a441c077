import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTable, tableChanges, writeTable } from "../../src/compiler/state-tables.js";

describe("state tables: a base file and a log of changes", () => {
  const root = mkdtempSync(join(tmpdir(), "feedloom-tables-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const folder = () => {
    const dir = join(root, String(n++));
    mkdirSync(dir);
    return dir;
  };

  it("reads back what it wrote, keys in order, __proto__ as a plain key", () => {
    const dir = folder();
    const table = JSON.parse('{"b":1,"a":{"x":[1,2]},"__proto__":"p","é":"ü"}') as Record<string, unknown>;
    expect(writeTable(dir, "t", "w1", table)).toEqual([4, 0]);
    const read = readTable(dir, "t", "w1");
    expect(Object.keys(read)).toEqual(["b", "a", "__proto__", "é"]);
    expect(read).toEqual(table);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
  });

  it("links the served base and logs only the changes of a table derived from the one read", () => {
    const served = folder();
    const before = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, { i }]));
    writeTable(served, "t", "w1", before);
    const read = readTable<{ i: number }>(served, "t", "w1");
    const next: Record<string, unknown> = { ...read, k5: { i: -5 }, added: { i: 1 } };
    delete next.k7;
    const spare = folder();
    const counts = writeTable(spare, "t", "w2", next, { before: read, served, servedId: "w1", counts: [2000, 0] });
    expect(counts).toEqual([2000, 3]);
    expect(statSync(join(spare, "t.ndjson")).ino).toBe(statSync(join(served, "t.ndjson")).ino);
    const again = readTable(spare, "t", "w2");
    expect(again).toEqual(next);
    expect(Object.keys(again)).toEqual(Object.keys(next));
    // And once more, from the table it wrote: the log grows, the base stays.
    const third = { ...next, k9: "nine" };
    const other = folder();
    expect(writeTable(other, "t", "w3", third, { before: next, served: spare, servedId: "w2", counts })).toEqual([
      2000, 4,
    ]);
    expect(readTable(other, "t", "w3")).toEqual(third);
  });

  it("writes the base again when the served table is another write's, or the log would be long", () => {
    const served = folder();
    const before = { a: 1, b: 2 };
    writeTable(served, "t", "w1", before);
    const spare = folder();
    const next = { a: 1, b: 3 };
    expect(writeTable(spare, "t", "w2", next, { before, served, servedId: "other", counts: [2, 0] })).toEqual([2, 0]);
    expect(statSync(join(spare, "t.ndjson")).ino).not.toBe(statSync(join(served, "t.ndjson")).ino);
    const big = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i]));
    const bigServed = folder();
    writeTable(bigServed, "t", "w1", big);
    const changed = Object.fromEntries(Object.keys(big).map((k) => [k, -1]));
    expect(
      writeTable(folder(), "t", "w2", changed, { before: big, served: bigServed, servedId: "w1", counts: [3000, 0] }),
    ).toEqual([3000, 0]);
  });

  it("finds changes by identity, and no log for a table whose key order moved", () => {
    const shared = { x: 1 };
    expect(tableChanges({ a: shared, b: 1 }, { a: shared, b: 2, c: 3 })).toEqual({ set: ["b", "c"], removed: [] });
    expect(tableChanges({ a: 1, b: 2 }, { b: 2 })).toEqual({ set: [], removed: ["a"] });
    expect(tableChanges({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeUndefined();
    expect(tableChanges({ a: 1, b: 2 }, { c: 3, a: 1, b: 2 })).toBeUndefined();
  });
});
