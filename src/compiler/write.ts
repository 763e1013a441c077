import { randomUUID } from "node:crypto";
import { copyFileSync, linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RuntimeSettings } from "../config/runtime.js";
import { DATA_PREFIX, dataPath } from "../store/data-layout.js";
import type { CompileOutput } from "./compile.js";
import type { DataSink } from "./data-files.js";
import { type Generations, switchTo } from "./out-dir.js";
import type { Progress } from "./progress.js";
import type { PublicFiles } from "./public-files.js";
import { type BuildState, type ParsedEntry, ParsedPosts, type PatchMemo, STATE_VERSION } from "./state.js";
import {
  readList,
  readRecords,
  readTable,
  registerOrigin,
  type TableCounts,
  writeGrowingTable,
  writeList,
  writeTable,
} from "./state-tables.js";

/**
 * Where the build state lives: beside the data, never deployed (see `.assetsignore`). One table of
 * records a kind (`state-tables.ts`) and `head.json`, the small rest, written last: a state folder
 * without it was left halfway.
 */
const STATE_DIR = join(DATA_PREFIX, "build-state");
const HEAD_FILE = "head.json";
const PROBLEMS_FILE = "problems.ndjson";

/** The state's small part: what is not a table, and how many records each table holds. */
interface Head {
  version: number;
  /** A new id for every write: a table known to have been written by it may be extended by a log. */
  id: string;
  bundles: number;
  tables: Record<string, TableCounts>;
  startedAt?: number;
  relatedKey?: string;
  modified?: true;
  patch?: Pick<PatchMemo, "configKey" | "now" | "scheduledUntil" | "counts">;
}

/** What a generation holds: the only part of the spare generation's state a build reads. */
type HeldFiles = Pick<BuildState, "version" | "written"> & { public: NonNullable<BuildState["public"]> };

function readHead(generation: string): Head | undefined {
  try {
    const head = JSON.parse(readFileSync(join(generation, STATE_DIR, HEAD_FILE), "utf8")) as Head;
    return head.version === STATE_VERSION ? head : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What each generation holds as this process last wrote or read it, with the id of the write: under
 * `npm start` the spare generation is the one the build before last wrote, and is not read again.
 */
const held = new Map<string, { id: string; files: HeldFiles }>();

/** What the generation `dir` holds, if a build of this version wrote it to the end. */
function readFiles(dir: string): HeldFiles | undefined {
  const head = readHead(dir);
  if (!head) return undefined;
  const known = held.get(dir);
  if (known?.id === head.id) return known.files;
  try {
    const state = join(dir, STATE_DIR);
    const files = {
      version: head.version,
      written: readTable<string>(state, "written", head.id),
      public: readTable<Stamp>(state, "public", head.id),
    };
    held.set(dir, { id: head.id, files });
    return files;
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
  const head = readHead(outDir);
  if (!head) return undefined;
  const dir = join(outDir, STATE_DIR);
  const table = <V>(name: string) => readTable<V>(dir, name, head.id);
  try {
    const parsed = new ParsedPosts(() => readParsed(dir));
    registerOrigin(parsed, dir, head.id);
    const files: HeldFiles = { version: head.version, written: table("written"), public: table("public") };
    held.set(outDir, { id: head.id, files });
    const state: BuildState = { ...files, parsed, items: table("items"), bundles: head.bundles };
    if (head.startedAt !== undefined) state.sources = { startedAt: head.startedAt, files: table("sources") };
    if (head.relatedKey !== undefined) state.related = { key: head.relatedKey, bySlug: table("related") };
    if (head.modified) {
      state.modified = { lists: table("listTimes"), items: table("itemTimes"), listsOf: table("listsOf") };
    }
    if (head.patch) {
      state.patch = {
        ...head.patch,
        files: table("files"),
        refs: table("refs"),
        images: table("images"),
        rendered: table("rendered"),
        problems: readList(join(dir, PROBLEMS_FILE)),
      };
    }
    return state;
  } catch {
    return undefined;
  }
}

/** The parse results of the state folder `dir`; none if they cannot be read (they are only a cache). */
function readParsed(dir: string): [string, ParsedEntry][] {
  try {
    return [...readRecords<ParsedEntry>(dir, "parsed")];
  } catch {
    return [];
  }
}

/**
 * Writes the state into the generation `spare` (its state folder emptied beforehand), last its head.
 * A table this build kept or changed little from `previous`, the state the served generation
 * (`current`) holds, is its base linked and its log extended (`writeTable`).
 */
function writeState(spare: string, state: BuildState, previous: BuildState | undefined, current: string | undefined) {
  const dir = join(spare, STATE_DIR);
  mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  const servedHead = current && previous ? readHead(current) : undefined;
  const served = current && join(current, STATE_DIR);
  const tables: Head["tables"] = {};
  const write = (name: string, table: Record<string, unknown>, before: Record<string, unknown> | undefined) => {
    tables[name] = writeTable(
      dir,
      name,
      id,
      table,
      servedHead && served ? { before, served, servedId: servedHead.id, counts: servedHead.tables[name] } : undefined,
    );
  };
  const { parsed } = state;
  tables.parsed = writeGrowingTable(
    dir,
    "parsed",
    id,
    () => parsed.entries(),
    parsed.base && parsed.appended && servedHead && served
      ? { base: parsed.base, added: parsed.appended, served, servedId: servedHead.id, counts: servedHead.tables.parsed }
      : undefined,
    parsed,
  );
  parsed.relocate(() => readParsed(dir));
  write("written", state.written, previous?.written);
  write("public", state.public ?? {}, previous?.public);
  write("items", state.items, previous?.items);
  if (state.sources) write("sources", state.sources.files, previous?.sources?.files);
  if (state.related) write("related", state.related.bySlug, previous?.related?.bySlug);
  if (state.modified) {
    write("listTimes", state.modified.lists, previous?.modified?.lists);
    write("itemTimes", state.modified.items, previous?.modified?.items);
    write("listsOf", state.modified.listsOf, previous?.modified?.listsOf);
  }
  const { patch } = state;
  if (patch) {
    write("files", patch.files, previous?.patch?.files);
    write("refs", patch.refs, previous?.patch?.refs);
    write("images", patch.images, previous?.patch?.images);
    write("rendered", patch.rendered, previous?.patch?.rendered);
    writeList(join(dir, PROBLEMS_FILE), patch.problems);
  }
  const head: Head = {
    version: state.version,
    id,
    bundles: state.bundles,
    tables,
    ...(state.sources && { startedAt: state.sources.startedAt }),
    ...(state.related && { relatedKey: state.related.key }),
    ...(state.modified && { modified: true }),
    ...(patch && {
      patch: { configKey: patch.configKey, now: patch.now, scheduledUntil: patch.scheduledUntil, counts: patch.counts },
    }),
  };
  writeFileSync(join(dir, HEAD_FILE), JSON.stringify(head));
  held.set(spare, { id, files: { version: state.version, written: state.written, public: state.public ?? {} } });
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
  rmSync(join(spare, STATE_DIR), { recursive: true, force: true });
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
  previous?: BuildState,
): void {
  const { current, spare } = generations;
  const { before, put } = opened;
  // The served generation's public files, read only when the spare one lacks a file.
  let served: HeldFiles["public"] | null | undefined = previous?.public ?? null;
  const servedPublic = () => {
    if (served === null) served = current ? readFiles(current)?.public : undefined;
    return served;
  };
  const gone: string[] = [];

  const stamps: NonNullable<BuildState["public"]> = {};
  for (const [path, file] of publicFiles.files) {
    const stamp = { size: file.size, mtimeMs: file.mtimeMs, ctimeMs: file.ctimeMs };
    // The previous build's record of an unchanged file is kept as it is: the state's log holds only changes.
    const was = previous?.public?.[path];
    stamps[path] = was && sameStamp(was, stamp) ? was : stamp;
    if (sameStamp(before?.public[path], stamp)) continue;
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

  output.state.public = stamps;
  if (runtime) writeRuntimeSettings(spare, runtime);
  // Wrangler uploads the assets folder; the build state is for the next build only.
  // The folder by name (what `npm run upload:r2` matches) and everything in it (gitignore's rule, Wrangler's).
  writeFileSync(join(spare, ".assetsignore"), `${STATE_DIR}\n${STATE_DIR}/**\n`);
  writeState(spare, output.state, previous, current);
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
