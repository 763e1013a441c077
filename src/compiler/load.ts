import { isUtf8 } from "node:buffer";
import { type Dirent, lstatSync, readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { TextDecoder } from "node:util";
import type { Problem } from "../content/problem.js";
import { BuildError } from "./build-error.js";
import type { SourceFile } from "./compile.js";
import { textHash } from "./keys.js";
import type { Progress } from "./progress.js";
import { isInside } from "./public-files.js";
import { heldText, parkedText } from "./source.js";
import type { BuildState, SourceStamp } from "./state.js";

// The read stage: the post files, and the public files lead images name. Not the only module that
// touches the file system: public-files.ts lists public/, write.ts reads the previous build's state and
// files and writes the new one, out-dir.ts keeps the output's generations and lock, watch.ts watches.
// The stages between read and write (compile.ts) are given what these read.

/** Files that can be posts: Markdown as every generator names it, MDX, and HTML with front matter (Jekyll). */
const POST_FILE = /\.(md|markdown|mdx|html?)$/i;

/**
 * Files and folders of a content folder that are not posts, by the generators' conventions: each
 * one found is reported (one warning per rule, folded into one line with a count), never silent.
 */
const SKIPPED: { test: (path: string, isDir: boolean) => boolean; why: string }[] = [
  { test: (p, dir) => dir && /^_?drafts$/i.test(base(p)), why: "a drafts folder (Jekyll's `_drafts`)" },
  { test: (p) => /^_index\.[a-z]+$/i.test(base(p)), why: "a section index (Hugo's `_index.md`), not a post" },
  { test: (p) => !p.includes("/") && /^index\.[a-z]+$/i.test(p), why: "the folder's own index page, not a post" },
];

function base(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * The post files under `dir`, by path relative to it with `/` separators, sorted, and those
 * skipped by rule. Folders are walked (Hugo page bundles, Astro collections); hidden files and
 * folders and `node_modules` are not.
 */
function listPosts(dir: string): {
  names: string[];
  skipped: { path: string; why: string }[];
  unreadable: { path: string; error: unknown }[];
} {
  const names: string[] = [];
  const skipped: { path: string; why: string }[] = [];
  const unreadable: { path: string; error: unknown }[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(rel ? join(dir, rel) : dir, { withFileTypes: true });
    } catch (error) {
      // The folder itself: not a build (the caller says so); a subfolder: a problem of its own.
      if (!rel) throw error;
      unreadable.push({ path: rel, error });
      return;
    }
    // By name, so problems come in the same order on every file system.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      const rule = SKIPPED.find((r) => r.test(path, isDir));
      if (rule && (isDir || POST_FILE.test(entry.name))) {
        skipped.push({ path, why: rule.why });
        continue;
      }
      if (isDir) walk(path);
      else if (POST_FILE.test(entry.name)) names.push(path);
    }
  };
  walk("");
  return { names: names.sort(), skipped, unreadable };
}

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
 * read only if it must be rendered again. `touched`: the files (by path below `dir`) a watch saw
 * change since the previous build, when it saw every change (`npm start`): any other file the previous
 * build had is taken as it was, without a stat. With `park` (a full build's spill), the text of each file
 * read is parked there rather than held until its parse.
 */
export function loadPostFiles(
  dir: string,
  cwd = process.cwd(),
  previous?: BuildState["sources"],
  now = Date.now(),
  onProgress?: Progress,
  touched?: ReadonlySet<string>,
  park?: (bytes: Uint8Array) => () => Uint8Array | undefined,
): LoadedPosts {
  const files: SourceFile[] = [];
  const problems: Problem[] = [];
  const sources: LoadedPosts["sources"] = { startedAt: now, files: {} };
  let names: string[];
  try {
    const listed = listPosts(dir);
    names = listed.names;
    const shown = relative(cwd, dir).split(sep).join("/");
    for (const { path, error } of listed.unreadable) {
      problems.push(unreadable(shown ? `${shown}/${path}` : path, join(dir, path), error));
    }
    for (const { path, why } of listed.skipped) {
      problems.push({
        file: shown ? `${shown}/${path}` : path,
        line: 1,
        field: "file",
        message: `skipped: ${why}`,
        severity: "warning",
      });
    }
  } catch (e) {
    // An empty site would replace the last build, which a deploy would upload: not a build.
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "not a folder" : (e as Error).message;
    throw new BuildError(`${dir}: ${why} (POSTS_DIR); nothing was built, the last build is kept`);
  }
  const strict = new TextDecoder("utf-8", { fatal: true });
  const prefix = relative(cwd, dir).split(sep).join("/");
  for (const [i, name] of names.entries()) {
    onProgress?.("reading posts", i, names.length);
    const path = prefix ? `${prefix}/${name}` : name;
    const known = touched && !isTouched(touched, name) ? previous?.files[path] : undefined;
    if (known) {
      sources.files[path] = known;
      files.push({ path, hash: known.hash, read: () => strict.decode(readFileSync(join(dir, name))) });
      continue;
    }
    const full = join(dir, name);
    let stat: Stats;
    let bytes: Buffer;
    try {
      stat = statSync(full);
      if (!stat.isFile()) continue;
    } catch (e) {
      problems.push(unreadable(path, full, e));
      continue;
    }
    const stamp = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
    const before = previous?.files[path];
    if (before && previous && unchanged(before, stamp, previous.startedAt)) {
      sources.files[path] = before;
      files.push({ path, hash: before.hash, read: () => strict.decode(readFileSync(full)) });
      continue;
    }
    try {
      bytes = readFileSync(full);
    } catch (e) {
      problems.push(unreadable(path, full, e));
      continue;
    }
    try {
      const text = strict.decode(bytes);
      const hash = textHash(text);
      sources.files[path] = { ...stamp, hash };
      const read = () => strict.decode(readFileSync(full));
      files.push(
        park ? parkedText(path, hash, park(bytes), (b) => strict.decode(b), read) : heldText(path, hash, text, read),
      );
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

/** Whether the watch saw `name` or a folder above it change (a folder moved out, edited, moved back). */
function isTouched(touched: ReadonlySet<string>, name: string): boolean {
  for (let end = name.length; end > 0; end = name.lastIndexOf("/", end - 1)) {
    if (touched.has(name.slice(0, end))) return true;
  }
  return false;
}

/** The problem of a post file that could not be read: gone meanwhile, a dangling link, no permission. */
function unreadable(path: string, full: string, e: unknown): Problem {
  const code = (e as NodeJS.ErrnoException).code;
  let link = false;
  try {
    link = lstatSync(full).isSymbolicLink();
  } catch {}
  const message =
    code === "ENOENT" && link
      ? "a symbolic link to a missing file"
      : code === "ENOENT"
        ? "deleted while the build read it"
        : `cannot be read (${code ?? (e as Error).message})`;
  return { file: path, line: 1, field: "file", message, severity: "error" };
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

/**
 * Reads a file the site serves from `publicDir` by its URL path; never outside that folder, not
 * even through a symbolic link (real paths are compared).
 */
export function publicFileReader(publicDir: string): (urlPath: string) => Uint8Array | undefined {
  const root = resolve(publicDir);
  return (urlPath) => {
    const full = resolve(root, `.${urlPath}`);
    if (!full.startsWith(root + sep) || !isInside(root, full)) return undefined;
    try {
      return readFileSync(full);
    } catch {
      return undefined;
    }
  };
}
