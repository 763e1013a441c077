import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RuntimeSettings } from "../config/runtime.js";
import { DATA_PREFIX, dataPath } from "../store/layout.js";
import type { CompileOutput } from "./compile.js";
import type { Progress } from "./progress.js";
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

/**
 * Writes the compiled site to `outDir`: the `public/` files as they are, and the data files
 * that changed since the previous build; data files that no longer exist are removed.
 * Without a previous state the data folder is written from scratch, so nothing lingers.
 */
export function writeSite(
  output: CompileOutput,
  publicDir: string,
  outDir: string,
  hadState: boolean,
  onProgress?: Progress,
): void {
  mkdirSync(outDir, { recursive: true });
  for (const entry of readdirSync(outDir)) {
    if (entry !== DATA_PREFIX || !hadState) rmSync(join(outDir, entry), { recursive: true, force: true });
  }
  try {
    cpSync(publicDir, outDir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  // Until the new state is written, no state: a build stopped halfway is followed by a full one.
  rmSync(join(outDir, STATE_FILE), { force: true });
  for (const path of output.removed) rmSync(join(outDir, path), { force: true });
  const dirs = new Set<string>();
  let written = 0;
  for (const [path, text] of output.files) {
    onProgress?.("writing files", written++, output.files.size);
    const full = join(outDir, path);
    const dir = dirname(full);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(full, text);
  }
  const { parsed } = output.state;
  const lines = (entries: Iterable<[string, ParsedEntry]>) =>
    [...entries].map((e) => `${JSON.stringify(e)}\n`).join("");
  if (parsed.appended && hadState) appendFileSync(join(outDir, PARSED_FILE), lines(parsed.appended));
  else writeFileSync(join(outDir, PARSED_FILE), lines(parsed.entries()));
  writeFileSync(join(outDir, STATE_FILE), JSON.stringify({ ...output.state, parsed: undefined }));
  // Wrangler uploads the assets folder; the build state is for the next build only.
  writeFileSync(join(outDir, ".assetsignore"), `${STATE_FILE}\n${PARSED_FILE}\n`);
}

/**
 * The run-time settings the build saw, for the server to start from (its own environment or
 * Worker vars override them). Written apart from the data files: a change here is no change of
 * content, so it keeps the build id, the items and the bundles as they were.
 */
export function writeRuntimeSettings(outDir: string, settings: RuntimeSettings): void {
  writeFileSync(join(outDir, dataPath.runtime()), `${JSON.stringify(settings)}\n`);
}
