import { Bundle, bundleOf } from "./bundle.js";
import { dataPath, type Item, type ListInfo, type Manifest, SHARD_SIZE } from "./data-layout.js";
import { LoadingCache } from "./loading-cache.js";

/**
 * Reads one data file of the compiled site by its path: undefined when there is none; rejects
 * (with `ReadFailed`) when it could not be read this time.
 */
export type ReadData = (path: string) => Promise<Uint8Array | undefined>;

/** Bytes of data files kept read or parsed in memory: bounded for a 128 MB Worker isolate. */
const CACHE_BYTES = 24_000_000;

const decoder = new TextDecoder();

/**
 * Read access to the compiled site, the same on Node (disk) and Workers (Static Assets).
 * The manifest, list shards, bundles and parsed items are kept in one bounded cache (a
 * deployment's files never change); a failed read is never kept.
 */
export class ContentStore {
  #read: ReadData;
  #cache = new LoadingCache(CACHE_BYTES);

  constructor(read: ReadData) {
    this.#read = read;
  }

  async manifest(): Promise<Manifest> {
    const manifest = await this.#file(dataPath.manifest(), (bytes) => JSON.parse(decoder.decode(bytes)) as Manifest);
    if (manifest === undefined) throw new Error("the site is not built: run `npm run build`");
    return manifest;
  }

  /** The run-time settings the build saw; none from a site built before they were written. */
  async runtimeDefaults(): Promise<Record<string, unknown>> {
    const bytes = await this.#read(dataPath.runtime());
    return bytes === undefined ? {} : (JSON.parse(decoder.decode(bytes)) as Record<string, unknown>);
  }

  /** Old URL path → slug of the posts that had another URL before the move; empty when none did. */
  async permalinks(): Promise<Record<string, string>> {
    const map = await this.#file(
      dataPath.permalinks(),
      (bytes) => JSON.parse(decoder.decode(bytes)) as Record<string, string>,
    );
    return map ?? {};
  }

  /** Slugs of the list's posts from `offset`, newest first, at most `limit`. */
  async slugs(key: string, list: ListInfo, offset: number, limit: number): Promise<string[]> {
    const end = Math.min(offset + limit, list.count);
    if (end <= offset) return [];
    // Newest-first positions [offset, end) are oldest-first positions [count - end, count - offset).
    const from = list.count - end;
    const to = list.count - offset;
    const first = Math.floor(from / SHARD_SIZE);
    const shards: Promise<string[]>[] = [];
    for (let i = first; i * SHARD_SIZE < to; i++) shards.push(this.#shard(dataPath.shard(key, i)));
    const oldestFirst = (await Promise.all(shards)).flat();
    return oldestFirst.slice(from - first * SHARD_SIZE, to - first * SHARD_SIZE).reverse();
  }

  item(slug: string): Promise<Item | undefined> {
    return this.#cache.get(
      `item ${slug}`,
      async () => {
        const { bundles } = await this.manifest();
        const bundle = await this.#file(dataPath.bundle(bundleOf(slug, bundles)), (bytes) => new Bundle(bytes));
        const json = bundle?.json(slug);
        return json === undefined ? undefined : (JSON.parse(json) as Item);
      },
      (item) => item.contentHtml.length + 1000,
    );
  }

  async items(slugs: string[]): Promise<Item[]> {
    const items = await Promise.all(slugs.map((s) => this.item(s)));
    return items.filter((i): i is Item => i !== undefined);
  }

  async #shard(path: string): Promise<string[]> {
    return (await this.#file(path, (bytes) => JSON.parse(decoder.decode(bytes)) as string[])) ?? [];
  }

  /** The file at `path`, parsed, kept by its path and weighed by its bytes; undefined when there is none. */
  #file<T>(path: string, parse: (bytes: Uint8Array) => T): Promise<T | undefined> {
    return this.#cache
      .get(
        `file ${path}`,
        async () => {
          const bytes = await this.#read(path);
          return bytes === undefined ? undefined : { value: parse(bytes), bytes: bytes.byteLength };
        },
        (file) => file.bytes + 100,
      )
      .then((file) => file?.value);
  }
}
