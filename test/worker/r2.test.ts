import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { dataPath, type Manifest, SHARD_SIZE } from "../../src/store/data-layout.js";
import { createWorker, type Env } from "../../src/worker/index.js";

// Inside workerd: the compiled sample site is copied from Static Assets into the R2 bucket the test
// pool binds as CONTENT (vitest.config.ts), then a Worker with CONTENT_STORE=r2 and no Static Assets
// must answer as the Static Assets one does.
const ORIGIN = "https://feeds.example";
const bindings = env as unknown as Env & { CONTENT: R2Bucket };
const noAssets = { fetch: async () => new Response("not here", { status: 404 }) } as unknown as Fetcher;
const r2Bindings: Env = { ...bindings, CONTENT_STORE: "r2", ASSETS: noAssets };

async function ask(bound: Env, path: string, headers: Record<string, string> = {}) {
  const worker = createWorker();
  const ctx = createExecutionContext();
  const fetch = worker.fetch as NonNullable<typeof worker.fetch>;
  const request = new Request(ORIGIN + path, { headers, redirect: "manual" }) as Parameters<typeof fetch>[0];
  const response = await fetch(request, bound, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    etag: response.headers.get("etag"),
    body,
  };
}

const asset = (path: string) => bindings.ASSETS.fetch(`https://assets.invalid/${path}`);

beforeAll(async () => {
  const manifest = (await (await asset(dataPath.manifest())).json()) as Manifest;
  const paths = [dataPath.manifest(), dataPath.runtime(), "site.css", "feed.css", "favicon.ico"];
  for (let i = 0; i < manifest.bundles; i++) paths.push(dataPath.bundle(i));
  for (const [key, list] of Object.entries(manifest.lists))
    for (let i = 0; i * SHARD_SIZE < list.count; i++) paths.push(dataPath.shard(key, i));
  for (const path of paths) {
    const response = await asset(path);
    expect(response.status, path).toBe(200);
    await bindings.CONTENT.put(path, await response.arrayBuffer());
  }
});

describe("CONTENT_STORE=r2: the compiled site read from an R2 bucket", () => {
  const routes = [
    "/",
    "/rss.xml",
    "/atom.xml",
    "/feed.json",
    "/tags/japan/atom.xml",
    "/posts/us-combat-base-japan",
    "/no-such-page",
  ];
  for (const path of routes) {
    it(`GET ${path} answers as from Static Assets`, async () => {
      const fromAssets = await ask(bindings, path);
      const fromR2 = await ask(r2Bindings, path);
      expect(fromR2).toEqual(fromAssets);
      expect(fromR2.status).toBe(path === "/no-such-page" ? 404 : 200);
    });
  }

  it("serves public files from the bucket, typed by extension", async () => {
    const css = await ask(r2Bindings, "/site.css");
    expect(css.status).toBe(200);
    expect(css.type).toBe("text/css; charset=utf-8");
    expect(css.body).toBe(await (await asset("site.css")).text());
  });

  it("answers 503 without a CONTENT binding, and 500 when the bucket is empty", async () => {
    const { CONTENT: _, ...unbound } = r2Bindings;
    expect((await ask(unbound as Env, "/rss.xml?unbound")).status).toBe(503);
    const empty = { get: async () => null } as unknown as R2Bucket;
    const answer = await ask({ ...r2Bindings, CONTENT: empty }, "/rss.xml?empty");
    // Not a 503: nothing will be there on a retry until the bucket is filled.
    expect(answer.status).toBe(500);
  });

  it("refuses an unknown CONTENT_STORE", async () => {
    expect((await ask({ ...bindings, CONTENT_STORE: "s3" }, "/rss.xml?s3")).status).toBeGreaterThanOrEqual(500);
  });
});
