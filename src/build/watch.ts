import { type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";
import type { CompileOutput } from "./compile.js";
import { type BuildOptions, buildSite } from "./site.js";

/**
 * Rebuilds whenever a file in the posts or public folder, or the site file, changes, keeping
 * the build state in memory between builds, and hands each result to `onBuilt`. A build that
 * throws (an invalid setting) goes to `onFailed`, and the previous build stays served.
 * Returns a function that stops watching.
 */
export function watchSite(
  options: BuildOptions,
  first: CompileOutput,
  onBuilt: (output: CompileOutput, ms: number) => void,
  onFailed: (error: unknown) => void,
  debounceMs = 100,
): () => void {
  let state = first.state;
  let timer: NodeJS.Timeout | undefined;
  const rebuild = () => {
    timer = undefined;
    const started = performance.now();
    let output: CompileOutput;
    try {
      output = buildSite({ ...options, previous: state });
    } catch (e) {
      onFailed(e);
      return;
    }
    state = output.state;
    onBuilt(output, performance.now() - started);
  };
  // Editors save in bursts (temporary file, rename, metadata): one build per burst.
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(rebuild, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  const tryWatch = (path: string, recursive: boolean, listener: (event: string, name: string | null) => void) => {
    try {
      watchers.push(watch(path, { recursive }, listener));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  };
  for (const dir of [options.postsDir, options.publicDir]) tryWatch(dir, true, changed);
  if (options.configFile !== undefined) {
    // Its folder, not the file: editors replace a file on save, and a watch on the old one goes quiet.
    const name = basename(options.configFile);
    tryWatch(dirname(options.configFile), false, (_event, changedName) => {
      if (changedName === null || changedName === name) changed();
    });
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
