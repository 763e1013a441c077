import type { Report } from "./report.js";
import { type Child, get, startChild } from "./util.js";

export interface ColdResult {
  /** TTFB of the first request a fresh server gets, per round (ms). */
  cold: number[];
  /** TTFB of the same request right after (rendered bytes cached), per round (ms). */
  warm: number[];
  /** Process spawn → listening (ms), per round. */
  start: number[];
}

/**
 * Part 4: a fresh server process per round, one request for a feed page nobody asked for
 * yet, then the same again.
 */
export async function coldRequest(outDir: string, path: string, rounds: number): Promise<ColdResult> {
  const result: ColdResult = { cold: [], warm: [], start: [] };
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    let child: Child | undefined;
    try {
      child = await startChild("serve.ts", [outDir]);
      result.start.push(performance.now() - started);
      const first = await get(child.port, path);
      if (first.status !== 200) throw new Error(`GET ${path}: ${first.status}, expected 200`);
      result.cold.push(first.ttfbMs);
      result.warm.push((await get(child.port, path)).ttfbMs);
    } finally {
      await child?.stop();
    }
  }
  return result;
}

/** Rows: cold TTFB against `baseline` (another size's cold TTFB) or else against the warm request. */
export function reportCold(
  report: Report,
  group: string,
  path: string,
  result: ColdResult,
  pick: (s: number[]) => number,
  baseline?: { label: string; value: number },
) {
  report.addRounds(
    {
      group,
      metric: `cold TTFB ${path}`,
      unit: "ms",
      baseline: baseline ?? { label: "warm", value: pick(result.warm) },
    },
    result.cold,
    pick,
  );
  report.addRounds({ group, metric: "warm TTFB, same URL", unit: "ms" }, result.warm, pick);
  report.addRounds({ group, metric: "server process start (spawn → listening)", unit: "ms" }, result.start, pick);
}
