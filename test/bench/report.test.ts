import { describe, expect, it } from "vitest";
import { pairedRatios, Report } from "../../bench/report.js";

describe("pairedRatios", () => {
  it("gives the lowest and highest ratio of each round to the baseline's round of the same index", () => {
    expect(pairedRatios([10, 30, 20], [10, 10, 40])).toEqual([0.5, 3]);
  });

  it("gives nothing when the rounds cannot be paired", () => {
    expect(pairedRatios([10, 20], [10])).toBeUndefined();
    expect(pairedRatios([10], [10])).toBeUndefined();
    expect(pairedRatios(undefined, [10, 20])).toBeUndefined();
    expect(pairedRatios([10, 20], undefined)).toBeUndefined();
  });
});

describe("Report", () => {
  it("prints the paired ratios beside the ratio of the picked values", () => {
    const report = new Report();
    report.addRounds(
      { group: "g", metric: "m", unit: "ms", baseline: { label: "base", value: 10, samples: [10, 20] } },
      [12, 18],
      (s) => Math.min(...s),
    );
    const row = report.table().split("\n")[2] as string;
    expect(row).toContain("×1.20");
    expect(row).toContain("×0.90–×1.20");
  });
});
