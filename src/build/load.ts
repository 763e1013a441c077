import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { TextDecoder } from "node:util";
import type { Problem } from "../content/problem.js";
import type { SourceFile } from "./compile.js";

/** The only module of the build that reads the file system. */

const POST_FILE = /\.(md|markdown)$/i;

/** Reads every post file in `dir`, strictly as UTF-8. Paths are given relative to `cwd`. */
export function loadPostFiles(dir: string, cwd = process.cwd()): { files: SourceFile[]; problems: Problem[] } {
  const files: SourceFile[] = [];
  const problems: Problem[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => POST_FILE.test(n) && !n.startsWith("."));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { files, problems };
    throw e;
  }
  const strict = new TextDecoder("utf-8", { fatal: true });
  const lenient = new TextDecoder("utf-8");
  for (const name of names.sort()) {
    const full = join(dir, name);
    const path = relative(cwd, full).split(sep).join("/");
    if (!statSync(full).isFile()) continue;
    const bytes = readFileSync(full);
    try {
      files.push({ path, text: strict.decode(bytes) });
    } catch {
      const text = lenient.decode(bytes);
      const line = text.slice(0, text.indexOf("\uFFFD")).split("\n").length;
      problems.push({
        file: path,
        line,
        field: "file",
        message: "not valid UTF-8; save the file as UTF-8",
        severity: "error",
      });
    }
  }
  return { files, problems };
}

/** Reads a file the site serves from `publicDir` by its URL path; never outside that folder. */
export function publicFileReader(publicDir: string): (urlPath: string) => Uint8Array | undefined {
  const root = resolve(publicDir);
  return (urlPath) => {
    const full = resolve(root, `.${urlPath}`);
    if (!full.startsWith(root + sep)) return undefined;
    try {
      return readFileSync(full);
    } catch {
      return undefined;
    }
  };
}
