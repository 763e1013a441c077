import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { DATA_PREFIX } from "../store/data-layout.js";
import { BuildError } from "./build-error.js";
import { IMAGE_STAMPS_NAMES } from "./image-stamps.js";

/**
 * The output folder (`OUT_DIR`) is a symbolic link to one of two generations kept beside it,
 * `.NAME.builds/a` and `.NAME.builds/b`. A build writes the generation that is not served, then
 * swaps the link in one rename: a build that fails halfway (full disk, kill -9) leaves the served
 * one untouched, and a reader that resolved the link reads one build, never a mix of two.
 * A lock file there keeps a second process from writing the same output.
 */
export interface Generations {
  /** The generation the output link points at, if any (or the output folder itself, as older builds left it). */
  current: string | undefined;
  /** The generation this build writes. */
  spare: string;
}

const NAMES = ["a", "b"] as const;
const LOCK = "lock";

/** The folder holding the generations of `outDir`. */
export function generationsDir(outDir: string): string {
  const full = resolve(outDir);
  return join(dirname(full), `.${basename(full)}.builds`);
}

/** `path` with the symbolic links of its existing part resolved. */
function real(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    const parent = dirname(full);
    return parent === full ? full : join(real(parent), basename(full));
  }
}

const inside = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
const overlap = (a: string, b: string) => inside(a, b) || inside(b, a);

/**
 * Refuses an output folder that a build would destroy something in: one equal to or overlapping
 * the posts or public folder, one holding the working folder, one holding files no build of ours
 * wrote. Nothing is written.
 */
export function checkOutDir(
  folders: { outDir: string; postsDir: string; publicDir: string },
  cwd = process.cwd(),
): void {
  const out = join(real(dirname(resolve(folders.outDir))), basename(resolve(folders.outDir)));
  const builds = generationsDir(out);
  const shown = folders.outDir;
  for (const [name, dir] of [
    ["POSTS_DIR", folders.postsDir],
    ["PUBLIC_DIR", folders.publicDir],
  ] as const) {
    const other = real(dir);
    if (overlap(out, other) || overlap(builds, other)) {
      throw new BuildError(
        `OUT_DIR=${shown} overlaps ${name}=${dir}: the build replaces its output; choose another OUT_DIR`,
      );
    }
  }
  if (inside(real(cwd), out)) {
    throw new BuildError(
      `OUT_DIR=${shown} holds the working folder: the build replaces its output; choose another OUT_DIR`,
    );
  }
  const stat = lstatOrNone(out);
  if (stat?.isSymbolicLink()) {
    const target = resolve(dirname(out), readlinkSync(out));
    if (!NAMES.some((n) => target === join(builds, n))) {
      throw new BuildError(
        `OUT_DIR=${shown} is a link to ${target}, not to a build of ours; remove it or choose another OUT_DIR`,
      );
    }
  } else if (stat?.isDirectory()) {
    const entries = readdirSync(out);
    if (entries.length > 0 && !existsSync(join(out, DATA_PREFIX, "manifest.json"))) {
      throw new BuildError(
        `OUT_DIR=${shown} holds files no build wrote (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""}); ` +
          "refusing to replace them: empty it or choose another OUT_DIR",
      );
    }
  } else if (stat) {
    throw new BuildError(`OUT_DIR=${shown} is a file, not a folder; choose another OUT_DIR`);
  }
  if (existsSync(builds)) {
    const foreign = readdirSync(builds).filter(
      (e) =>
        !(NAMES as readonly string[]).includes(e) &&
        e !== LOCK &&
        !e.startsWith("link-") &&
        !e.startsWith(`${LOCK}.`) &&
        !IMAGE_STAMPS_NAMES.test(e),
    );
    if (foreign.length > 0) {
      throw new BuildError(
        `${builds} holds files no build wrote (${foreign.slice(0, 3).join(", ")}); refusing to write there`,
      );
    }
  }
}

/** The generations of `outDir` (checked with `checkOutDir` first). */
export function openGenerations(outDir: string): Generations {
  const out = resolve(outDir);
  const builds = generationsDir(out);
  let current: string | undefined;
  try {
    const stat = lstatSync(out);
    if (stat.isSymbolicLink()) current = resolve(dirname(out), readlinkSync(out));
    else if (readdirSync(out).length > 0) current = out;
  } catch {
    current = undefined;
  }
  const spare = join(builds, current === join(builds, "a") ? "b" : "a");
  return { current, spare };
}

/** Points `outDir` at `spare`, in one rename when `outDir` is already a link. */
export function switchTo(outDir: string, generations: Generations): void {
  const out = resolve(outDir);
  const builds = generationsDir(out);
  const link = join(builds, `link-${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(relative(dirname(out), generations.spare), link, "junction");
  const stat = lstatOrNone(out);
  if (stat?.isDirectory()) {
    // A folder as older builds left it (or an empty one): kept as the other generation.
    const other = join(builds, generations.spare === join(builds, "a") ? "b" : "a");
    rmSync(other, { recursive: true, force: true });
    renameSync(out, other);
  }
  renameSync(link, out);
}

function lstatOrNone(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Who holds the lock of an output folder. */
interface Holder {
  pid: number;
  what: string;
}

/**
 * Takes the lock of `outDir` for this process (the same process may take it again), so that no
 * other build or server writes that output meanwhile; throws a `BuildError` naming the holder.
 * Returns the function that gives it back. A lock whose process is gone is taken over.
 */
export function lockOutDir(outDir: string, what: string): () => void {
  const builds = generationsDir(outDir);
  mkdirSync(builds, { recursive: true });
  const file = join(builds, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole under another name and linked: a lock file is never seen half written.
    const draft = `${file}.${process.pid}`;
    writeFileSync(draft, JSON.stringify({ pid: process.pid, what } satisfies Holder));
    try {
      linkSync(draft, file);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off("exit", release);
        rmSync(file, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      rmSync(draft, { force: true });
    }
    const holder = readHolder(file);
    if (holder?.pid === process.pid) return () => {};
    if (holder && alive(holder.pid)) {
      throw new BuildError(
        `OUT_DIR=${outDir} is in use by ${holder.what} (pid ${holder.pid}); stop it, or give this one its own OUT_DIR`,
      );
    }
    try {
      unlinkSync(file); // its process is gone (or it was never finished): stale
    } catch {}
  }
  throw new BuildError(`OUT_DIR=${outDir}: could not take its lock ${file}`);
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
