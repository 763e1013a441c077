/**
 * A file of the compiled site that exists, or may exist, but could not be read this time (a
 * failed Static Assets fetch, an I/O error): the request is answered 503, and the next one
 * reads again. A file that is not there is no error: `ReadData` gives undefined.
 */
export class ReadFailed extends Error {
  constructor(path: string, cause: unknown) {
    super(`could not read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "ReadFailed";
  }
}
