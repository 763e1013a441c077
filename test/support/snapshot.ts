import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under `dir` (but the build state: `_data/build-state/`), path → bytes; every folder, path → "folder". */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) {
        files.set(relative(dir, full), "folder");
        walk(full);
      } else if (!/build-(state|posts)[./]/.test(full)) files.set(relative(dir, full), readFileSync(full, "latin1"));
    }
  };
  walk(dir);
  return files;
}
