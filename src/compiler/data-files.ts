import type { Manifest } from "../store/data-layout.js";
import { buildIdOf, hash } from "./keys.js";

/**
 * The sink of the data files a build makes: every file's key is recorded, its text made and kept only
 * when the key differs from the previous build's. The manifest comes last: its build id hashes every
 * other key. A writer that takes each file as it comes (streaming) replaces `files` and nothing else.
 */
export class DataFiles {
  /** Path → key of every data file of this build. */
  readonly written: Record<string, string>;
  /** Path → text of the files that differ from the previous build's. */
  readonly files = new Map<string, string>();
  readonly #before: Record<string, string>;

  /** `base`: the keys of the files this build keeps as they are (a patched rebuild's untouched files). */
  constructor(before: Record<string, string> = {}, base: Record<string, string> = {}) {
    this.#before = before;
    this.written = { ...base };
  }

  emit(path: string, key: string, text: () => string): void {
    this.written[path] = key;
    if (this.#before[path] !== key) this.files.set(path, text());
  }

  /** Sets the manifest's build id from every other file's key, and writes it (always: its times change). */
  emitManifest(path: string, manifest: Manifest): void {
    delete this.written[path];
    manifest.buildId = buildIdOf(this.written, manifest);
    const text = JSON.stringify(manifest);
    this.written[path] = hash(text);
    this.files.set(path, text);
  }

  /** Files of the previous build this one no longer has. */
  removed(): string[] {
    return Object.keys(this.#before).filter((path) => !(path in this.written));
  }
}
