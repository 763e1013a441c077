import { expect } from "vitest";

/** Fetches a path of the site under test: the Node server over HTTP, or the Worker in workerd. */
export type Get = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * What feed readers rely on (issue 11, "HTTP that readers rely on"), asserted the same way on
 * Node and in workerd: each case gets a fetch of the site under test.
 */
export const READER_CASES: Record<string, (get: Get) => Promise<void>> = {
  "ignores an If-Modified-Since that is not an HTTP-date (RFC 9110 §13.1.3)": async (get) => {
    for (const path of ["/rss.xml", "/"]) {
      const first = await get(path);
      await first.arrayBuffer();
      const lastModified = first.headers.get("last-modified") as string;
      expect(lastModified).toBeTruthy();
      const current = await get(path, { headers: { "if-modified-since": lastModified } });
      expect(current.status).toBe(304);
      await current.arrayBuffer();
      for (const bogus of ["99999", "tuesday 2099", "2099-01-01T00:00:00Z", "Fri, 01 Jan 2099 00:00:00"]) {
        const response = await get(path, { headers: { "if-modified-since": bogus } });
        expect(response.status, `${path} If-Modified-Since: ${bogus}`).toBe(200);
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    }
  },

  "answers a revalidation with a 304 without Content-Type, fresh and repeated (RFC 9110 §15.4.5)": async (get) => {
    for (const [path, headers] of [
      ["/rss.xml", {}],
      ["/rss.xml", { accept: "text/html,*/*;q=0.8" }],
      ["/tags/japan/feed.json", {}],
      ["/", {}],
      ["/opml.xml", {}],
    ] as const) {
      const first = await get(path, { headers });
      await first.arrayBuffer();
      const etag = first.headers.get("etag") as string;
      for (let i = 0; i < 3; i++) {
        for (const method of ["GET", "HEAD"]) {
          const response = await get(path, { method, headers: { ...headers, "if-none-match": etag } });
          const what = `${method} ${path} ${JSON.stringify(headers)} #${i}`;
          expect(response.status, what).toBe(304);
          expect(response.headers.get("content-type"), what).toBeNull();
          expect(response.headers.get("content-length"), what).toBeNull();
          expect(response.headers.get("etag"), what).toBe(etag);
          expect(response.headers.get("cache-control"), what).toBe(first.headers.get("cache-control"));
          expect(response.headers.get("access-control-allow-origin"), what).toBe(
            first.headers.get("access-control-allow-origin"),
          );
          expect(await response.text(), what).toBe("");
        }
      }
    }
  },

  "sends no gzip to a client that refuses it explicitly (RFC 9110 §12.5.3)": async (get) => {
    for (const refusal of ["gzip;q=0, *", "*, gzip;q=0", "identity"]) {
      const response = await get("/rss.xml", { headers: { "accept-encoding": refusal } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding"), refusal).toBeNull();
      expect(response.headers.get("etag"), refusal).not.toMatch(/-gzip"$/);
      expect(await response.text()).toMatch(/^<\?xml/);
    }
  },

  "lets a browser-based reader on another origin revalidate": async (get) => {
    const preflight = await get("/rss.xml", {
      method: "OPTIONS",
      headers: {
        origin: "https://reader.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match, if-modified-since",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(["if-none-match", "if-modified-since"]));
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/\bGET\b/);
    expect(preflight.headers.get("allow")).toBe("GET, HEAD, OPTIONS");

    for (const path of ["/rss.xml", "/atom.xml", "/feed.json", "/opml.xml"]) {
      const response = await get(path, { headers: { origin: "https://reader.example" } });
      await response.arrayBuffer();
      expect(response.headers.get("access-control-allow-origin"), path).toBe("*");
      const exposed = (response.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/\s*,\s*/);
      expect(exposed, path).toEqual(expect.arrayContaining(["etag", "last-modified"]));
    }
  },
};
