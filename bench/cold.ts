import type { Report } from "./report.js";
import { type Child, get, startChild } from "./util.js";

export interface ColdResult {
  /** TTFB of the first request a fresh server gets, per round (ms). */
  cold: number[];
  /** TTFB of the same request right after (rendered bytes cached), per round (ms). */
  warm: number[];
  /** Process spawn → listening (ms), per round. */
  start: number[];
  /** TTFB of other feed pages nobody asked for yet, each once, in the same (now warm) process (ms). */
  uncached: number[];
}

/**
 * Part 4: a fresh server process per round, one request for a feed page nobody asked for
 * yet, then the same again; then each of `others` (pages of other lists) once.
 */
export async function coldRequest(outDir: string, path: string, others: string[], rounds: number): Promise<ColdResult> {
  const result: ColdResult = { cold: [], warm: [], start: [], uncached: [] };
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
      for (const other of others) {
        const response = await get(child.port, other);
        if (response.status !== 200) throw new Error(`GET ${other}: ${response.status}, expected 200`);
        result.uncached.push(response.ttfbMs);
      }
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
  uncachedBaseline?: { label: string; value: number },
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
  if (result.uncached.length > 0) {
    report.addRounds(
      {
        group,
        metric: "TTFB of a feed page never asked for (running server; median, min–max over pages)",
        unit: "ms",
        ...(uncachedBaseline && { baseline: uncachedBaseline }),
      },
      result.uncached,
      pick,
    );
  }
  report.addRounds({ group, metric: "server process start (spawn → listening)", unit: "ms" }, result.start, pick);
}
