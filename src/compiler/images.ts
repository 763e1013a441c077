import type { SiteConfig } from "../config/site-config.js";
import { type ImageFacts, imageFacts, type ReadPublicFile } from "./item.js";

/** What the image memo keeps for the next build: lead image URL → the `src` written and its facts as JSON. */
export type ImageRecord = Record<string, { src: string; facts: string }>;

/**
 * The facts of lead images, each file read and measured once per build (many posts share an image).
 * A patched rebuild starts from the previous build's record and first checks it still holds.
 */
export class ImageMemo {
  readonly #site: SiteConfig;
  readonly #read: ReadPublicFile;
  readonly #facts = new Map<string, ImageFacts>();
  readonly #record: ImageRecord;

  readonly #trusted: boolean;

  /** `trusted`: the files behind `known` are known to be unchanged (`CompileInput.publicUnchanged`). */
  constructor(site: SiteConfig, read: ReadPublicFile, known: ImageRecord = {}, trusted = false) {
    this.#site = site;
    this.#read = read;
    this.#record = { ...known };
    this.#trusted = trusted;
  }

  /** Facts of the image at `url` (written as `src`), measured the first time it is asked for. */
  readonly factsOf = (url: string, src: string): ImageFacts => {
    let facts = this.#facts.get(url);
    if (!facts) {
      const kept = this.#trusted ? this.#record[url] : undefined;
      facts = kept?.src === src ? (JSON.parse(kept.facts) as ImageFacts) : imageFacts(url, src, this.#site, this.#read);
      this.#facts.set(url, facts);
      this.#record[url] ??= { src, facts: JSON.stringify(facts) };
    }
    return facts;
  };

  /** True when every recorded image still measures as recorded (a file in public/ may have changed, or appeared). */
  unchanged(): boolean {
    return Object.entries(this.#record).every(
      ([url, { src, facts }]) => JSON.stringify(this.factsOf(url, src)) === facts,
    );
  }

  record(): ImageRecord {
    return { ...this.#record };
  }
}
