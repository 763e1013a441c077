import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { LRUCache } from "lru-cache";
import { wantsActivityJson } from "../activitypub/paths.js";
import { isNotModified, notModifiedHeaders } from "../http/entity.js";
import { negotiate, variantKey } from "../http/negotiate.js";

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
  body: Uint8Array;
  etag: string;
  lastModified?: Date;
}

/** The stored variants of one request target, told apart by the request headers that Vary names. */
interface Entry {
  vary: string[];
  variants: Map<string, Stored>;
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
    const body = new Uint8Array(await response.arrayBuffer());
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
    const entry = cache.get(target);
    if (entry && entry.vary.join() === vary.join()) {
      entry.variants.set(variantOf(env.incoming, vary), stored);
      entry.bytes += body.byteLength;
      cache.set(target, entry);
    } else {
      cache.set(target, {
        vary,
        variants: new Map([[variantOf(env.incoming, vary), stored]]),
        bytes: body.byteLength,
      });
    }
    return new Response(body, { status: 200, headers: response.headers });
  };
  // Served over HTTP/1.1 by node:http: the bindings are always http's.
  const app = getRequestListener((request, env) => remember(request, env as HttpBindings), {
    ...(host && { hostname: host }),
  });

  return (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method;
    const cacheable = (method === "GET" || method === "HEAD") && req.url && !wantsActivityJson(req.headers.accept);
    const entry = cacheable ? cache.get(req.url as string) : undefined;
    const stored = entry?.variants.get(variantOf(req, entry.vary));
    if (!stored) {
      void app(req, res);
      return;
    }
    if (isNotModified((name) => req.headers[name] as string | undefined, stored)) {
      res.writeHead(304, stored.notModified).end();
    } else if (method === "HEAD") res.writeHead(200, stored.headers).end();
    else res.writeHead(200, stored.headers).end(stored.body);
  };
}

/**
 * The representation `req` gets, as the app decides it (`negotiate`), in the dimensions the
 * response's Vary names: `Accept: text/html` and `Accept: text/html,*\/*` share one entry.
 */
function variantOf(req: IncomingMessage, vary: string[]): string {
  const accept = vary.includes("accept") ? req.headers.accept : undefined;
  const encoding = vary.includes("accept-encoding") ? req.headers["accept-encoding"] : undefined;
  // Clients send the same few header values again and again: each pair is negotiated once.
  const memo = `${accept ?? "\0"}\n${encoding ?? "\0"}`;
  let key = variants.get(memo);
  if (key === undefined) {
    const wanted = negotiate((name) =>
      name === "accept" ? accept : name === "accept-encoding" ? encoding : undefined,
    );
    key = variantKey(wanted);
    if (variants.size >= MAX_VARIANT_MEMO) variants.clear();
    variants.set(memo, key);
  }
  return key;
}

/** Variant keys by the raw Accept and Accept-Encoding values (only those a response's Vary names). */
const variants = new Map<string, string>();
const MAX_VARIANT_MEMO = 1000;
