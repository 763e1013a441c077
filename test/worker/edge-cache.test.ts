import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { edgeCached } from "../../src/worker/edge-cache.js";

const ORIGIN = "https://feeds.example";
let builds = 0;

/**
 * edgeCached over a stand-in app that answers like the real one (a feed that browsers get as
 * application/xml), counting the requests it sees. Each call has a build id of its own, so
 * the tests never meet each other's entries in the shared Cache API.
 */
function edge(status = 200) {
  const buildId = `test-${++builds}-${Date.now()}`;
  const seen: Request[] = [];
  const handle = async (request: Request) => {
    seen.push(request);
    const browser = (request.headers.get("accept") ?? "").includes("text/html");
    return new Response("<rss/>", {
      status,
      headers: {
        "Content-Type": browser ? "application/xml; charset=utf-8" : "application/rss+xml; charset=utf-8",
        ETag: browser ? '"v1-xml"' : '"v1"',
        "Last-Modified": "Wed, 04 Mar 2026 05:06:07 GMT",
        "Cache-Control": "public, max-age=300",
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
        Vary: "Accept, Accept-Encoding",
      },
    });
  };
  const ask = async (path: string, init?: RequestInit) => {
    const ctx = createExecutionContext();
    const response = await edgeCached(new Request(ORIGIN + path, init), ctx, async () => buildId, handle);
    const body = await response.text();
    await waitOnExecutionContext(ctx);
    return { response, body };
  };
  return { ask, seen };
}

describe("edgeCached", () => {
  it("answers a repeated request from the Cache API without running the app", async () => {
    const { ask, seen } = edge();
    const first = await ask("/rss.xml");
    expect(first.response.headers.get("x-cache")).toBe("MISS");
    const second = await ask("/rss.xml");
    expect(second.response.headers.get("x-cache")).toBe("HIT");
    expect(second.body).toBe(first.body);
    expect(second.response.headers.get("etag")).toBe('"v1"');
    expect(seen).toHaveLength(1);
  });

  it("stores the full 200: the app never sees the client's conditional headers", async () => {
    const { ask, seen } = edge();
    const answer = await ask("/rss.xml", { headers: { "if-none-match": '"v1"', accept: "application/rss+xml" } });
    expect(answer.response.status).toBe(304);
    expect(seen[0]?.headers.get("if-none-match")).toBeNull();
    expect(seen[0]?.headers.get("accept")).toBe("application/rss+xml");
    expect((await ask("/rss.xml")).body).toBe("<rss/>");
    expect(seen).toHaveLength(1);
  });

  it("answers revalidations with a 304 that keeps validators, caching, CORS and security headers, and no Content-Type", async () => {
    const { ask } = edge();
    await ask("/rss.xml");
    const revalidations: Record<string, string>[] = [
      { "if-none-match": '"v1"' },
      { "if-modified-since": "Wed, 04 Mar 2026 05:06:07 GMT" },
    ];
    for (const headers of revalidations) {
      const { response, body } = await ask("/rss.xml", { headers });
      expect(response.status).toBe(304);
      expect(body).toBe("");
      expect(response.headers.get("content-type")).toBeNull();
      expect(response.headers.get("content-length")).toBeNull();
      expect(response.headers.get("etag")).toBe('"v1"');
      expect(response.headers.get("cache-control")).toBe("public, max-age=300");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
    // Not an HTTP-date: ignored (RFC 9110 §13.1.3).
    expect((await ask("/rss.xml", { headers: { "if-modified-since": "99999" } })).response.status).toBe(200);
  });

  it("keeps the browser and feed-reader representations apart, whatever the exact Accept", async () => {
    const { ask, seen } = edge();
    const reader = await ask("/rss.xml");
    const browser = await ask("/rss.xml", { headers: { accept: "text/html,*/*;q=0.8" } });
    const otherBrowser = await ask("/rss.xml", { headers: { accept: "text/html" } });
    const refusal = await ask("/rss.xml", { headers: { accept: "text/html;q=0, */*" } });
    expect(reader.response.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(browser.response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(otherBrowser.response.headers.get("x-cache")).toBe("HIT");
    expect(refusal.response.headers.get("x-cache")).toBe("HIT");
    expect(refusal.response.headers.get("etag")).toBe('"v1"');
    expect(seen).toHaveLength(2);
  });

  it("answers HEAD without a body, from the same entry", async () => {
    const { ask, seen } = edge();
    await ask("/rss.xml");
    const head = await ask("/rss.xml", { method: "HEAD" });
    expect(head.response.status).toBe(200);
    expect(head.body).toBe("");
    expect(head.response.headers.get("etag")).toBe('"v1"');
    expect(seen).toHaveLength(1);
  });

  it("never stores anything but a 200, and passes other methods through", async () => {
    const { ask, seen } = edge(404);
    for (let i = 0; i < 2; i++) expect((await ask("/nothing")).response.status).toBe(404);
    expect(seen).toHaveLength(2);
    const post = edge();
    await post.ask("/rss.xml", { method: "POST" });
    await post.ask("/rss.xml", { method: "POST" });
    expect(post.seen.map((r) => r.method)).toEqual(["POST", "POST"]);
  });
});
