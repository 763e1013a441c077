import { join } from "node:path";
import { loadSiteConfig } from "../config/site.js";
import { BuildError } from "./build-error.js";
import { type CompileOutput, compileSite } from "./compile.js";
import { loadPostFiles, publicFileReader } from "./load.js";
import { checkOutDir, lockOutDir, openGenerations } from "./out-dir.js";
import type { Progress } from "./progress.js";
import { listPublicFiles } from "./public-files.js";
import type { BuildState } from "./state.js";
import { previousReader, readState, writeSite } from "./write.js";

export interface BuildOptions {
  postsDir: string;
  publicDir: string;
  outDir: string;
  /** Environment variables: site config overrides. */
  env: Record<string, string | undefined>;
  now?: Date;
  onProgress?: Progress;
  /** The previous build's state, when the caller kept it (watch mode); else it is read from `outDir`. */
  previous?: BuildState;
}

/**
 * Reads `posts/` and `public/`, compiles, and writes the site to `outDir`. A rebuild reuses
 * the state the previous build left there: only changed posts are parsed and rendered again,
 * and only changed files are written. Throws a `BuildError` (one line for the operator) when
 * the folders are wrong or the output cannot be written; the last good build is then kept.
 */
export function buildSite(options: BuildOptions): CompileOutput {
  const site = loadSiteConfig(options.env);
  checkOutDir(options);
  const release = lockOutDir(options.outDir, "npm run build");
  try {
    const generations = openGenerations(options.outDir);
    const served = generations.current;
    const previous = options.previous ?? (served ? readState(served) : undefined);
    const loaded = loadPostFiles(options.postsDir, process.cwd(), previous?.sources, Date.now(), options.onProgress);
    const publicFiles = listPublicFiles(options.publicDir);
    const output = compileSite({
      files: loaded.files,
      site,
      now: options.now ?? new Date(),
      readPublicFile: publicFileReader(options.publicDir),
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(previous && served && { previous, readPrevious: previousReader(served) }),
    });
    output.state.sources = loaded.sources;
    // New objects: the compile's `stats` is also its state's memo, which must not count the loader's problems.
    const result: CompileOutput = {
      ...output,
      problems: [...loaded.problems, ...output.problems, ...publicFiles.problems],
      stats: {
        ...output.stats,
        files: output.stats.files + loaded.problems.length,
        broken: output.stats.broken + loaded.problems.length,
      },
    };
    try {
      writeSite(result, publicFiles, options.outDir, generations, options.onProgress);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!code) throw e;
      throw new BuildError(
        `${options.outDir}: could not write the site (${(e as Error).message}); the last good build is kept`,
      );
    }
    return result;
  } finally {
    release();
  }
}

/** Folders from the environment, relative to the working directory. */
export function buildOptionsFromEnv(env: Record<string, string | undefined>): BuildOptions {
  return {
    postsDir: env.POSTS_DIR || "posts",
    publicDir: env.PUBLIC_DIR || "public",
    outDir: env.OUT_DIR || join("dist", "site"),
    env,
  };
}
