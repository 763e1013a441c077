import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { siteServer } from "../../src/node/http-server.js";
import { cachedListener } from "../../src/node/response-cache.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { type Probe, probeName } from "../routes.js";

/** The sample site that test/global-setup.ts compiled. */
const SAMPLE = inject("sampleSite");

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over a socket, bytes as sent (no decompression, no added headers). */
function ask(port: number, probe: Probe): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: probe.method, path: probe.path, headers: probe.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const { date: _date, connection: _c, "keep-alive": _k, ...headers } = res.headers;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("base64") });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** A cached server over the sample site that counts how often the app itself runs. */
function countingServer(maxBytes?: number) {
  const app = createNodeApp(SAMPLE);
  const counted = { calls: 0, server: undefined as unknown as Server };
  counted.server = createServer(
    cachedListener(
      (request, env) => {
        counted.calls++;
        return app.fetch(request, env);
      },
      maxBytes === undefined ? {} : { maxBytes },
    ),
  );
  return counted;
}

const listen = (server: Server | ServerType) =>
  new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );

// The same walk of the sample site as the Worker test, plus each request as a gzip-accepting
// reader and as a browser would send it.
const probes: Probe[] = [
  ...Object.keys(inject("nodeRoutes")).map((path) => ({ method: "GET", path })),
  ...Object.values(inject("nodeProbes")).map((p) => p.probe),
].flatMap((p: Probe): Probe[] => [
  p,
  { ...p, headers: { ...p.headers, "accept-encoding": "gzip, deflate, br" } },
  { ...p, headers: { ...p.headers, accept: "text/html,*/*;q=0.8", "accept-encoding": "gzip" } },
]);

describe("the Node server's response cache", () => {
  const plain = createAdaptorServer({ fetch: createNodeApp(SAMPLE).fetch });
  const cached = siteServer(createNodeApp(SAMPLE)).server;
  let plainPort = 0;
  let cachedPort = 0;
  beforeAll(async () => {
    plainPort = await listen(plain);
    cachedPort = await listen(cached);
  });
  afterAll(() => {
    plain.close();
    cached.close();
  });

  it("has requests to make", () => {
    expect(probes.length).toBeGreaterThan(500);
  });

  for (const probe of probes) {
    it(`answers ${probeName(probe)} like the app, the first time and from the cache`, async () => {
      const expected = await ask(plainPort, probe);
      for (let i = 0; i < 3; i++) expect(await ask(cachedPort, probe)).toEqual(expected);
    });
  }

  it("answers repeated requests and revalidations without running the app", async () => {
    const counted = countingServer();
    const server = counted.server;
    const calls = () => counted.calls;
    const port = await listen(server);
    try {
      const first = await ask(port, { method: "GET", path: "/rss.xml", headers: { "accept-encoding": "gzip" } });
      expect(first.status).toBe(200);
      expect(first.headers["content-encoding"]).toBe("gzip");
      expect(calls()).toBe(1);
      const etag = first.headers.etag as string;
      const again = await ask(port, { method: "GET", path: "/rss.xml", headers: { "accept-encoding": "gzip" } });
      expect(again).toEqual(first);
      const revalidated = await ask(port, {
        method: "GET",
        path: "/rss.xml",
        headers: { "accept-encoding": "gzip", "if-none-match": etag },
      });
      expect(revalidated.status).toBe(304);
      expect(revalidated.body).toBe("");
      expect(revalidated.headers["content-length"]).toBeUndefined();
      expect(revalidated.headers.etag).toBe(etag);
      const head = await ask(port, { method: "HEAD", path: "/rss.xml", headers: { "accept-encoding": "gzip" } });
      expect(head.headers).toEqual(first.headers);
      expect(calls()).toBe(1);
      // Another representation (no gzip) is another entry: the app answers it once.
      const identity = await ask(port, { method: "GET", path: "/rss.xml" });
      expect(identity.headers["content-encoding"]).toBeUndefined();
      expect(identity.headers.etag).not.toBe(etag);
      expect(calls()).toBe(2);
      // Errors and redirects are never stored.
      for (let i = 0; i < 2; i++) await ask(port, { method: "GET", path: "/no-such-page" });
      for (let i = 0; i < 2; i++) await ask(port, { method: "GET", path: "/feed" });
      expect(calls()).toBe(6);
    } finally {
      server.close();
    }
  });

  it("answers requests that negotiate alike from one stored variant, and others each from their own", async () => {
    const counted = countingServer();
    const port = await listen(counted.server);
    const post = Object.keys(inject("nodeRoutes")).find(
      (path) => /^\/posts\/[^/]+$/.test(path) && !path.includes("no-such"),
    );
    expect(post).toBeDefined();
    const page = (headers: Record<string, string>) => ask(port, { method: "GET", path: post as string, headers });
    try {
      const browser = await page({ accept: "text/html", "accept-encoding": "gzip" });
      expect(browser.headers.vary).toBe("Accept, Accept-Encoding");
      expect(browser.headers["content-encoding"]).toBe("gzip");
      // Other spellings of the same wishes: the stored variant, byte for byte.
      expect(await page({ accept: "TEXT/HTML,*/*;q=0.8", "accept-encoding": "br, GZIP;q=0.5" })).toEqual(browser);
      expect(await page({ accept: "text/html;q=0.9", "accept-encoding": "*" })).toEqual(browser);
      expect(counted.calls).toBe(1);
      // Each other representation is the app's once, then stored: a reader's, without gzip, and a refused text/html.
      const plain = await page({});
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(await page({ accept: "text/html;q=0, */*", "accept-encoding": "gzip;q=0" })).toEqual(plain);
      expect(counted.calls).toBe(2);
      expect((await page({ accept: "text/html" })).headers["content-encoding"]).toBeUndefined();
      expect((await page({ "accept-encoding": "gzip" })).headers["content-encoding"]).toBe("gzip");
      expect(counted.calls).toBe(4);
      expect(await page({ accept: "text/html" })).toEqual(await page({ accept: "text/html, application/xml" }));
      expect(counted.calls).toBe(4);
      // A revalidation of the browser's variant is a 304 from the cache, also with the tag in a list.
      const etag = browser.headers.etag as string;
      for (const inm of [etag, `"other", W/${etag}`]) {
        const again = await page({ accept: "text/html", "accept-encoding": "gzip", "if-none-match": inm });
        expect(again.status).toBe(304);
      }
      // The same tag does not validate another variant.
      expect((await page({ "if-none-match": etag })).status).toBe(200);
      expect(counted.calls).toBe(4);
    } finally {
      counted.server.close();
    }
  });

  it("stays within its byte budget", async () => {
    const counted = countingServer(1);
    const server = counted.server;
    const calls = () => counted.calls;
    const port = await listen(server);
    try {
      for (let i = 0; i < 3; i++) expect((await ask(port, { method: "GET", path: "/rss.xml" })).status).toBe(200);
      expect(calls()).toBe(3);
    } finally {
      server.close();
    }
  });
});
