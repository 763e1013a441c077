import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PostText, PostTexts } from "./post-texts.js";

/** Writes are gathered up to this many bytes: one system call per chunk, not per record. */
const CHUNK = 1 << 20;

/** Where `Spill.park` put some bytes. */
export interface SpillPlace {
  offset: number;
  length: number;
}

/**
 * One temporary file that a build parks bytes in (appended as they come, each read back when
 * needed), so that what waits for a later stage does not stay in memory. The file is made on the
 * first `park` (a build that parks nothing makes none) and unlinked at once where the system allows
 * it: the open file lives on, and a build that crashes leaves nothing. `close` lets it go.
 */
export interface Spill {
  park(bytes: Uint8Array): SpillPlace;
  /** The bytes parked at `place`; undefined once the spill is closed. */
  fetch(place: SpillPlace): Buffer | undefined;
  close(): void;
}

export function openSpill(dir = tmpdir()): Spill {
  let file: { fd: number; folder: string; removed: boolean } | undefined;
  let closed = false;
  let written = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const open = () => {
    if (file) return file;
    const folder = mkdtempSync(join(dir, "feedloom-texts-"));
    const fd = openSync(join(folder, "texts"), "w+");
    let removed = false;
    try {
      rmSync(folder, { recursive: true, force: true });
      removed = true;
    } catch {}
    file = { fd, folder, removed };
    return file;
  };
  const flush = () => {
    if (pendingBytes === 0) return;
    const { fd } = open();
    const chunk = Buffer.concat(pending, pendingBytes);
    let done = 0;
    while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done, written + done);
    written += chunk.length;
    pending = [];
    pendingBytes = 0;
  };
  return {
    park(bytes) {
      if (closed) throw new Error("spill: parked after close");
      open();
      const place = { offset: written + pendingBytes, length: bytes.length };
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= CHUNK) flush();
      return place;
    },
    fetch(place) {
      if (closed) return undefined;
      flush();
      const bytes = Buffer.allocUnsafe(place.length);
      let done = 0;
      while (done < place.length) {
        const n = readSync((file as { fd: number }).fd, bytes, done, place.length - done, place.offset + done);
        if (n === 0) throw new Error("spill: the temporary file ended early");
        done += n;
      }
      return bytes;
    },
    close() {
      if (closed) return;
      closed = true;
      pending = [];
      if (!file) return;
      closeSync(file.fd);
      if (!file.removed) rmSync(file.folder, { recursive: true, force: true });
    },
  };
}

/**
 * Post texts parked in a spill (`openSpill`, by default one of their own), so a full build's
 * memory does not grow with its posts' text. `close` closes the spill.
 */
export function spilledTexts(spill: Spill | string = tmpdir()): PostTexts & { close(): void } {
  const parked = typeof spill === "string" ? openSpill(spill) : spill;
  const at = new Map<string, SpillPlace>();
  return {
    put(file: string, text: PostText) {
      at.set(file, parked.park(Buffer.from(JSON.stringify([text.body, text.summary]))));
    },
    get(file: string): PostText | undefined {
      const place = at.get(file);
      if (!place) return undefined;
      const bytes = parked.fetch(place);
      if (!bytes) throw new Error(`post texts: ${file}: read after the build let them go`);
      const [body, summary] = JSON.parse(bytes.toString("utf8")) as [string, string[]];
      return { body, summary };
    },
    close: () => parked.close(),
  };
}

/**
 * A loader's file bytes parked in `spill` (`loadPostFiles`'s `park`): its text is read back from
 * there, the very bytes the loader hashed, until the spill is closed; then `undefined`.
 */
export function parkerIn(spill: Spill): (bytes: Uint8Array) => () => Buffer | undefined {
  return (bytes) => {
    const place = spill.park(bytes);
    return () => spill.fetch(place);
  };
}
