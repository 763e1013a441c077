import { LoadingCache } from "../store/loading-cache.js";
import type { Entity } from "./entity.js";

/**
 * Rendered responses by key, bounded by total bytes. Rendering a feed page costs
 * milliseconds; serving its cached bytes costs microseconds. Concurrent requests for
 * the same key share one rendering; a rendering that fails is not kept (see `LoadingCache`).
 */
export class RenderCache {
  #entries: LoadingCache;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.#entries = new LoadingCache(maxBytes);
  }

  get(key: string, render: () => Promise<Entity | undefined>): Promise<Entity | undefined> {
    return this.#entries.get(key, render, (e) => e.body.byteLength + (e.gzip?.byteLength ?? 0) + 200);
  }
}
