import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DATA_PREFIX } from "../store/layout.js";
import type { CompileOutput } from "./compile.js";
import type { Progress } from "./progress.js";
import type { BuildState } from "./state.js";

/** Where the build state lives: beside the data, never deployed (see `.assetsignore`). */
const STATE_FILE = join(DATA_PREFIX, "build-state.json");

/** The previous build's state in `outDir`, if any. */
export function readState(outDir: string): BuildState | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, STATE_FILE), "utf8")) as BuildState;
  } catch {
    return undefined;
  }
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
  writeFileSync(join(outDir, STATE_FILE), JSON.stringify(output.state));
  // Wrangler uploads the assets folder; the build state is for the next build only.
  writeFileSync(join(outDir, ".assetsignore"), `${STATE_FILE}\n`);
}
