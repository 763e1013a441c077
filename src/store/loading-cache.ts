import { LRUCache } from "lru-cache";

interface Entry {
  value: unknown;
  size: number;
}

interface Loader {
  load: () => Promise<unknown>;
  size: (value: never) => number;
}

/**
 * The one rule of every cache of the app (the compiled site's files, parsed items, rendered
 * responses): a value is loaded on first use and kept within a byte budget; concurrent
 * requests for a key share one load; a load that fails (rejects) or finds nothing
 * (undefined) is never kept, so the next request tries again.
 */
export class LoadingCache {
  #entries: LRUCache<string, Entry, Loader>;

  constructor(maxBytes: number) {
    this.#entries = new LRUCache<string, Entry, Loader>({
      maxSize: maxBytes,
      sizeCalculation: (entry) => entry.size,
      // A load under way finishes even when its entry is evicted meanwhile: its callers wait for it.
      ignoreFetchAbort: true,
      fetchMethod: async (_key, _stale, { context }) => {
        const value = await context.load();
        if (value === undefined) return undefined;
        return { value, size: Math.max(1, Math.ceil(context.size(value as never))) };
      },
    });
  }

  /** The value for `key`, loaded by `load` unless kept; `size` weighs it in bytes. */
  async get<T>(key: string, load: () => Promise<T | undefined>, size: (value: T) => number): Promise<T | undefined> {
    const entry = await this.#entries.fetch(key, { context: { load, size } });
    return entry?.value as T | undefined;
  }
}
