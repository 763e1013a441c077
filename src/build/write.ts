import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CompileOutput } from "./compile.js";

/**
 * Writes the compiled site to `outDir`: the `public/` files as they are, plus the data files.
 * The folder is replaced whole, so nothing from an earlier build lingers.
 */
export function writeSite(output: CompileOutput, publicDir: string, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  try {
    cpSync(publicDir, outDir, { recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  for (const [path, text] of output.files) {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}
