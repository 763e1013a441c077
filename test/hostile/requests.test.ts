import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createNodeApp } from "../../src/node/site-app.js";
import { DATA_PREFIX, dataPath, type Manifest } from "../../src/store/data-layout.js";

/**
 * Issue 6: hostile request targets, sent byte for byte over a socket (fetch and http.request
 * normalize or refuse them) to the Node server of the sample site. Whatever the target,
 * the answer is a 4xx, a 301 to a canonical URL of the site, or a 200 for a URL that names
 * a page of the site — never a 500, and never a byte of a file outside the site or of the
 * site's own data files.
 *
 * The app's design, which the expectations follow:
 * - Unknown paths, malformed percent-encoding, NUL and encoded `/`, `\` or dot segments in a
 *   path are 404 (the not-found page); raw bytes HTTP forbids (NUL, space, invalid UTF-8,
 *   `\`) are refused by the HTTP layer with 400; a request line over Node's 16 KiB header
 *   limit gets 431.
 * - Dot segments (`..`, `%2e%2e`) are resolved by the URL parser before routing, as in any
 *   browser: they can only name another URL of the site (`/posts/..` is the front page).
 * - Feeds and list pages accept `page` and `limit` only, each once: a malformed or repeated
 *   value is a 400; an unknown parameter (any case: `PAGE` is not `page`) or a non-canonical
 *   order or spelling is a 301 to the one canonical URL, which drops it.
 * - Post pages, the OPML and static files ignore the query string: 200, the same bytes.
 * - Slugs and file names are case-sensitive and lowercase: `/RSS.XML` or `/tags/JAPAN` is 404.
 */

const OUT = inject("sampleSite");
const manifest = JSON.parse(readFileSync(join(OUT, dataPath.manifest()), "utf8")) as Manifest;

/** Byte strings that must never appear in a response: files outside the site and the site's data. */
const SECRETS: [string, string][] = [
  ["package.json", '"devDependencies"'],
  ["package.json", '"name": "feedloom"'],
  ["tsconfig.json", '"compilerOptions"'],
  ["/etc/passwd", "root:x:0:0"],
  ["the manifest", `"buildId":"${manifest.buildId}"`],
  ["an item data file", '"contentHtml"'],
  ["a list shard", `["${readFileSync(join(OUT, dataPath.shard("site", 0)), "utf8").slice(2, 30)}`],
  ["the build state", '"written":{'],
];

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let server: ServerType;
let port: number;

beforeAll(async () => {
  server = serve({ fetch: createNodeApp(OUT).fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((ready) => server.once("listening", () => ready()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

/** Sends `target` as the request target, byte for byte (a char below U+0100 is that byte). */
function rawGet(target: string, host = `127.0.0.1:${port}`): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // Node 24 answers an oversized head (431) and resets the socket while the rest of the
    // request is still unread: the answer already received is what counts.
    socket.on("error", (error) => (chunks.length > 0 ? finish() : fail(error)));
    socket.on("end", () => finish());
    const finish = () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf("\r\n\r\n");
      const head = raw.subarray(0, split).toString("latin1").split("\r\n");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "")?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let body: Buffer = raw.subarray(split + 4);
      if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = dechunk(body);
      done({ status, headers, body: body.toString("utf8") });
    };
    // write, not end: a half-closed socket lets Node drop the request before it answers.
    socket.write(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, "latin1"));
  });
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString("latin1"), 16);
    if (!size) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** What a case must answer: a status, and for a 301 its Location, for a 200 the page it is. */
interface Case {
  target: string;
  status: number;
  location?: string;
  /** A 200 must be byte for byte the answer to this canonical URL. */
  sameAs?: string;
}

const A8K = "a".repeat(8192);
const UNICODE_8K = "%C3%A9".repeat(1400);

const CASES: Record<string, Case[]> = {
  "too long": [
    { target: `/posts/${A8K}`, status: 404 },
    { target: `/tags/${A8K}`, status: 404 },
    { target: `/tags/${A8K}/rss.xml`, status: 404 },
    { target: `/${A8K}`, status: 404 },
    { target: `/images/${A8K}.jpg`, status: 404 },
    { target: `/posts/${UNICODE_8K}`, status: 404 },
    { target: `/authors/${UNICODE_8K}/feed.json`, status: 404 },
    { target: `/rss.xml?page=${"1".repeat(8000)}`, status: 400 },
    { target: `/rss.xml?${"a=b&".repeat(25_000)}`, status: 431 },
    { target: `/posts/us-combat-base-japan?${"x".repeat(100_000)}`, status: 431 },
    { target: `/?page=${"9".repeat(100_000)}`, status: 431 },
  ],
  "oddly percent-encoded": [
    { target: "/%", status: 404 },
    { target: "/posts/%", status: 404 },
    { target: "/tags/%/rss.xml", status: 404 },
    { target: "/rss.xml?page=%", status: 400 },
    { target: "/%zz", status: 404 },
    { target: "/posts/%zz", status: 404 },
    { target: "/tags/%zz", status: 404 },
    { target: "/%00", status: 404 },
    { target: "/posts/%00", status: 404 },
    { target: "/tags/japan%00/rss.xml", status: 404 },
    { target: "/rss.xml%00", status: 404 },
    { target: "/site.css%00", status: 404 },
    { target: "/site.css%00.jpg", status: 404 },
    { target: "/rss.xml?page=2%00", status: 400 },
    { target: "/%c0%ae%c0%ae/package.json", status: 404 },
    { target: "/images/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json", status: 404 },
    { target: "/posts/%c0%ae%c0%ae", status: 404 },
    { target: "/tags/japan/rss.xml?page=%c0%ae", status: 400 },
    { target: "/%2e%2e/package.json", status: 404 },
    { target: "/%2E%2E/%2E%2E/package.json", status: 404 },
    { target: "/images/%2e%2e/%2e%2e/package.json", status: 404 },
    { target: "/.%2e/package.json", status: 404 },
    { target: "/..%2fpackage.json", status: 404 },
    { target: "/images/..%2f..%2f..%2fpackage.json", status: 404 },
    { target: "/images%2f..%2f..%2fpackage.json", status: 404 },
    { target: "/..%5c..%5cpackage.json", status: 404 },
    { target: "/posts/..%2f..%2fpackage.json", status: 404 },
    { target: "/posts/%2e%2e%2f%2e%2e%2fpackage.json", status: 404 },
    { target: "/posts/%252e%252e%252fpackage.json", status: 404 },
    { target: "/tags/..%2f..%2f_data/rss.xml", status: 404 },
    { target: "/tags/a%2Fb/rss.xml", status: 404 },
    { target: "/tags/japan%2Frss.xml", status: 404 },
    { target: "/%ff%fe", status: 404 },
    { target: "/posts/%ff%fe", status: 404 },
    { target: "/tags/%ff%fe/rss.xml", status: 404 },
    { target: "/rss.xml?page=%ff%fe", status: 400 },
    { target: "/images/us-combat-base-japan.jpg%3f", status: 404 },
    // Encoded unreserved letters are the same URL (RFC 3986 §6.2.2.2): served as such.
    { target: "/tags/%6a%61%70%61%6e/rss.xml", status: 200, sameAs: "/tags/japan/rss.xml" },
    { target: "/posts/us-combat-base-jap%61n", status: 200, sameAs: "/posts/us-combat-base-japan" },
    { target: "/rss.xml?page=%32", status: 301, location: "/rss.xml?page=2" },
  ],
  "raw bytes HTTP does not allow": [
    { target: "/posts/a\u0000b", status: 400 },
    { target: "/posts/a b", status: 400 },
    { target: "/posts/\u00ff\u00fe", status: 400 },
    { target: "/images\\..\\..\\package.json", status: 400 },
    { target: "/rss.xml?page=\u0000", status: 400 },
  ],
  "dot segments": [
    { target: "/../package.json", status: 404 },
    { target: "/../../../../etc/passwd", status: 404 },
    { target: "/images/../../package.json", status: 404 },
    { target: "/images/../_data/manifest.json", status: 404 },
    { target: "/./_data/manifest.json", status: 404 },
    { target: "/posts/../../../etc/passwd", status: 404 },
    { target: "/images/./us-combat-base-japan.jpg", status: 200, sameAs: "/images/us-combat-base-japan.jpg" },
    { target: "/posts/..", status: 200, sameAs: "/" },
    { target: "/posts/../rss.xml", status: 200, sameAs: "/rss.xml" },
    { target: "/tags/%2e%2e/rss.xml", status: 200, sameAs: "/rss.xml" },
  ],
  "the site's data files": [
    { target: `/${DATA_PREFIX}/manifest.json`, status: 404 },
    { target: `/${DATA_PREFIX}/build-state.json`, status: 404 },
    { target: `/${DATA_PREFIX}/build-posts.ndjson`, status: 404 },
    { target: `/${DATA_PREFIX}/build-state/head.json`, status: 404 },
    { target: `/${DATA_PREFIX}/build-state/files.ndjson`, status: 404 },
    { target: `/${dataPath.shard("site", 0)}`, status: 404 },
    { target: `/${dataPath.bundle(0)}`, status: 404 },
    { target: `//${DATA_PREFIX}/manifest.json`, status: 404 },
    { target: `/${DATA_PREFIX}%2fmanifest.json`, status: 404 },
    { target: "/%5fdata/manifest.json", status: 404 },
    { target: "/%5Fdata/build-state.json", status: 404 },
    { target: "/_DATA/manifest.json", status: 404 },
    { target: "/_data", status: 404 },
    { target: "/_data/", status: 404 },
    { target: "/_data/items", status: 404 },
    { target: `http://127.0.0.1:1/${DATA_PREFIX}/manifest.json`, status: 404 },
    { target: "http://evil.example/../package.json", status: 404 },
  ],
  "repeated, unknown and mixed-case parameters": [
    { target: "/rss.xml?page=2&page=2", status: 400 },
    { target: "/rss.xml?limit=5&limit=5", status: 400 },
    { target: "/?page=1&page=1", status: 400 },
    { target: "/tags/japan/rss.xml?page=1&page=2", status: 400 },
    { target: "/rss.xml?page=2&limit=5&page", status: 400 },
    { target: "/rss.xml?page=0", status: 400 },
    { target: "/rss.xml?page=0009", status: 400 },
    { target: "/rss.xml?page=1e3", status: 400 },
    { target: "/rss.xml?page=-1", status: 400 },
    { target: "/rss.xml?limit=101", status: 400 },
    { target: "/rss.xml?page=999999999", status: 404 },
    { target: "/rss.xml?utm_source=x", status: 301, location: "/rss.xml" },
    { target: "/rss.xml?__proto__=1", status: 301, location: "/rss.xml" },
    { target: "/rss.xml?constructor=x&page=2", status: 301, location: "/rss.xml?page=2" },
    { target: "/rss.xml?%zz=1", status: 301, location: "/rss.xml" },
    { target: "/rss.xml?&", status: 301, location: "/rss.xml" },
    { target: "/?foo=bar", status: 301, location: "/" },
    { target: "/tags/japan?x=1", status: 301, location: "/tags/japan" },
    { target: "/rss.xml?PAGE=2", status: 301, location: "/rss.xml" },
    { target: "/rss.xml?Page=2&page=3", status: 301, location: "/rss.xml?page=3" },
    { target: "/rss.xml?page=2&LIMIT=5", status: 301, location: "/rss.xml?page=2" },
    { target: "/rss.xml?limit=5&page=2", status: 301, location: "/rss.xml?page=2&limit=5" },
    { target: "/tags/japan/feed?x=1", status: 301, location: "/tags/japan/rss.xml?x=1" },
    { target: "/posts/us-combat-base-japan?x=1", status: 200, sameAs: "/posts/us-combat-base-japan" },
    { target: "/opml.xml?x=1", status: 200, sameAs: "/opml.xml" },
    { target: "/site.css?v=1", status: 200, sameAs: "/site.css" },
  ],
  "mixed case and odd names": [
    { target: "/RSS.XML", status: 404 },
    { target: "/Rss.xml", status: 404 },
    { target: "/TAGS/japan", status: 404 },
    { target: "/tags/JAPAN", status: 404 },
    { target: "/Posts/us-combat-base-japan", status: 404 },
    { target: "/posts/US-COMBAT-BASE-JAPAN", status: 404 },
    // A folder-style address, as Jekyll and Hugo write links: moved to the canonical one.
    { target: "/posts/us-combat-base-japan/", status: 301, location: "/posts/us-combat-base-japan" },
    { target: "/rss.xml/", status: 404 },
    { target: "/rss.xml;x=1", status: 404 },
    { target: "/tags/__proto__", status: 404 },
    { target: "/tags/__proto__/rss.xml", status: 404 },
    { target: "/tags/constructor/rss.xml", status: 404 },
    { target: "/posts/__proto__", status: 404 },
    { target: "/posts/constructor", status: 404 },
    { target: "/authors/toString/feed.json", status: 404 },
    { target: "/categories/hasOwnProperty", status: 404 },
    { target: "//rss.xml?x=1", status: 404 },
    { target: "//evil.example/rss.xml?x=1", status: 404 },
    { target: "//evil.example/feed", status: 404 },
    { target: "/posts/%3Cscript%3Ealert(1)%3C%2Fscript%3E", status: 404 },
    { target: "/<script>alert(1)</script>", status: 404 },
  ],
};

describe("hostile request targets, over a real socket", () => {
  describe.each(Object.entries(CASES))("%s", (_, cases) => {
    it.each(
      cases.map((c) => [c.target.length > 70 ? `${c.target.slice(0, 60)}… (${c.target.length} bytes)` : c.target, c]),
    )(
      "%s",
      async (_, c) => {
        const response = await rawGet(c.target);
        expect(response.status, response.body.slice(0, 200)).toBe(c.status);
        for (const [source, secret] of SECRETS) expect(response.body, `a byte of ${source}`).not.toContain(secret);
        if (c.location !== undefined) {
          expect(response.headers.location).toBe(c.location);
        } else {
          expect(response.headers.location).toBeUndefined();
        }
        if (c.sameAs !== undefined) expect(response.body).toBe((await rawGet(c.sameAs)).body);
        if (response.status === 404) {
          // The not-found page may show the path, never as markup.
          expect(response.headers["content-type"]).toMatch(/^text\/html/);
          expect(response.body).not.toMatch(/<script(?![^>]*application\/ld\+json)/i);
        }
      },
      30_000,
    );
  });

  it("redirects only to paths of this site", () => {
    for (const c of Object.values(CASES).flat()) {
      if (c.location === undefined) continue;
      expect(c.location, c.target).toMatch(/^\/(?![/\\])/);
    }
  });

  it("takes nothing from the Host header: links use the configured site URL, bad hosts are 400", async () => {
    const evil = await rawGet("/rss.xml", "evil.example");
    expect(evil.status).toBe(200);
    expect(evil.body).not.toContain("evil.example");
    expect(evil.body).toContain(`<link>${manifest.site.baseUrl}/</link>`);
    for (const host of ["[::1", "a/b", "127.0.0.1:99999", "a b"]) {
      expect((await rawGet("/rss.xml", host)).status, host).toBe(400);
    }
  });
});
