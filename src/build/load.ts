import { isUtf8 } from "node:buffer";
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
  for (const name of names.sort()) {
    const full = join(dir, name);
    const path = relative(cwd, full).split(sep).join("/");
    if (!statSync(full).isFile()) continue;
    const bytes = readFileSync(full);
    try {
      files.push({ path, text: strict.decode(bytes) });
    } catch {
      const line = firstInvalidLine(bytes);
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

/** 1-based line of the first byte that is not UTF-8 (a newline never falls inside a character). */
function firstInvalidLine(bytes: Uint8Array): number {
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (!isUtf8(bytes.subarray(start, end))) return line;
    start = end + 1;
    line++;
  }
  return 1;
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
