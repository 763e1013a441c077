import { LRUCache } from "lru-cache";
import type { Entity } from "./entity.js";

/**
 * Rendered responses by key, bounded by total bytes. Rendering a feed page costs
 * milliseconds; serving its cached bytes costs microseconds. Concurrent requests for
 * the same key share one rendering.
 */
export class RenderCache {
  #entries: LRUCache<string, Entity>;
  #pending = new Map<string, Promise<Entity | undefined>>();

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.#entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: (e) => e.body.byteLength + 200 });
  }

  async get(key: string, render: () => Promise<Entity | undefined>): Promise<Entity | undefined> {
    const hit = this.#entries.get(key);
    if (hit) return hit;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = render().finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    const entity = await pending;
    if (entity) this.#entries.set(key, entity);
    return entity;
  }
}
