import { LRUCache } from "lru-cache";
import { dataPath, type Item, type ListInfo, type Manifest, SHARD_SIZE } from "./layout.js";

/** Reads one data file of the compiled site by its path; undefined when there is none. */
export type ReadData = (path: string) => Promise<string | undefined>;

/**
 * Read access to the compiled site, the same on Node (disk) and Workers (Static Assets).
 * Parsed files are kept in a bounded cache: a deployment's files never change.
 */
export class ContentStore {
  #read: ReadData;
  #manifest?: Promise<Manifest>;
  #cache = new LRUCache<string, Promise<unknown>>({ max: 5000 });

  constructor(read: ReadData) {
    this.#read = read;
  }

  manifest(): Promise<Manifest> {
    this.#manifest ??= this.#json<Manifest>(dataPath.manifest()).then((m) => {
      if (!m) throw new Error("the site is not built: run `npm run build`");
      return m;
    });
    return this.#manifest;
  }

  /** Slugs of the list's posts from `offset`, newest first, at most `limit`. */
  async slugs(key: string, list: ListInfo, offset: number, limit: number): Promise<string[]> {
    const end = Math.min(offset + limit, list.count);
    const shards: Promise<string[]>[] = [];
    for (let i = Math.floor(offset / SHARD_SIZE); i * SHARD_SIZE < end; i++) {
      shards.push(this.#cached(dataPath.shard(key, i)).then((s) => (s as string[] | undefined) ?? []));
    }
    const first = Math.floor(offset / SHARD_SIZE) * SHARD_SIZE;
    return (await Promise.all(shards)).flat().slice(offset - first, end - first);
  }

  async item(slug: string): Promise<Item | undefined> {
    return (await this.#cached(dataPath.item(slug))) as Item | undefined;
  }

  async items(slugs: string[]): Promise<Item[]> {
    const items = await Promise.all(slugs.map((s) => this.item(s)));
    return items.filter((i): i is Item => i !== undefined);
  }

  #cached(path: string): Promise<unknown> {
    let value = this.#cache.get(path);
    if (!value) {
      value = this.#json(path);
      this.#cache.set(path, value);
    }
    return value;
  }

  async #json<T>(path: string): Promise<T | undefined> {
    const text = await this.#read(path);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
}
