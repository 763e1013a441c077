import { isUtf8 } from "node:buffer";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { TextDecoder } from "node:util";
import type { Problem } from "../content/problem.js";
import type { SourceFile } from "./compile.js";
import type { Progress } from "./progress.js";
import { type BuildState, type SourceStamp, textHash } from "./state.js";

/** The only module of the build that reads the file system. */

const POST_FILE = /\.(md|markdown)$/i;

/** Timestamps of some file systems have a resolution of 2 s. */
const RACY_MS = 2000;

export interface LoadedPosts {
  files: SourceFile[];
  problems: Problem[];
  /** For the next build's `previous`. */
  sources: NonNullable<BuildState["sources"]>;
}

/**
 * Reads every post file in `dir`, strictly as UTF-8. Paths are given relative to `cwd`.
 * A file whose size and times equal those the previous build saw, and that was last
 * changed well before that build started, is not read: its hash is reused and its text
 * read only if it must be rendered again.
 */
export function loadPostFiles(
  dir: string,
  cwd = process.cwd(),
  previous?: BuildState["sources"],
  now = Date.now(),
  onProgress?: Progress,
): LoadedPosts {
  const files: SourceFile[] = [];
  const problems: Problem[] = [];
  const sources: LoadedPosts["sources"] = { startedAt: now, files: {} };
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => POST_FILE.test(n) && !n.startsWith("."));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { files, problems, sources };
    throw e;
  }
  const strict = new TextDecoder("utf-8", { fatal: true });
  const prefix = relative(cwd, dir).split(sep).join("/");
  for (const [i, name] of names.sort().entries()) {
    onProgress?.("reading posts", i, names.length);
    const full = join(dir, name);
    const path = prefix ? `${prefix}/${name}` : name;
    const stat = statSync(full);
    if (!stat.isFile()) continue;
    const stamp = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
    const before = previous?.files[path];
    if (before && previous && unchanged(before, stamp, previous.startedAt)) {
      sources.files[path] = before;
      files.push({ path, hash: before.hash, read: () => strict.decode(readFileSync(full)) });
      continue;
    }
    const bytes = readFileSync(full);
    try {
      const text = strict.decode(bytes);
      const hash = textHash(text);
      sources.files[path] = { ...stamp, hash };
      files.push({ path, text, hash });
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
  return { files, problems, sources };
}

function unchanged(before: SourceStamp, now: Omit<SourceStamp, "hash">, startedAt: number): boolean {
  return (
    before.size === now.size &&
    before.mtimeMs === now.mtimeMs &&
    before.ctimeMs === now.ctimeMs &&
    now.ctimeMs < startedAt - RACY_MS
  );
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
