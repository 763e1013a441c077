import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { RuntimeSettings } from "../config/runtime.js";
import { DATA_PREFIX, dataPath } from "../store/data-layout.js";
import type { CompileOutput } from "./compile.js";
import type { DataSink } from "./data-files.js";
import { type Generations, switchTo } from "./out-dir.js";
import type { Progress } from "./progress.js";
import type { PublicFiles } from "./public-files.js";
import { type BuildState, type ParsedEntry, ParsedPosts, STATE_VERSION } from "./state.js";

/** Where the build state lives: beside the data, never deployed (see `.assetsignore`). */
const STATE_FILE = join(DATA_PREFIX, "build-state.json");
/** The parse results, one `[key, entry]` JSON line each (see `ParsedPosts`). */
const PARSED_FILE = join(DATA_PREFIX, "build-posts.ndjson");

/**
 * The previous build's state in `outDir`, if any; its parse results are read when first used.
 * A state another version of the build wrote is not trusted for anything: as if there were none,
 * so the data folder is written from scratch and nothing of the old layout lingers.
 */
export function readState(outDir: string): BuildState | undefined {
  try {
    const state = JSON.parse(readFileSync(join(outDir, STATE_FILE), "utf8")) as BuildState;
    if (state.version !== STATE_VERSION) return undefined;
    state.parsed = new ParsedPosts(() => readParsed(join(outDir, PARSED_FILE)));
    return state;
  } catch {
    return undefined;
  }
}

function readParsed(file: string): [string, ParsedEntry][] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  // Entries are a pure function of their key: a later line for the same key says the same.
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as [string, ParsedEntry]);
}

/** Reads a data file of the previous build. */
export function previousReader(outDir: string): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSync(join(outDir, path), "utf8");
    } catch {
      return undefined;
    }
  };
}

/** The generation of the output folder a build writes (not the served one): the state it held, and how a file goes in. */
export interface SpareGeneration {
  /** The state of the older build that generation holds, if any. */
  before: BuildState | undefined;
  /** Writes the file at `path` (relative to the generation) with `write(fullPath)`, its folder made first. */
  put: (path: string, write: (full: string) => void) => void;
}

/**
 * Readies the generation a build writes: without a state of this version it is emptied, and its state
 * is removed until the new one is written (a build stopped halfway is followed by a full one). Done
 * before compiling, so data files can be written as they are made (`dataWriter`).
 */
export function openSpare(generations: Generations): SpareGeneration {
  const { spare } = generations;
  const before = readState(spare);
  if (!before) rmSync(spare, { recursive: true, force: true });
  mkdirSync(spare, { recursive: true });
  rmSync(join(spare, STATE_FILE), { force: true });
  const dirs = new Set<string>();
  const put = (path: string, write: (full: string) => void) => {
    const full = join(spare, path);
    const dir = dirname(full);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    write(full);
  };
  return { before, put };
}

/** The compiler's `writeData`: each changed data file written into the spare generation as it is made. */
export function dataWriter(opened: SpareGeneration): DataSink {
  return (path, text) => opened.put(path, (full) => writeFileSync(full, text));
}

/**
 * Writes the compiled site into the generation of `outDir` that is not served (see `Generations`),
 * then points `outDir` at it. That generation holds an older build: only the files that differ
 * from what it holds are written (the data files this build changed, or that the served build
 * had changed, and the `public/` files whose size or times changed), the others stay; files and
 * folders the new build does not have are removed. Any failure leaves the served build as it was.
 * `opened`: the generation as `openSpare` readied it, when data files were written into it while compiling.
 */
export function writeSite(
  output: CompileOutput,
  publicFiles: PublicFiles,
  outDir: string,
  generations: Generations,
  onProgress?: Progress,
  runtime?: RuntimeSettings,
  opened: SpareGeneration = openSpare(generations),
): void {
  const { current, spare } = generations;
  const { before, put } = opened;
  const gone: string[] = [];

  const stamps: NonNullable<BuildState["public"]> = {};
  for (const [path, file] of publicFiles.files) {
    const stamp = { size: file.size, mtimeMs: file.mtimeMs, ctimeMs: file.ctimeMs };
    stamps[path] = stamp;
    const had = before?.public?.[path];
    if (had && had.size === stamp.size && had.mtimeMs === stamp.mtimeMs && had.ctimeMs === stamp.ctimeMs) continue;
    put(path, (full) => copyFileSync(file.source, full));
  }
  for (const path of Object.keys(before?.public ?? {})) if (!publicFiles.files.has(path)) gone.push(path);

  const { written } = output.state;
  let done = 0;
  const total = Object.keys(written).length;
  for (const [path, key] of Object.entries(written)) {
    onProgress?.("writing files", done++, total);
    if (output.streamed.has(path)) continue; // written while compiling (`dataWriter`)
    const text = output.files.get(path);
    if (text !== undefined) put(path, (full) => writeFileSync(full, text));
    else if (before?.written[path] !== key) {
      // Unchanged since the served build, which the spare generation is older than.
      if (!current) throw new Error(`${path}: not written and no previous build holds it`);
      put(path, (full) => copyFileSync(join(current, path), full));
    }
  }
  for (const path of Object.keys(before?.written ?? {})) if (!(path in written)) gone.push(path);
  for (const path of gone) removeFile(spare, path);

  const { parsed } = output.state;
  const lines = (entries: Iterable<[string, ParsedEntry]>) =>
    [...entries].map((e) => `${JSON.stringify(e)}\n`).join("");
  const parsedFile = join(spare, PARSED_FILE);
  if (parsed.appended && current && existsSync(join(current, PARSED_FILE))) {
    copyFileSync(join(current, PARSED_FILE), parsedFile);
    appendFileSync(parsedFile, lines(parsed.appended));
  } else put(PARSED_FILE, (full) => writeFileSync(full, lines(parsed.entries())));
  output.state.public = stamps;
  if (runtime) writeRuntimeSettings(spare, runtime);
  // Wrangler uploads the assets folder; the build state is for the next build only.
  writeFileSync(join(spare, ".assetsignore"), `${STATE_FILE}\n${PARSED_FILE}\n`);
  writeFileSync(join(spare, STATE_FILE), JSON.stringify({ ...output.state, parsed: undefined }));
  switchTo(outDir, generations);
}

/** Removes a file and the folders it leaves empty: a rebuild's output equals a fresh build's, folders included. */
function removeFile(root: string, path: string): void {
  rmSync(join(root, path), { force: true });
  for (let dir = dirname(path); dir !== "." && dir !== ""; dir = dirname(dir)) {
    try {
      rmdirSync(join(root, dir));
    } catch {
      return; // not empty, or already gone
    }
  }
}

/**
 * The run-time settings the build saw, for the server to start from (its own environment or
 * Worker vars override them). Written apart from the data files: a change here is no change of
 * content, so it keeps the build id, the items and the bundles as they were.
 */
export function writeRuntimeSettings(outDir: string, settings: RuntimeSettings): void {
  writeFileSync(join(outDir, dataPath.runtime()), `${JSON.stringify(settings)}\n`);
}
