import {
  appendFileSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  unlinkSync,
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
 * What a generation holds (`written` and `public`), apart from the rest of the state: the next
 * build but one writes over this generation and reads only this small file of it. Written last,
 * so a generation without it was left halfway.
 */
const FILES_FILE = join(DATA_PREFIX, "build-files.json");

type HeldFiles = Pick<BuildState, "version" | "written" | "public">;

/** What the generation `dir` holds, if a build of this version wrote it to the end. */
function readFiles(dir: string): HeldFiles | undefined {
  try {
    const files = JSON.parse(readFileSync(join(dir, FILES_FILE), "utf8")) as HeldFiles;
    return files.version === STATE_VERSION ? files : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The previous build's state in `outDir`, if any; its parse results are read when first used.
 * A state another version of the build wrote is not trusted for anything: as if there were none,
 * so the data folder is written from scratch and nothing of the old layout lingers.
 */
export function readState(outDir: string): BuildState | undefined {
  try {
    const files = readFiles(outDir);
    if (!files) return undefined;
    const state = JSON.parse(readFileSync(join(outDir, STATE_FILE), "utf8")) as BuildState;
    if (state.version !== STATE_VERSION) return undefined;
    state.written = files.written;
    if (files.public) state.public = files.public;
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
  /** What the older build that generation holds wrote there (data keys, public stamps), if any. */
  before: HeldFiles | undefined;
  /** Writes the file at `path` (relative to the generation) with `write(fullPath)`, its folder made first. */
  put: (path: string, write: (full: string) => void) => void;
}

/**
 * Readies the generation a build writes: without a record of what it holds (of this version) it is
 * emptied, and its record and state are removed until the new ones are written (a build stopped
 * halfway is followed by a full one). Done before compiling, so data files can be written as they
 * are made (`dataWriter`).
 */
export function openSpare(generations: Generations): SpareGeneration {
  const { spare } = generations;
  const before = readFiles(spare);
  if (!before) rmSync(spare, { recursive: true, force: true });
  mkdirSync(spare, { recursive: true });
  rmSync(join(spare, FILES_FILE), { force: true });
  rmSync(join(spare, STATE_FILE), { force: true });
  const dirs = new Set<string>();
  const put = (path: string, write: (full: string) => void) => {
    const full = join(spare, path);
    const dir = dirname(full);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    // The file may be a link to the served generation's: never written through.
    if (before) unlinkIfThere(full);
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
 * folders the new build does not have are removed. A file the served generation holds unchanged is
 * hard-linked from it rather than copied, so every write first unlinks its path (`put`). Any failure
 * leaves the served build as it was. `opened`: the generation as `openSpare` readied it, when data files were written into it while compiling.
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
  // The served generation's public files, read only when the spare one lacks a file.
  let served: HeldFiles["public"] | null | undefined = null;
  const servedPublic = () => {
    if (served === null) served = current ? readFiles(current)?.public : undefined;
    return served;
  };
  const gone: string[] = [];

  const stamps: NonNullable<BuildState["public"]> = {};
  for (const [path, file] of publicFiles.files) {
    const stamp = { size: file.size, mtimeMs: file.mtimeMs, ctimeMs: file.ctimeMs };
    stamps[path] = stamp;
    if (sameStamp(before?.public?.[path], stamp)) continue;
    // The served generation's copy of the same file is linked, not copied again.
    const linked = current && sameStamp(servedPublic()?.[path], stamp) ? join(current, path) : undefined;
    put(path, (full) => (linked ? linkOrCopy(linked, full) : copyFileSync(file.source, full)));
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
      put(path, (full) => linkOrCopy(join(current, path), full));
    }
  }
  for (const path of Object.keys(before?.written ?? {})) if (!(path in written)) gone.push(path);
  for (const path of gone) removeFile(spare, path);

  const { parsed } = output.state;
  const lines = (entries: Iterable<[string, ParsedEntry]>) =>
    [...entries].map((e) => `${JSON.stringify(e)}\n`).join("");
  const parsedFile = join(spare, PARSED_FILE);
  if (parsed.appended && current && existsSync(join(current, PARSED_FILE))) {
    unlinkIfThere(parsedFile);
    copyFileSync(join(current, PARSED_FILE), parsedFile);
    appendFileSync(parsedFile, lines(parsed.appended));
  } else put(PARSED_FILE, (full) => writeFileSync(full, lines(parsed.entries())));
  output.state.public = stamps;
  if (runtime) writeRuntimeSettings(spare, runtime);
  // Wrangler uploads the assets folder; the build state is for the next build only.
  writeFileSync(join(spare, ".assetsignore"), `${STATE_FILE}\n${PARSED_FILE}\n${FILES_FILE}\n`);
  const { written: _w, public: _p, ...rest } = output.state;
  writeFileSync(join(spare, STATE_FILE), JSON.stringify({ ...rest, parsed: undefined }));
  const held: HeldFiles = { version: output.state.version, written, public: stamps };
  writeFileSync(join(spare, FILES_FILE), JSON.stringify(held));
  switchTo(outDir, generations);
}

type Stamp = NonNullable<BuildState["public"]>[string];
const sameStamp = (a: Stamp | undefined, b: Stamp) =>
  a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/** A hard link to `from` (a file of the served generation, never written to), else a copy (another device, no links). */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
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
