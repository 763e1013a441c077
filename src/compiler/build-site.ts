import { dirname, join, relative, resolve, sep } from "node:path";
import { loadSettings, siteFileOf } from "../config/load.js";
import { SettingsError } from "../config/site-config.js";
import { BuildError, describeBuildFailure } from "./build-error.js";
import { type CompileOutput, compileSite } from "./compile.js";
import { withBuildHeapGrowth } from "./heap-growth.js";
import { stampedImages } from "./image-stamps.js";
import { loadPostFiles } from "./load.js";
import { checkOutDir, generationsDir, lockOutDir, openGenerations } from "./out-dir.js";
import type { Progress } from "./progress.js";
import { listPublicFiles, type PublicFiles } from "./public-files.js";
import { filesUrlOf, findSiteRoot, readSiteSource } from "./site-data.js";
import { siteFileReader, siteFiles } from "./site-files.js";
import type { BuildState } from "./state.js";
import { openSpill, parkerIn, spilledTexts } from "./text-spill.js";
import { dataWriter, openSpare, previousReader, readState, writeSite } from "./write.js";

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
  /** `listPublicFiles(publicDir)`, when the caller knows nothing there changed since it listed it (watch mode). */
  publicFiles?: PublicFiles;
  /**
   * The post files (by `/`-separated path below `postsDir`) that changed since the build that left `previous`,
   * when the caller saw every change (watch mode): the others are not stat'ed.
   */
  postsTouched?: ReadonlySet<string>;
}

/** The listing of `public/` each build was given, by the state it left (watch mode hands both to the next build). */
const listingOf = new WeakMap<BuildState, PublicFiles>();

/**
 * Reads the settings, `posts/` and `public/`, compiles, and writes the site to `outDir`. A rebuild reuses
 * the state the previous build left there: only changed posts are parsed and rendered again,
 * and only changed files are written. Throws a `BuildError` (one line for the operator) when
 * the folders are wrong or the output cannot be written, and a `SettingsError` (nothing written)
 * when a setting is invalid; the last good build is then kept.
 */
export function buildSite(options: BuildOptions): CompileOutput {
  return withBuildHeapGrowth(() => buildSiteNow(options));
}

function buildSiteNow(options: BuildOptions): CompileOutput {
  const { site, runtime } = loadSettings({
    ...(options.configFile !== undefined && { file: options.configFile }),
    ...(options.configRequired && { required: true }),
    vars: options.env,
    ...(options.fallback && { fallback: options.fallback }),
  });
  checkOutDir(options);
  const release = lockOutDir(options.outDir, "npm run build");
  // Post texts wait in one temporary file (made when the first is parked) from the read stage to their parse, then to their render.
  const spill = openSpill();
  try {
    const generations = openGenerations(options.outDir);
    const served = generations.current;
    const previous = options.previous ?? (served ? readState(served) : undefined);
    const loaded = loadPostFiles(
      options.postsDir,
      process.cwd(),
      previous?.sources,
      Date.now(),
      options.onProgress,
      options.previous && options.postsTouched,
      parkerIn(spill),
    );
    // The generator's site the posts come from: its settings, data and includes, its static files.
    // A relative site root is read from the folder of the site file that names it.
    const root =
      site.siteRoot === undefined
        ? findSiteRoot(options.postsDir)
        : resolve(options.configFile ? dirname(options.configFile) : ".", site.siteRoot);
    const source = root === undefined ? undefined : readSiteSource(root);
    const files = filesUrlOf(source, options.postsDir);
    const listed = options.publicFiles ?? listPublicFiles(options.publicDir);
    const publicFiles = siteFiles(listed, source, options.postsDir, files.filesUrl);
    const postsDir = relative(process.cwd(), options.postsDir).split(sep).join("/");
    // Lead images unchanged since the last build (by the stamps listed) are not read again (src/compiler/image-stamps.ts).
    const images = stampedImages(
      siteFileReader(publicFiles),
      (urlPath) => publicFiles.files.get(urlPath.replace(/^\/+/, "")),
      generationsDir(options.outDir),
    );
    // The spare generation is readied first: the compiler writes each data file into it as it is made.
    const spare = couldWrite(options.outDir, () => openSpare(generations));
    const writeData = dataWriter(spare);
    const texts = spilledTexts(spill);
    let compiled: CompileOutput;
    try {
      compiled = compileSite({
        texts,
        writeData: (path, text) => couldWrite(options.outDir, () => writeData(path, text)),
        files: loaded.files,
        readProblems: loaded.problems,
        sources: loaded.sources,
        site,
        now: options.now ?? new Date(),
        readPublicFile: images.read,
        // The same listing as the previous build's, and no file served from elsewhere (a generator's static
        // folder, a page bundle: listed anew each build, and not watched as public/ is).
        publicUnchanged:
          options.publicFiles !== undefined &&
          previous !== undefined &&
          listingOf.get(previous) === options.publicFiles &&
          publicFiles.files.size === listed.files.size,
        siteData: { ...(source?.templates ?? { site: {}, data: {}, includes: {} }), postsDir, ...files },
        ...(options.onProgress && { onProgress: options.onProgress }),
        ...(previous && served && { previous, readPrevious: previousReader(served) }),
      });
    } finally {
      texts.close();
    }
    // What the generator's site holds is reported first, what the public folder holds after the posts.
    const result: CompileOutput = {
      ...compiled,
      problems: [...(source?.problems ?? []), ...compiled.problems, ...publicFiles.problems],
    };
    listingOf.set(result.state, listed);
    couldWrite(options.outDir, () => {
      writeSite(result, publicFiles, options.outDir, generations, options.onProgress, runtime, spare, previous);
      images.save();
    });
    return result;
  } finally {
    spill.close();
    release();
  }
}

/** Runs `write`; a failure of the file system (full disk, no permission) becomes a one-line `BuildError`. */
function couldWrite<T>(outDir: string, write: () => T): T {
  try {
    return write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new BuildError(`${outDir}: could not write the site (${(e as Error).message}); the last good build is kept`);
  }
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
    // An invalid setting, a wrong folder, a full disk: one line each, no stack trace.
    console.error(e instanceof SettingsError ? e.message : describeBuildFailure(e));
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
