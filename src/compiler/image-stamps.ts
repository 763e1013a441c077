import { renameSync } from "node:fs";
import { join } from "node:path";
import type { ImageFacts, ReadPublicFile } from "./item.js";
import { fileLines, LineWriter } from "./record-files.js";

/**
 * Beside the generations (`.site.builds/`): local, never served or uploaded. A header line
 * (`version`, `started`), then one `[url path, stamp, facts]` line per image, read and written in chunks.
 */
export const IMAGE_STAMPS_FILE = "image-facts.ndjson";
/** The names it has had (and its temporary file): what `checkOutDir` accepts beside the generations. */
export const IMAGE_STAMPS_NAMES = /^image-facts\./;
/** A file changed this close to the build that measured it may change again unseen (git's racy-file rule). */
const RACY_MS = 2000;
const VERSION = 1;

interface Saved {
  version: number;
  /** When the build that measured them started (ms). */
  started: number;
}
/** URL path → [stamp, facts]. */
type Images = Map<string, [string, ImageFacts]>;

/** The facts `file` holds, and until when (ms) a file's modification time is trusted; none if it cannot be read. */
function readSaved(file: string): { before: Images; trustedUntil: number } {
  const before: Images = new Map();
  // A generator: the file is opened by the first `next`.
  const lines = fileLines(file);
  try {
    const saved = JSON.parse(lines.next().value ?? "null") as Saved | null;
    if (saved?.version !== VERSION) return { before, trustedUntil: 0 };
    for (const line of lines) {
      const [path, stamp, facts] = JSON.parse(line) as [string, string, ImageFacts];
      before.set(path, [stamp, facts]);
    }
    return { before, trustedUntil: saved.started - RACY_MS };
  } catch {
    return { before: new Map(), trustedUntil: 0 }; // none yet, or unreadable: measure every image
  } finally {
    lines.return(undefined); // closes the file when it was not read to the end
  }
}

/**
 * `read` with the lead images' facts kept between builds, by file stamp (device, inode, size,
 * modification and change times in ns): a rebuild compares an unchanged image's stamp instead of reading and
 * measuring it. `save` writes what this build measured or reused, and what it did not ask about, to
 * `buildsDir` (nothing when it measured none: the file holds what it reused); a missing or unreadable
 * file only means every image is read again.
 */
export function stampedImages(
  read: (urlPath: string) => Uint8Array | undefined,
  /**
   * The stamp of the file a URL path is served from (`public/`, the generator's static folder, a page
   * bundle), as the listing of those folders took it: no file is stat'ed twice.
   */
  stampOf: (urlPath: string) => { stamp: string; mtimeMs: number } | undefined,
  buildsDir: string,
  started = Date.now(),
): { read: ReadPublicFile; save: () => void } {
  const file = join(buildsDir, IMAGE_STAMPS_FILE);
  // Read when first asked: a patched rebuild under `npm start` that keeps its images asks nothing.
  let saved: { before: Images; trustedUntil: number } | undefined;
  const load = () => {
    saved ??= readSaved(file);
    return saved;
  };
  const now: Images = new Map();
  const asked = new Set<string>();
  let measured = 0;
  const stamped = Object.assign((urlPath: string) => read(urlPath), {
    knownFacts: (urlPath: string) => {
      const { before, trustedUntil } = load();
      asked.add(urlPath);
      const was = before.get(urlPath);
      if (!was) return undefined;
      const stamp = stampOf(urlPath);
      if (!stamp || stamp.stamp !== was[0] || stamp.mtimeMs >= trustedUntil) return undefined;
      now.set(urlPath, was);
      return was[1];
    },
    remember: (urlPath: string, facts: ImageFacts) => {
      const stamp = stampOf(urlPath);
      if (!stamp) return;
      now.set(urlPath, [stamp.stamp, facts]);
      measured++;
    },
  });
  return {
    read: stamped,
    save: () => {
      // Nothing measured: the saved facts (and the start they are trusted from) still hold; those of
      // images no longer used are only never asked for.
      if (measured === 0) return;
      // The facts of images this build did not ask about (a patched rebuild asks about its edited posts'
      // only) are kept, and then trusted only from the start they were trusted from.
      const kept = [...(saved?.before ?? [])].filter(([path]) => !asked.has(path));
      const from = kept.length > 0 && saved ? Math.min(started, saved.trustedUntil + RACY_MS) : started;
      const tmp = `${file}.tmp`;
      const writer = new LineWriter(tmp);
      try {
        writer.line(JSON.stringify({ version: VERSION, started: from } satisfies Saved));
        for (const [path, [stamp, facts]] of [...now, ...kept]) writer.line(JSON.stringify([path, stamp, facts]));
      } finally {
        writer.close();
      }
      renameSync(tmp, file);
    },
  };
}
