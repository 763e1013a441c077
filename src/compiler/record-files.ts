import { closeSync, openSync, readSync, writeSync } from "node:fs";

/**
 * Files of one JSON record a line, read and written a chunk at a time: the build state grows with the
 * site, and a whole file as one string would pass V8's longest string (~512 MB) near a million posts.
 */
const CHUNK = 1 << 20;

/** Each non-empty line of `file`, read 1 MiB at a time (a line may span chunks). Throws when it cannot be opened. */
export function* fileLines(file: string): Generator<string> {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let pending: Buffer[] = [];
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) {
      const chunk = buffer.subarray(0, n);
      // Decoded up to the chunk's last newline: a character is never cut in two.
      const last = chunk.lastIndexOf(0x0a);
      if (last < 0) {
        pending.push(Buffer.from(chunk));
        continue;
      }
      const head = pending.length > 0 ? Buffer.concat([...pending, chunk.subarray(0, last)]) : chunk.subarray(0, last);
      pending = last + 1 < n ? [Buffer.from(chunk.subarray(last + 1))] : [];
      for (const line of head.toString("utf8").split("\n")) if (line) yield line;
    }
    const tail = Buffer.concat(pending).toString("utf8");
    if (tail) yield tail;
  } finally {
    closeSync(fd);
  }
}

/** Writes lines to a file, gathered up to 1 MiB per system call. `close` flushes. */
export class LineWriter {
  readonly #fd: number;
  #parts: string[] = [];
  #size = 0;
  /** Lines written so far. */
  lines = 0;

  /** `append`: add to the end of `file` rather than replace it. */
  constructor(file: string, append = false) {
    this.#fd = openSync(file, append ? "a" : "w");
  }

  line(text: string): void {
    this.#parts.push(text);
    this.#size += text.length + 1;
    this.lines++;
    if (this.#size >= CHUNK) this.#flush();
  }

  close(): void {
    try {
      this.#flush();
    } finally {
      closeSync(this.#fd);
    }
  }

  #flush(): void {
    if (this.#parts.length === 0) return;
    const bytes = Buffer.from(`${this.#parts.join("\n")}\n`);
    this.#parts = [];
    this.#size = 0;
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done);
  }
}
