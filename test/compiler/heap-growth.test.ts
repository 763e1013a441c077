import { describe, expect, it } from "vitest";
import { withBuildHeapGrowth } from "../../src/compiler/heap-growth.js";

describe("withBuildHeapGrowth", () => {
  it("limits the heap's growth while the build runs and gives V8 its own rule back after", () => {
    const flags: string[] = [];
    const seen: string[][] = [];
    const result = withBuildHeapGrowth(
      () => {
        seen.push([...flags]);
        return 42;
      },
      { execArgv: [], nodeOptions: undefined, setFlags: (f) => flags.push(f) },
    );
    expect(result).toBe(42);
    expect(seen).toEqual([["--heap-growing-percent=30"]]);
    expect(flags).toEqual(["--heap-growing-percent=30", "--heap-growing-percent=0"]);
  });

  it("gives the rule back when the build throws", () => {
    const flags: string[] = [];
    expect(() =>
      withBuildHeapGrowth(
        () => {
          throw new Error("broken");
        },
        { execArgv: [], setFlags: (f) => flags.push(f) },
      ),
    ).toThrow("broken");
    expect(flags.at(-1)).toBe("--heap-growing-percent=0");
  });

  it("leaves a process started with its own growing percent alone", () => {
    const flags: string[] = [];
    const setFlags = (f: string) => flags.push(f);
    expect(withBuildHeapGrowth(() => 1, { execArgv: ["--heap-growing-percent=80"], setFlags })).toBe(1);
    expect(withBuildHeapGrowth(() => 2, { execArgv: [], nodeOptions: "--heap-growing-percent=80", setFlags })).toBe(2);
    expect(flags).toEqual([]);
  });
});
