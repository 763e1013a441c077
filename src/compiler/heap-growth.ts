import { setFlagsFromString } from "node:v8";

/**
 * How much V8 lets the heap grow past what the last full collection left, during a build: 30%.
 * A build allocates fast and its collections are cheap next to its work, so V8 would otherwise let
 * the heap grow to up to 4× what is live before it collects (its growing factor, 1.1–4, follows how
 * cheap collecting is), and most of a big build's peak memory would be garbage waiting to be
 * collected. Measured at 30,000 posts: peak RSS 1.39 GB → 0.83 GB, CPU unchanged.
 */
const BUILD_HEAP_GROWING_PERCENT = 30;

/**
 * Runs `build` with the heap's growth limited (`BUILD_HEAP_GROWING_PERCENT`), then gives V8 back
 * its own rule. Left alone when the process was started with its own `--heap-growing-percent`.
 * The process's flags and `setFlagsFromString` are parameters for tests.
 */
export function withBuildHeapGrowth<T>(
  build: () => T,
  { execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS, setFlags = setFlagsFromString } = {},
): T {
  if ([...execArgv, nodeOptions ?? ""].some((arg) => arg.includes("heap-growing-percent"))) return build();
  setFlags(`--heap-growing-percent=${BUILD_HEAP_GROWING_PERCENT}`);
  try {
    return build();
  } finally {
    // 0: V8 chooses the factor itself, its default.
    setFlags("--heap-growing-percent=0");
  }
}
