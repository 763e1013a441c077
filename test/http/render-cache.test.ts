import { describe, expect, it } from "vitest";
import type { Entity } from "../../src/http/entity.js";
import { RenderCache } from "../../src/http/render-cache.js";

const entity = (text: string): Entity => ({
  body: new TextEncoder().encode(text),
  contentType: "text/plain",
  etag: `"${text}"`,
});

describe("RenderCache", () => {
  it("renders once per key, shared by concurrent requests", async () => {
    const cache = new RenderCache();
    let renders = 0;
    const render = async () => {
      renders++;
      return entity("a");
    };
    const [x, y] = await Promise.all([cache.get("k", render), cache.get("k", render)]);
    expect(await cache.get("k", render)).toBe(x);
    expect(y).toBe(x);
    expect(renders).toBe(1);
  });

  it("keeps neither a failed rendering nor a 404", async () => {
    const cache = new RenderCache();
    await expect(cache.get("k", () => Promise.reject(new Error("read failed")))).rejects.toThrow("read failed");
    expect(await cache.get("k", async () => entity("b"))).toEqual(entity("b"));
    expect(await cache.get("gone", async () => undefined)).toBeUndefined();
    expect(await cache.get("gone", async () => entity("c"))).toEqual(entity("c"));
  });

  it("stays within its byte budget", async () => {
    const cache = new RenderCache(10);
    let renders = 0;
    const render = async () => {
      renders++;
      return entity("x".repeat(100));
    };
    await cache.get("big", render);
    await cache.get("big", render);
    expect(renders).toBe(2);
  });
});
