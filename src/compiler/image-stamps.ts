import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ImageFacts, ReadPublicFile } from "./item.js";

/** Beside the generations (`.site.builds/`): local, never served or uploaded. */
export const IMAGE_STAMPS_FILE = "image-facts.json";
/** A file changed this close to the build that measured it may change again unseen (git's racy-file rule). */
const RACY_MS = 2000;
const VERSION = 1;

interface Saved {
  version: number;
  /** When the build that measured them started (ms). */
  started: number;
  /** URL path → [stamp, facts]. */
  images: Record<string, [string, ImageFacts]>;
}

/**
 * `read` with the lead images' facts kept between builds, by file stamp (device, inode, size,
 * modification and change times in ns): a rebuild compares an unchanged image's stamp instead of reading and
 * measuring it. `save` writes what this build measured or reused to `buildsDir`; a missing or
 * unreadable file only means every image is read again.
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
  let before: Saved["images"] = {};
  let trustedUntil = 0;
  try {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Saved;
    if (saved.version === VERSION) {
      before = saved.images;
      trustedUntil = saved.started - RACY_MS;
    }
  } catch {
    // none yet, or unreadable: measure every image
  }
  const now: Saved["images"] = {};
  const stamped = Object.assign((urlPath: string) => read(urlPath), {
    knownFacts: (urlPath: string) => {
      const was = before[urlPath];
      if (!was) return undefined;
      const stamp = stampOf(urlPath);
      if (!stamp || stamp.stamp !== was[0] || stamp.mtimeMs >= trustedUntil) return undefined;
      now[urlPath] = was;
      return was[1];
    },
    remember: (urlPath: string, facts: ImageFacts) => {
      const stamp = stampOf(urlPath);
      if (stamp) now[urlPath] = [stamp.stamp, facts];
    },
  });
  return {
    read: stamped,
    save: () => {
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: VERSION, started, images: now } satisfies Saved));
      renameSync(tmp, file);
    },
  };
}
