import { describe, expect, it } from "vitest";
import { heldText, parkedText, textOf } from "../../src/compiler/source.js";

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

describe("parkedText", () => {
  it("decodes the parked bytes each time, and reads the file once they are gone", () => {
    let parked: Uint8Array | undefined = new TextEncoder().encode("parked ü");
    let reads = 0;
    const file = parkedText(
      "posts/a.md",
      "h",
      () => parked,
      (bytes) => new TextDecoder().decode(bytes),
      () => {
        reads++;
        return "read again";
      },
    );
    expect(textOf(file)).toBe("parked ü");
    expect(textOf(file)).toBe("parked ü");
    expect(reads).toBe(0);
    parked = undefined;
    expect(textOf(file)).toBe("read again");
    expect(reads).toBe(1);
    expect([file.path, file.hash]).toEqual(["posts/a.md", "h"]);
  });
});
