import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { LRUCache } from "lru-cache";
import { wantsActivityJson } from "../activitypub/paths.js";
import { isNotModified, notModifiedHeaders } from "../http/entity.js";
import { negotiate } from "../http/negotiate.js";

type Fetch = (request: Request, env: HttpBindings) => Response | Promise<Response>;

export interface ListenerOptions {
  /** Bytes of response bodies kept; 64 MiB by default. */
  maxBytes?: number;
  /**
   * The host of a request that names none (HTTP/1.0 allows that): SITE_URL's. Without it such
   * a request is an empty 400.
   */
  host?: string;
}

/** The request headers the app's answers vary on (see `negotiate`); any other Vary is not cached. */
const NEGOTIATED = new Set(["accept", "accept-encoding"]);

/** A stored 200: its headers as Node writes them (flat `[name, value, …]`: no object walked per hit), and its body. */
interface Stored {
  headers: string[];
  notModified: string[];
  /** A Buffer, as node:http writes it (a plain Uint8Array would be wrapped in one per write). */
  body: Buffer;
  etag: string;
  lastModified?: Date;
}

/** The stored variants of one request target, told apart by the request headers that Vary names. */
interface Entry {
  vary: string[];
  /** Vary names Accept, Accept-Encoding: which request headers choose the variant. */
  byAccept: boolean;
  byEncoding: boolean;
  /** By `variantIndex`: one slot per representation `negotiate` tells apart. */
  variants: (Stored | undefined)[];
  bytes: number;
}

/**
 * node:http in front of the app, with a private cache (RFC 9111) of the app's 200 responses
 * that carry a strong ETag, keyed by the request target and the request headers named by the
 * response's Vary (as `negotiate` reads them). A repeated request, or its revalidation, is answered from memory without
 * building a Request, running the middleware or converting a Response: on Node what the
 * Workers Cache API is on Workers. A process serves many builds (`npm start` rebuilds on every
 * edit): each build's app gets a listener and a cache of its own (`siteServer`'s `serve` swaps
 * both), so an entry never outlives the build it was made from.
 */
export function cachedListener(fetch: Fetch, options: ListenerOptions = {}): RequestListener {
  const { maxBytes = 64 * 1024 * 1024, host } = options;
  const cache = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (e) => e.bytes + 500 });

  const remember: Fetch = async (request, env) => {
    const response = await fetch(request, env);
    const target = env.incoming.url;
    const etag = response.headers.get("etag");
    const vary = (response.headers.get("vary") ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    if (request.method !== "GET" || response.status !== 200 || !etag || etag.startsWith("W/") || !target) {
      return response;
    }
    // ActivityPub's representations of a page are never stored, nor answered from the page's entry.
    if (wantsActivityJson(request.headers.get("accept"))) {
      return response;
    }
    if (!vary.every((name) => NEGOTIATED.has(name))) return response;
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const lastModified = response.headers.get("last-modified");
    const stored: Stored = {
      headers: Object.entries(headers).flat(),
      notModified: Object.entries(notModifiedHeaders(headers)).flat(),
      body,
      etag,
      ...(lastModified && { lastModified: new Date(lastModified) }),
    };
    let entry = cache.get(target);
    if (entry && entry.vary.join() === vary.join()) {
      entry.bytes += body.byteLength;
    } else {
      entry = {
        vary,
        byAccept: vary.includes("accept"),
        byEncoding: vary.includes("accept-encoding"),
        variants: [],
        bytes: body.byteLength,
      };
    }
    entry.variants[variantIndex(entry, env.incoming.headers)] = stored;
    cache.set(target, entry);
    return new Response(body, { status: 200, headers: response.headers });
  };
  // Served over HTTP/1.1 by node:http: the bindings are always http's.
  const app = getRequestListener((request, env) => remember(request, env as HttpBindings), {
    ...(host && { hostname: host }),
  });

  // A hit is answered here, before the app: one lookup by target, one slot by variant, and the
  // bytes and headers as stored; no string is built and nothing is parsed for it.
  return (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method;
    const target = req.url;
    const headers = req.headers;
    const entry =
      (method === "GET" || method === "HEAD") && target && !wantsActivityJson(headers.accept)
        ? cache.get(target)
        : undefined;
    const stored = entry?.variants[variantIndex(entry, headers)];
    if (!stored) {
      void app(req, res);
      return;
    }
    if (notModified(headers, stored)) {
      res.writeHead(304, stored.notModified).end();
    } else if (method === "HEAD") res.writeHead(200, stored.headers).end();
    else res.writeHead(200, stored.headers).end(stored.body);
  };
}

/**
 * `isNotModified` for a stored 200, its common cases decided first: the ETag sent back as it
 * was received, and a request with neither validator.
 */
function notModified(headers: IncomingHttpHeaders, stored: Stored): boolean {
  const inm = headers["if-none-match"];
  if (inm === stored.etag) return true;
  if (inm === undefined && headers["if-modified-since"] === undefined) return false;
  return isNotModified((name) => headers[name] as string | undefined, stored);
}

/**
 * The representation a request gets, as the app decides it (`negotiate`), in the dimensions the
 * entry's Vary names: `Accept: text/html` and `Accept: text/html,*\/*` share one slot.
 */
function variantIndex(entry: Entry, headers: IncomingHttpHeaders): number {
  const browser = entry.byAccept && negotiated(browsers, "accept", headers.accept);
  const gzip = entry.byEncoding && negotiated(gzips, "accept-encoding", headers["accept-encoding"]);
  return (browser ? 2 : 0) + (gzip ? 1 : 0);
}

/**
 * `negotiate`'s answer for one header's value (`browser` for Accept, `gzip` for Accept-Encoding):
 * clients send the same few values again and again, so each is negotiated once.
 */
function negotiated(memo: Map<string | undefined, boolean>, name: NegotiatedHeader, value: string | undefined) {
  let answer = memo.get(value);
  if (answer === undefined) {
    const wanted = negotiate((header) => (header === name ? value : undefined));
    answer = name === "accept" ? wanted.browser : wanted.gzip;
    if (memo.size >= MAX_VARIANT_MEMO) memo.clear();
    memo.set(value, answer);
  }
  return answer;
}

type NegotiatedHeader = "accept" | "accept-encoding";

/** `negotiate`'s answers by raw Accept and by raw Accept-Encoding value. */
const browsers = new Map<string | undefined, boolean>();
const gzips = new Map<string | undefined, boolean>();
const MAX_VARIANT_MEMO = 1000;
