import type { SiteConfig } from "../config/site-config.js";
import type { Problem } from "../content/problem.js";
import type { SiteTemplateData } from "../content/templates/context.js";
import type { Manifest } from "../store/data-layout.js";
import type { DataSink } from "./data-files.js";
import { fullBuild } from "./full-build.js";
import { patchSite } from "./patch.js";
import type { PostTexts } from "./post-texts.js";
import type { Progress } from "./progress.js";
import type { PublishCounts } from "./publish.js";
import { startRun } from "./run.js";
import type { SourceFile } from "./source.js";
import type { BuildState } from "./state.js";

export type { SourceFile, TextFile, UnchangedFile } from "./source.js";

export interface CompileInput {
  /** The previous build's state: unchanged posts are neither parsed nor rendered again. */
  previous?: BuildState;
  /** Reads a data file the previous build wrote (to reuse the items of a bundle that changed). */
  readPrevious?: (path: string) => string | undefined;
  files: SourceFile[];
  /**
   * What reading the posts found (`loadPostFiles`): reported first; a file it could not read is
   * counted as a file and as a broken post.
   */
  readProblems?: Problem[];
  /** The stamps of the files read, kept in the state for the next build's loader. */
  sources?: BuildState["sources"];
  site: SiteConfig;
  /** Posts dated after this are not published yet. */
  now: Date;
  /**
   * True when the files the site serves are the very listing the previous build was given (`npm start`,
   * nothing changed in `public/`): a patched rebuild need not check that its lead images still measure the same.
   */
  publicUnchanged?: boolean;
  /** Bytes of a file the site serves from `public/`, by URL path (`/images/a.jpg`). */
  readPublicFile: (urlPath: string) => Uint8Array | undefined;
  /** What templates read of the generator's site the posts come from (`site-data.ts`). */
  siteData?: SiteTemplateData;
  onProgress?: Progress;
  /**
   * Writes a changed data file as soon as it is made (`write.ts`'s `dataWriter`), so a full build keeps
   * no bundle text in memory; without it, every changed text is kept in `CompileOutput.files`. A patched
   * rebuild keeps its few texts either way: if it gives up, nothing of it has been written.
   */
  writeData?: DataSink;
  /** Where a full build parks post texts between parse and render (`spilledTexts`); else in memory. */
  texts?: PostTexts;
}

export interface CompileOutput {
  manifest: Manifest;
  /**
   * Data files to write under the assets directory, path → JSON text: those that changed since `previous`
   * and were not given to `input.writeData`.
   */
  files: Map<string, string>;
  /** Paths of the changed data files `input.writeData` has written already. */
  streamed: Set<string>;
  /** Data files of the previous build that no longer exist. */
  removed: string[];
  /** Slugs of the items whose JSON was made anew (rendered, or their related posts updated). */
  changed: string[];
  /** True when the previous build was patched rather than everything compiled again (see `patchSite`). */
  patched?: true;
  /** For the next build. */
  state: BuildState;
  problems: Problem[];
  stats: BuildStats;
  /** What this build did again: posts parsed, items rendered (their HTML made from Markdown). */
  work: BuildWork;
}

export interface BuildStats extends PublishCounts {
  files: number;
  broken: number;
}

export interface BuildWork {
  parsed: number;
  rendered: number;
}

/**
 * Posts → the compiled site layout, as a sequence of stages: read (the caller's loader, whose files and
 * problems are the input) → parse → validate → publish set → related → render → bundle → write (the
 * data files and the manifest, as text for the caller to write). A rebuild that only edits posts in place
 * runs the same stages over the edited posts (`patchSite`); any other build runs them over all (`fullBuild`).
 * A broken post is reported and left out; it never affects the others.
 */
export function compileSite(input: CompileInput): CompileOutput {
  const run = startRun(input);
  const files = [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const patched = run.previous && patchSite(run, files, run.previous);
  // A patch given up on counts none of its work: the full build starts anew.
  return patched || fullBuild(startRun(input), files);
}
