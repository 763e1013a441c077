import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * The files of a compiled site that the Worker reads, as R2 keys: every file under `outDir` by its
 * path (`_data/manifest.json`, `images/x.jpg`), less `.assetsignore` and what it names (the build
 * state stays local, as with Static Assets).
 */
export function uploadEntries(outDir: string): { key: string; file: string }[] {
  const root = realpathSync(outDir);
  const ignoreFile = join(root, ".assetsignore");
  const ignored = new Set([".assetsignore"]);
  if (existsSync(ignoreFile))
    for (const line of readFileSync(ignoreFile, "utf8").split("\n")) if (line.trim()) ignored.add(line.trim());
  const entries: { key: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      const key = relative(root, file).split("\\").join("/");
      if (ignored.has(key)) continue;
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) entries.push({ key, file });
    }
  };
  walk(root);
  return entries.sort((a, b) => (a.key < b.key ? -1 : 1));
}
