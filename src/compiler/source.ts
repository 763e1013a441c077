// A post file as the loader hands it to the compiler: its text, or its hash and a way to read it.

/** A file the loader read. */
export interface TextFile {
  /** Path as the author knows it, e.g. `posts/2025-03-30-japan.md`. */
  path: string;
  text: string;
  /** `textHash(text)`, when the loader has it already. */
  hash?: string;
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
