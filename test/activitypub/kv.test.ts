import { Temporal } from "@js-temporal/polyfill";
import { describe, expect, it } from "vitest";
import { SqlKvStore } from "../../src/activitypub/kv.js";
import { openSqlite } from "../../src/node/sqlite.js";

// Fedify's KvStore over the durable state's SQLite (node:sqlite here; the same class runs on a
// Durable Object's storage in test/worker/activitypub.test.ts).
async function store(now: () => number = Date.now) {
  return new SqlKvStore(await openSqlite(":memory:"), now);
}
const ttl = (ms: number) => ({ ttl: Temporal.Duration.from({ milliseconds: ms }) as never });

describe("SqlKvStore", () => {
  it("gets what was set, as JSON, and nothing after delete", async () => {
    const kv = await store();
    expect(await kv.get(["a"])).toBeUndefined();
    await kv.set(["a", "b"], { n: 1, list: ["x"] });
    expect(await kv.get(["a", "b"])).toEqual({ n: 1, list: ["x"] });
    await kv.set(["a", "b"], "replaced");
    expect(await kv.get(["a", "b"])).toBe("replaced");
    await kv.delete(["a", "b"]);
    expect(await kv.get(["a", "b"])).toBeUndefined();
  });

  it("forgets a value when its TTL has passed", async () => {
    let now = 1_000;
    const kv = await store(() => now);
    await kv.set(["k"], 1, ttl(500));
    expect(await kv.get(["k"])).toBe(1);
    now = 1_499;
    expect(await kv.get(["k"])).toBe(1);
    now = 1_500;
    expect(await kv.get(["k"])).toBeUndefined();
  });

  it("lists by whole key elements, not by text prefix", async () => {
    const kv = await store();
    await kv.set(["cache", "a"], 1);
    await kv.set(["cache", "a", "deep"], 2);
    await kv.set(["cache", "ab"], 3);
    await kv.set(["other"], 4);
    const keys = async (prefix?: readonly [string, ...string[]]) => {
      const out: unknown[] = [];
      for await (const entry of kv.list(prefix)) out.push(entry.key);
      return out;
    };
    expect((await keys(["cache", "a"])).map((k) => JSON.stringify(k)).sort()).toEqual([
      '["cache","a","deep"]',
      '["cache","a"]',
    ]);
    expect(await keys(["cache"])).toHaveLength(3);
    expect(await keys()).toHaveLength(4);
  });

  it("swaps only when the current value is the expected one", async () => {
    const kv = await store();
    expect(await kv.cas(["c"], undefined, 1)).toBe(true);
    expect(await kv.cas(["c"], 2, 3)).toBe(false);
    expect(await kv.get(["c"])).toBe(1);
    expect(await kv.cas(["c"], 1, { v: 2 })).toBe(true);
    expect(await kv.get(["c"])).toEqual({ v: 2 });
  });
});
