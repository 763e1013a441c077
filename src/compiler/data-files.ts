import type { Manifest } from "../store/data-layout.js";
import { buildIdOf, hash } from "./keys.js";

/** Writes a data file's text where the build goes (`write.ts`'s `dataWriter`): the text is not kept. */
export type DataSink = (path: string, text: string) => void;

/**
 * The sink of the data files a build makes: every file's key is recorded, its text made only when
 * the key differs from the previous build's. That text goes to `sink` at once (streaming: a bundle's
 * text lives only while it is written), or without one is kept in `files` (tests, a patched rebuild's
 * few bundles). The manifest comes last: its build id hashes every other key.
 */
export class DataFiles {
  /** Path → key of every data file of this build. */
  readonly written: Record<string, string>;
  /** Path → text of the files that differ from the previous build's, when there is no sink. */
  readonly files = new Map<string, string>();
  /** Paths of the files that differ from the previous build's and went to the sink. */
  readonly streamed = new Set<string>();
  readonly #before: Record<string, string>;
  readonly #sink: DataSink | undefined;

  /** `base`: the keys of the files this build keeps as they are (a patched rebuild's untouched files). */
  constructor(before: Record<string, string> = {}, base: Record<string, string> = {}, sink?: DataSink) {
    this.#before = before;
    this.written = { ...base };
    this.#sink = sink;
  }

  emit(path: string, key: string, text: () => string): void {
    this.written[path] = key;
    if (this.#before[path] !== key) this.#put(path, text());
  }

  /** Sets the manifest's build id from every other file's key, and writes it (always: its times change). */
  emitManifest(path: string, manifest: Manifest): void {
    delete this.written[path];
    manifest.buildId = buildIdOf(this.written, manifest);
    const text = JSON.stringify(manifest);
    this.written[path] = hash(text);
    this.#put(path, text);
  }

  /** Files of the previous build this one no longer has. */
  removed(): string[] {
    return Object.keys(this.#before).filter((path) => !(path in this.written));
  }

  #put(path: string, text: string): void {
    if (!this.#sink) {
      this.files.set(path, text);
      return;
    }
    this.#sink(path, text);
    this.streamed.add(path);
  }
}
