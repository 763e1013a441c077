import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The project targets Node 24 LTS (engines >=22); CI and `. scripts/node.sh` put 24 on PATH.
describe("platform", () => {
  const engines = JSON.parse(readFileSync("package.json", "utf8")).engines.node as string;

  it("runs the tests on a Node the project supports", () => {
    const minimum = Number(/^>=(\d+)$/.exec(engines)?.[1]);
    expect(minimum).toBe(22);
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(minimum);
  });
});
