import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PostText, PostTexts } from "./post-texts.js";

/** Writes are gathered up to this many bytes: one system call per chunk, not per post. */
const CHUNK = 1 << 20;

/**
 * Post texts parked in one temporary file (appended as parsed, each read back once when its item is
 * rendered), so a full build's memory does not grow with its posts' text. `close` lets it go.
 */
export function spilledTexts(dir = tmpdir()): PostTexts & { close(): void } {
  const folder = mkdtempSync(join(dir, "feedloom-texts-"));
  const fd = openSync(join(folder, "texts"), "w+");
  // Removed at once where the system allows it (the open file lives on): a build that crashes leaves nothing.
  let removed = false;
  try {
    rmSync(folder, { recursive: true, force: true });
    removed = true;
  } catch {}
  const at = new Map<string, { offset: number; length: number }>();
  let written = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    let done = 0;
    while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done, written + done);
    written += chunk.length;
    pending = [];
    pendingBytes = 0;
  };
  return {
    put(file: string, text: PostText) {
      const bytes = Buffer.from(JSON.stringify([text.body, text.summary]));
      at.set(file, { offset: written + pendingBytes, length: bytes.length });
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= CHUNK) flush();
    },
    get(file: string): PostText | undefined {
      const place = at.get(file);
      if (!place) return undefined;
      flush();
      const bytes = Buffer.allocUnsafe(place.length);
      let done = 0;
      while (done < place.length) {
        const n = readSync(fd, bytes, done, place.length - done, place.offset + done);
        if (n === 0) throw new Error(`post texts: ${file}: the temporary file ended early`);
        done += n;
      }
      const [body, summary] = JSON.parse(bytes.toString("utf8")) as [string, string[]];
      return { body, summary };
    },
    close() {
      closeSync(fd);
      if (!removed) rmSync(folder, { recursive: true, force: true });
    },
  };
}
