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
  let held: string | undefined = text;
  return {
    path,
    hash,
    get text() {
      return held ?? read();
    },
    release: () => {
      held = undefined;
    },
  };
}
