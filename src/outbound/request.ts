import { USER_AGENT } from "../product.js";
import { forbiddenUrl } from "./guard.js";

/** One HTTP exchange without following redirects: the runtime's way to reach the network. */
export type Transport = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array; signal: AbortSignal },
) => Promise<Response>;

export interface OutboundOptions {
  transport: Transport;
  /** ALLOW_PRIVATE_ADDRESSES=true: local development and tests may reach loopback and private networks. */
  allowPrivate: boolean;
  /** Whole exchange, redirects included. */
  timeoutMs?: number;
  /** Bodies over this are cut off and the request fails. */
  maxResponseBytes?: number;
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** The URL that answered, after redirects. */
  url: string;
}

/** Raised for a request the guard refused: retrying cannot help. */
export class RefusedRequest extends Error {
  override name = "RefusedRequest";
}

export type Outbound = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: Uint8Array },
) => Promise<OutboundResponse>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Every request the server makes goes through this: the address guard on the first URL and on
 * every redirect (the transport checks resolved addresses where it can), a timeout, a size limit
 * on the answer and the project's User-Agent. Redirects of a POST are followed only for 307/308,
 * which keep the method and body; 301–303 turn it into a GET as browsers do.
 */
export function createOutbound({
  transport,
  allowPrivate,
  timeoutMs = 10_000,
  maxResponseBytes = 1 << 20,
  maxRedirects = 5,
}: OutboundOptions): Outbound {
  return async (target, init = {}) => {
    const signal = AbortSignal.timeout(timeoutMs);
    let url = new URL(target);
    let method = init.method ?? "GET";
    let body = init.body;
    for (let hop = 0; ; hop++) {
      const refused = forbiddenUrl(url, allowPrivate);
      if (refused) throw new RefusedRequest(`refused ${url.origin}: ${refused}`);
      const headers = { ...init.headers, "User-Agent": USER_AGENT };
      const response = await transport(url, { method, headers, ...(body && { body }), signal });
      const location = response.headers.get("location");
      if (!REDIRECTS.has(response.status) || !location) {
        return {
          status: response.status,
          headers: response.headers,
          body: await readLimited(response, maxResponseBytes),
          url: url.href,
        };
      }
      await response.body?.cancel();
      if (hop >= maxRedirects) throw new Error(`more than ${maxRedirects} redirects from ${target}`);
      if (response.status !== 307 && response.status !== 308 && method !== "GET") {
        method = "GET";
        body = undefined;
      }
      url = new URL(location, url);
    }
  };
}

/** Raised when a body is over its size limit. */
export class TooLarge extends Error {
  override name = "TooLarge";
}

/** A response's (or request's) whole body, or a `TooLarge` as soon as it is over `limit` bytes. */
export async function readLimited(
  message: { body: ReadableStream<Uint8Array> | null },
  limit: number,
  what = "response",
): Promise<Uint8Array> {
  if (!message.body) return new Uint8Array();
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new TooLarge(`${what} over ${limit} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** The Workers transport: the platform's fetch, redirects handed back to the guard. */
export const fetchTransport: Transport = (url, { method, headers, body, signal }) =>
  fetch(url, { method, headers, ...(body && { body }), signal, redirect: "manual" });
