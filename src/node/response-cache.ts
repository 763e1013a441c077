import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { LRUCache } from "lru-cache";
import { isNotModified, notModifiedHeaders } from "../http/entity.js";

type Fetch = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/** A stored 200: its headers as Node writes them, and its body. */
interface Stored {
  headers: Record<string, string>;
  notModified: Record<string, string>;
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
 * response's Vary. A repeated request, or its revalidation, is answered from memory without
 * building a Request, running the middleware or converting a Response: on Node what the
 * Workers Cache API is on Workers. A process serves one build, so entries never go stale.
 */
export function cachedListener(fetch: Fetch, maxBytes = 64 * 1024 * 1024): RequestListener {
  const cache = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (e) => e.bytes + 500 });

  const remember: Fetch = async (request, env) => {
    const response = await fetch(request, env);
    const target = env.incoming.url;
    const etag = response.headers.get("etag");
    if (request.method !== "GET" || response.status !== 200 || !etag || etag.startsWith("W/") || !target) {
      return response;
    }
    const body = new Uint8Array(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const vary = (response.headers.get("vary") ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const lastModified = response.headers.get("last-modified");
    const stored: Stored = {
      headers,
      notModified: notModifiedHeaders(headers),
      body,
      etag,
      ...(lastModified && { lastModified: new Date(lastModified) }),
    };
    const entry = cache.get(target);
    if (entry && entry.vary.join() === vary.join()) {
      entry.variants.set(variantKey(env.incoming, vary), stored);
      entry.bytes += body.byteLength;
      cache.set(target, entry);
    } else {
      cache.set(target, {
        vary,
        variants: new Map([[variantKey(env.incoming, vary), stored]]),
        bytes: body.byteLength,
      });
    }
    return new Response(body, { status: 200, headers: response.headers });
  };
  // Served over HTTP/1.1 by node:http: the bindings are always http's.
  const app = getRequestListener((request, env) => remember(request, env as HttpBindings));

  return (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method;
    const entry = (method === "GET" || method === "HEAD") && req.url ? cache.get(req.url) : undefined;
    const stored = entry?.variants.get(variantKey(req, entry.vary));
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

function variantKey(req: IncomingMessage, vary: string[]): string {
  let key = "";
  for (const name of vary) key += `${req.headers[name] ?? ""}\n`;
  return key;
}
