import { type FSWatcher, statSync, watch } from "node:fs";
import { basename, dirname, resolve, sep } from "node:path";
import { SettingsError } from "../config/site-config.js";
import { describeBuildFailure } from "./build-error.js";
import { type BuildOptions, buildSite } from "./build-site.js";
import type { CompileOutput } from "./compile.js";
import { listPublicFiles, type PublicFiles } from "./public-files.js";

/**
 * Rebuilds whenever a file in the posts or public folder, or the site file, changes, keeping
 * the build state in memory between builds, and hands each result to `onBuilt`. The public folder is
 * listed again (a stat per file) only after the watch saw something change in it. A rebuild that
 * fails (an invalid setting, a folder gone, a full disk) is handed to `onFailed` as one line and
 * changes nothing: the last good build stays. A folder that is removed and comes back is
 * watched again. Returns a function that stops watching.
 */
export function watchSite(
  options: BuildOptions,
  first: CompileOutput,
  onBuilt: (output: CompileOutput, ms: number) => void,
  onFailed: (message: string) => void = () => {},
  debounceMs = 100,
): () => void {
  let state = first.state;
  let listed: PublicFiles | undefined;
  let timer: NodeJS.Timeout | undefined;
  let scheduled: NodeJS.Timeout | undefined;
  // A post dated in the future is published by a rebuild when its date arrives (feeds, hub, followers).
  const schedule = () => {
    clearTimeout(scheduled);
    const at = state.patch?.scheduledUntil;
    if (at == null) return;
    // setTimeout holds at most 2^31-1 ms; the rebuild then sets the next timer.
    scheduled = setTimeout(changed, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
    scheduled.unref();
  };
  // The post files the watch saw change since the last build (not stat'ed otherwise), unless it may
  // have missed some: before its first event (it starts after the first build), after a watch was lost.
  let touched = new Set<string>();
  let touchedAll = true;
  const postChanged = (name: string | null) => {
    if (name === null) touchedAll = true;
    else touched.add(name.split(sep).join("/"));
    changed();
  };
  const rebuild = () => {
    timer = undefined;
    const [posts, publicFolder] = folders as [Folder, Folder];
    if (posts.refresh()) touchedAll = true;
    publicFolder.refresh();
    // Taken before the build reads the posts: a change seen while it runs is the next build's.
    const seen = touchedAll ? undefined : touched;
    touched = new Set();
    touchedAll = false;
    const started = performance.now();
    let output: CompileOutput;
    try {
      // Listed before the build reads it: a change seen while it runs clears `listed` for the next one.
      listed ??= listPublicFiles(options.publicDir);
      output = buildSite({ ...options, previous: state, publicFiles: listed, ...(seen && { postsTouched: seen }) });
    } catch (e) {
      listed = undefined;
      touchedAll = true;
      onFailed(e instanceof SettingsError ? e.message : describeBuildFailure(e));
      return;
    }
    state = output.state;
    schedule();
    onBuilt(output, performance.now() - started);
  };
  // Editors save in bursts (temporary file, rename, metadata): one build per burst.
  const changed = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(rebuild, debounceMs);
  };
  const folders = [
    watchFolder(options.postsDir, postChanged),
    watchFolder(options.publicDir, () => {
      listed = undefined;
      changed();
    }),
  ];
  const watchers: FSWatcher[] = [];
  if (options.configFile !== undefined) {
    // Its folder, not the file: editors replace a file on save, and a watch on the old one goes quiet.
    const name = basename(options.configFile);
    try {
      watchers.push(
        watch(dirname(options.configFile), (_event, changedName) => {
          if (changedName === null || changedName === name) changed();
        }),
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  schedule();
  return () => {
    if (timer) clearTimeout(timer);
    clearTimeout(scheduled);
    for (const folder of folders) folder.close();
    for (const w of watchers) w.close();
  };
}

/** A watched folder: `refresh` watches it again if it was replaced or its watch lost (true then). */
interface Folder {
  refresh: () => boolean;
  close: () => void;
}

/**
 * Watches `dir` and everything in it, and its parent for `dir` itself: a watch follows the
 * folder it was given, so after `mv posts posts.old` and back, the new `posts/` is watched anew.
 * `changed` is given the path below `dir` that changed, or null when it cannot be told (the folder
 * itself, a lost watch).
 */
function watchFolder(dir: string, changed: (name: string | null) => void): Folder {
  const name = basename(resolve(dir));
  let inner: FSWatcher | undefined;
  let watched: number | undefined;
  const identity = () => {
    try {
      return statSync(dir).ino;
    } catch {
      return undefined;
    }
  };
  const attach = () => {
    inner?.close();
    inner = undefined;
    watched = identity();
    if (watched === undefined) return; // not there now: the parent's watch sees it come back
    try {
      inner = watch(dir, { recursive: true }, (_event, file) => changed(file === null ? null : String(file)));
      inner.on("error", () => {
        inner?.close();
        inner = undefined;
        changed(null); // what changes until it is watched again is not seen
      });
    } catch {
      // not there now: the parent's watch sees it come back
    }
  };
  let outer: FSWatcher | undefined;
  try {
    outer = watch(dirname(resolve(dir)), (_, file) => {
      if (file !== null && String(file) !== name) return;
      refresh();
      changed(null);
    });
    outer.on("error", () => outer?.close());
  } catch {
    outer = undefined;
  }
  /** Watches `dir` again if it is another folder than the one watched (or none was); true then. */
  const refresh = () => {
    if (inner && identity() === watched) return false;
    attach();
    return true;
  };
  attach();
  return {
    refresh,
    close: () => {
      inner?.close();
      outer?.close();
    },
  };
}
