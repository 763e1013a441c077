import { type FSWatcher, watch } from "node:fs";
import type { CompileOutput } from "./compile.js";
import { type BuildOptions, buildSite } from "./site.js";

/**
 * Rebuilds whenever a file in the posts or public folder changes, keeping the build state
 * in memory between builds, and hands each result to `onBuilt`. Returns a function that
 * stops watching.
 */
export function watchSite(
  options: BuildOptions,
  first: CompileOutput,
  onBuilt: (output: CompileOutput, ms: number) => void,
  debounceMs = 100,
): () => void {
  let state = first.state;
  let timer: NodeJS.Timeout | undefined;
  const rebuild = () => {
    timer = undefined;
    const started = performance.now();
    const output = buildSite({ ...options, previous: state });
    state = output.state;
    onBuilt(output, performance.now() - started);
  };
  // Editors save in bursts (temporary file, rename, metadata): one build per burst.
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(rebuild, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const dir of [options.postsDir, options.publicDir]) {
    try {
      watchers.push(watch(dir, { recursive: true }, changed));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
