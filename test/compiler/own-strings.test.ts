import { describe, expect, it } from "vitest";
import { ownStrings } from "../../src/compiler/own-strings.js";

describe("ownStrings", () => {
  it("copies nested objects, arrays and strings, keeping Dates and other values", () => {
    const date = new Date("2026-01-02T03:04:05Z");
    const text = `---\ntitle: A title long enough to be a slice\n---\n${"body ".repeat(1000)}`;
    const title = text.slice(11, 45);
    const value = { title, date, tags: [{ name: title, slug: "a" }], n: 3, none: undefined, draft: false };
    const copy = ownStrings(value);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    expect(copy.tags).not.toBe(value.tags);
    expect(copy.tags[0]).not.toBe(value.tags[0]);
    expect(copy.date).toBe(date);
  });
});
