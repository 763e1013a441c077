// A post file as the loader hands it to the compiler: its text, or its hash and a way to read it.

/** A file the loader read. */
export interface TextFile {
  /** Path as the author knows it, e.g. `posts/2025-03-30-japan.md`. */
  path: string;
  text: string;
  /** `textHash(text)`, when the loader has it already. */
  hash?: string;
  /**
   * Lets go of the text once a full build has parsed it (the loader's files: `text` is then read
   * from the file again, should it be needed), so the build holds no post's text beyond its parse.
   */
  release?: () => void;
}

/** A file the loader knows is unchanged since the last build: its text's hash, and its text on demand. */
export interface UnchangedFile {
  path: string;
  hash: string;
  read: () => string;
}

export type SourceFile = TextFile | UnchangedFile;

/** The text of a post file, read now if the loader did not. */
export const textOf = (file: SourceFile) => ("text" in file ? file.text : file.read());

/** A file the loader read, holding `text` until `release` and reading it with `read` after. */
export function heldText(path: string, hash: string, text: string, read: () => string): TextFile {
  return new HeldText(path, hash, text, read);
}

// Classes, not object literals with getters: V8 keeps such a literal as a dictionary (~250 bytes a file).
class HeldText implements TextFile {
  readonly path: string;
  readonly hash: string;
  #held: string | undefined;
  readonly #read: () => string;

  constructor(path: string, hash: string, text: string, read: () => string) {
    this.path = path;
    this.hash = hash;
    this.#held = text;
    this.#read = read;
  }

  get text(): string {
    return this.#held ?? this.#read();
  }

  release(): void {
    this.#held = undefined;
  }
}

/**
 * A file the loader read and parked (`text-spill.ts`'s `parkerIn`): its text is decoded from the
 * parked bytes each time it is asked for, so no post's text stays in memory from the read stage to
 * its parse; once they are gone (the build let its spill go), it is read from the file again.
 */
export function parkedText(
  path: string,
  hash: string,
  parked: () => Uint8Array | undefined,
  decode: (bytes: Uint8Array) => string,
  read: () => string,
): TextFile {
  return new ParkedText(path, hash, parked, decode, read);
}

class ParkedText implements TextFile {
  readonly path: string;
  readonly hash: string;
  readonly #parked: () => Uint8Array | undefined;
  readonly #decode: (bytes: Uint8Array) => string;
  readonly #read: () => string;

  constructor(
    path: string,
    hash: string,
    parked: () => Uint8Array | undefined,
    decode: (bytes: Uint8Array) => string,
    read: () => string,
  ) {
    this.path = path;
    this.hash = hash;
    this.#parked = parked;
    this.#decode = decode;
    this.#read = read;
  }

  get text(): string {
    const bytes = this.#parked();
    return bytes ? this.#decode(bytes) : this.#read();
  }
}
