import { join } from "node:path";
import { loadSettings, siteFileOf } from "../config/load.js";
import { SettingsError } from "../config/site.js";
import { type CompileOutput, compileSite } from "./compile.js";
import { loadPostFiles, publicFileReader } from "./load.js";
import type { Progress } from "./progress.js";
import type { BuildState } from "./state.js";
import { previousReader, readState, writeRuntimeSettings, writeSite } from "./write.js";

export interface BuildOptions {
  postsDir: string;
  publicDir: string;
  outDir: string;
  /** Environment variables: they override the site file. */
  env: Record<string, string | undefined>;
  /** The site file (`site.yaml`); none: the defaults and `env` only. */
  configFile?: string;
  /** True when the site file was named (SITE_CONFIG): a missing one is then an error. */
  configRequired?: boolean;
  /** Settings under the site file's, over the defaults (`npm start`: the URL of its own port). */
  fallback?: Record<string, unknown>;
  now?: Date;
  onProgress?: Progress;
  /** The previous build's state, when the caller kept it (watch mode); else it is read from `outDir`. */
  previous?: BuildState;
}

/**
 * Reads the settings, `posts/` and `public/`, compiles, and writes the site to `outDir`. A rebuild
 * reuses the state the previous build left there: only changed posts are parsed and rendered
 * again, and only changed files are written. Throws a `SettingsError` (nothing written) when a
 * setting is invalid.
 */
export function buildSite(options: BuildOptions): CompileOutput {
  const { site, runtime } = loadSettings({
    ...(options.configFile !== undefined && { file: options.configFile }),
    ...(options.configRequired && { required: true }),
    vars: options.env,
    ...(options.fallback && { fallback: options.fallback }),
  });
  const previous = options.previous ?? readState(options.outDir);
  const loaded = loadPostFiles(options.postsDir, process.cwd(), previous?.sources, Date.now(), options.onProgress);
  const output = compileSite({
    files: loaded.files,
    site,
    now: options.now ?? new Date(),
    readPublicFile: publicFileReader(options.publicDir),
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(previous && { previous, readPrevious: previousReader(options.outDir) }),
  });
  output.state.sources = loaded.sources;
  output.problems.unshift(...loaded.problems);
  output.stats.files += loaded.problems.length;
  output.stats.broken += loaded.problems.length;
  writeSite(output, options.publicDir, options.outDir, previous !== undefined, options.onProgress);
  writeRuntimeSettings(options.outDir, runtime);
  return output;
}

/**
 * `buildSite` for a command (`npm run build`, `npm start`): an invalid setting is printed, one
 * line each, then `refusal`, and the process exits 1. `done` ends the progress line first.
 */
export function buildOrExit(options: BuildOptions, done: () => void, refusal?: string): CompileOutput {
  try {
    const output = buildSite(options);
    done();
    return output;
  } catch (e) {
    done();
    if (!(e instanceof SettingsError)) throw e;
    console.error(e.message);
    if (refusal) console.error(refusal);
    process.exit(1);
  }
}

/** Folders and the site file from the environment, relative to the working directory. */
export function buildOptionsFromEnv(env: Record<string, string | undefined>): BuildOptions {
  const { file, required } = siteFileOf(env);
  return {
    postsDir: env.POSTS_DIR || "posts",
    publicDir: env.PUBLIC_DIR || "public",
    outDir: env.OUT_DIR || join("dist", "site"),
    env,
    configFile: file,
    configRequired: required,
  };
}
