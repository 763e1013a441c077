import { LRUCache } from "lru-cache";
import { Bundle, bundleOf } from "./bundle.js";
import { dataPath, type Item, type ListInfo, type Manifest, SHARD_SIZE } from "./layout.js";

/** Reads one data file of the compiled site by its path; undefined when there is none. */
export type ReadData = (path: string) => Promise<Uint8Array | undefined>;

/** Bytes of data files kept read or parsed in memory: bounded for a 128 MB Worker isolate. */
const CACHE_BYTES = 24_000_000;

const decoder = new TextDecoder();

/**
 * Read access to the compiled site, the same on Node (disk) and Workers (Static Assets).
 * Files are kept in bounded caches: a deployment's files never change.
 */
export class ContentStore {
  #read: ReadData;
  #manifest?: Promise<Manifest>;
  /** List shards: slugs, oldest first. */
  #shards = new LRUCache<string, Promise<string[]>>({ max: 2000 });
  #bundles = new LRUCache<string, Promise<Bundle>>({
    maxSize: CACHE_BYTES / 2,
    // A pending read counts as one byte; its real size is set once it is read.
    sizeCalculation: () => 1,
  });
  #items = new LRUCache<string, Item>({
    maxSize: CACHE_BYTES / 2,
    sizeCalculation: (item) => item.contentHtml.length + 1000,
  });

  constructor(read: ReadData) {
    this.#read = read;
  }

  manifest(): Promise<Manifest> {
    this.#manifest ??= this.#read(dataPath.manifest()).then((bytes) => {
      if (bytes === undefined) throw new Error("the site is not built: run `npm run build`");
      return JSON.parse(decoder.decode(bytes)) as Manifest;
    });
    return this.#manifest;
  }

  /** The run-time settings the build saw; none from a site built before they were written. */
  async runtimeDefaults(): Promise<Record<string, unknown>> {
    const bytes = await this.#read(dataPath.runtime());
    return bytes === undefined ? {} : (JSON.parse(decoder.decode(bytes)) as Record<string, unknown>);
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

  async item(slug: string): Promise<Item | undefined> {
    const hit = this.#items.get(slug);
    if (hit) return hit;
    const { bundles } = await this.manifest();
    const json = (await this.#bundle(dataPath.bundle(bundleOf(slug, bundles)))).json(slug);
    if (json === undefined) return undefined;
    const item = JSON.parse(json) as Item;
    this.#items.set(slug, item);
    return item;
  }

  async items(slugs: string[]): Promise<Item[]> {
    const items = await Promise.all(slugs.map((s) => this.item(s)));
    return items.filter((i): i is Item => i !== undefined);
  }

  #shard(path: string): Promise<string[]> {
    return this.#cached(this.#shards, path, (bytes) =>
      bytes === undefined ? [] : (JSON.parse(decoder.decode(bytes)) as string[]),
    );
  }

  #bundle(path: string): Promise<Bundle> {
    return this.#cached(
      this.#bundles,
      path,
      (bytes) => new Bundle(bytes ?? new Uint8Array()),
      (bundle) => bundle.bytes.byteLength + 1,
    );
  }

  /**
   * The file at `path` read once and kept in `cache`; concurrent requests share the read,
   * and a failed read is tried again by the next request. With `size`, the entry weighs
   * one unit while pending and its size once read.
   */
  #cached<T>(
    cache: LRUCache<string, Promise<T>>,
    path: string,
    parse: (bytes: Uint8Array | undefined) => T,
    size?: (value: T) => number,
  ): Promise<T> {
    const hit = cache.get(path);
    if (hit) return hit;
    const pending = this.#read(path).then(parse);
    cache.set(path, pending);
    pending.then(
      (value) => {
        if (size && cache.peek(path) === pending) cache.set(path, pending, { size: size(value) });
      },
      () => cache.delete(path),
    );
    return pending;
  }
}
