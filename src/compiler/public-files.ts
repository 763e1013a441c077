import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { Problem } from "../content/problem.js";
import { DATA_PREFIX } from "../store/data-layout.js";
import { BuildError } from "./build-error.js";

/** A file of `public/` the site serves: where its bytes are, and its size and times when listed. */
export interface PublicFile {
  /** The file to copy: inside `public/`, symbolic links resolved. */
  source: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Device, inode, size, modification and change times (ns): what `image-stamps.ts` keeps facts by. */
  stamp: string;
}

/** The size, times and stamp of a file (see `PublicFile`), if it is one; one `stat`. */
export function fileStamp(path: string): Omit<PublicFile, "source"> | undefined {
  const s = statSync(path, { bigint: true, throwIfNoEntry: false });
  if (!s?.isFile()) return undefined;
  return {
    size: Number(s.size),
    mtimeMs: Number(s.mtimeNs) / 1e6,
    ctimeMs: Number(s.ctimeNs) / 1e6,
    stamp: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`,
  };
}

export interface PublicFiles {
  /** Output path (`images/a.jpg`) → the file. */
  files: Map<string, PublicFile>;
  /** Symbolic links that are not published, one warning each. */
  problems: Problem[];
}

/**
 * Every file of `publicDir` the site may serve (less the plain files `unwanted` names by path,
 * which are not stat'ed: the posts folder's posts). A symbolic link is followed only to a file inside
 * `publicDir` (never to a folder): one pointing outside would publish what is not the site's.
 * A `_data` folder is refused: the compiled data lives there. A missing folder has no files.
 */
export function listPublicFiles(
  publicDir: string,
  cwd = process.cwd(),
  unwanted: (path: string) => boolean = () => false,
): PublicFiles {
  const files = new Map<string, PublicFile>();
  const problems: Problem[] = [];
  let root: string;
  try {
    root = realpathSync(resolve(publicDir));
  } catch {
    return { files, problems };
  }
  const shown = (path: string) => relative(cwd, join(publicDir, path)).split(sep).join("/");
  const skip = (path: string, message: string) =>
    problems.push({ file: shown(path), line: 1, field: "file", message, severity: "warning" });
  const walk = (dir: string, prefix: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // removed while listed: the next build sees what is there
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (!prefix && entry.name === DATA_PREFIX) {
        throw new BuildError(
          `${shown(path)}: public/ must not hold a ${DATA_PREFIX} folder, where the build writes the compiled data; rename it`,
        );
      }
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, path);
        continue;
      }
      if (entry.isFile() && unwanted(path)) continue;
      let source = full;
      if (entry.isSymbolicLink()) {
        try {
          source = realpathSync(full);
        } catch {
          skip(path, "a symbolic link to nothing; not published");
          continue;
        }
        if (!source.startsWith(root + sep)) {
          skip(path, "a symbolic link to outside public/; not published");
          continue;
        }
      }
      try {
        const stat = fileStamp(source);
        if (stat) files.set(path, { source, ...stat });
        else if (entry.isSymbolicLink() && statSync(source).isDirectory())
          skip(path, "a symbolic link to a folder; not published (link the files)");
      } catch {
        // removed while listed
      }
    }
  };
  walk(root, "");
  return { files, problems };
}

/** Whether `path` (a symbolic link or not) is a file inside `root`, by real paths. */
export function isInside(root: string, path: string): boolean {
  try {
    return realpathSync(path).startsWith(realpathSync(root) + sep);
  } catch {
    return false;
  }
}
