import { describe, expect, it } from "vitest";
import { heldText, textOf } from "../../src/compiler/source.js";

describe("heldText", () => {
  it("holds the text until released, then reads it again on demand", () => {
    let reads = 0;
    const file = heldText("posts/a.md", "h", "held", () => {
      reads++;
      return "read again";
    });
    expect(textOf(file)).toBe("held");
    expect(reads).toBe(0);
    file.release?.();
    expect(textOf(file)).toBe("read again");
    expect(reads).toBe(1);
    expect(file.hash).toBe("h");
  });
});
