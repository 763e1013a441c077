import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createWorker, type Env } from "../../src/worker/index.js";

const ORIGIN = "https://feeds.example";

/** The real Static Assets binding, except that the first fetch of a path matching `failing` fails with `how`. */
function failingOnce(failing: RegExp, how: "throw" | "500") {
  const assets = (env as unknown as Env).ASSETS;
  let failed = false;
  const fetcher = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!failed && failing.test(new URL(url).pathname)) {
        failed = true;
        if (how === "throw") throw new Error("network connection lost");
        return new Response("upstream trouble", { status: 500 });
      }
      return assets.fetch(input, init);
    },
  };
  return { ...(env as unknown as Env), ASSETS: fetcher as unknown as Fetcher };
}

async function ask(worker: ReturnType<typeof createWorker>, bindings: Env, path: string) {
  const ctx = createExecutionContext();
  const fetch = worker.fetch as NonNullable<typeof worker.fetch>;
  const response = await fetch(new Request(ORIGIN + path) as Parameters<typeof fetch>[0], bindings, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, headers: response.headers, body };
}

describe("a Static Assets read that fails once", () => {
  for (const how of ["throw", "500"] as const) {
    it(`(${how}) on the manifest is one 503 with Retry-After, then the site is served again, CSS included`, async () => {
      const worker = createWorker();
      const bindings = failingOnce(/^\/_data\/manifest\.json$/, how);
      const failed = await ask(worker, bindings, "/rss.xml");
      expect(failed.status).toBe(503);
      expect(Number(failed.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(failed.headers.get("cache-control")).toBe("no-store");
      expect(failed.body).not.toContain("not built");
      for (const path of ["/rss.xml", "/site.css", "/", "/tags/japan/atom.xml"]) {
        expect((await ask(worker, bindings, path)).status, path).toBe(200);
      }
    });

    it(`(${how}) on an item bundle is one 503 through the app's error handler, then the post is served`, async () => {
      const worker = createWorker();
      const bindings = failingOnce(/^\/_data\/items\//, how);
      // A query of its own: the edge cache (shared by the tests) has not seen this URL.
      const path = `/posts/us-combat-base-japan?${how}`;
      const failed = await ask(worker, bindings, path);
      expect(failed.status).toBe(503);
      expect(failed.headers.get("retry-after")).toBeTruthy();
      // The app's answer: its security headers are on it.
      expect(failed.headers.get("x-content-type-options")).toBe("nosniff");
      expect((await ask(worker, bindings, path)).status).toBe(200);
    });

    it(`(${how}) on a stylesheet is one 503, not a 404, then the stylesheet is served`, async () => {
      const worker = createWorker();
      const bindings = failingOnce(/^\/site\.css$/, how);
      const path = `/site.css?${how}`;
      expect((await ask(worker, bindings, path)).status).toBe(503);
      expect((await ask(worker, bindings, path)).status).toBe(200);
    });
  }

  it("says the site is not built only when the manifest is not there", async () => {
    const assets = (env as unknown as Env).ASSETS;
    const bindings = {
      ...(env as unknown as Env),
      ASSETS: {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) =>
          String(input).endsWith("/_data/manifest.json")
            ? new Response("", { status: 404 })
            : assets.fetch(input, init),
      } as unknown as Fetcher,
    };
    const response = await ask(createWorker(), bindings, "/rss.xml");
    expect(response.status).toBe(500);
  });
});
