import { parseAccept } from "hono/utils/accept";

/**
 * What a request asks for of a rendered response, decided once for every layer that picks or
 * stores a representation: the app (respond.ts), the Node response cache and the Worker's
 * edge cache. Nothing else of the request changes the bytes served.
 */
export interface Negotiated {
  /** A browser navigation: Accept names text/html. XML feeds are then served as application/xml. */
  browser: boolean;
  /** The client takes gzip. */
  gzip: boolean;
}

/** Reads one request header by its lowercase name. */
export type RequestHeader = (name: string) => string | null | undefined;

export function negotiate(header: RequestHeader): Negotiated {
  return { browser: acceptsHtml(header("accept")), gzip: acceptsGzip(header("accept-encoding")) };
}

/** One short string per representation, for cache keys. */
export function variantKey({ browser, gzip }: Negotiated): string {
  return (browser ? "html" : "other") + (gzip ? "+gzip" : "");
}

/**
 * Feed readers send `application/rss+xml` or `*\/*`; browsers name text/html in every
 * navigation. A text/html with q=0 is a refusal, not a navigation.
 */
function acceptsHtml(accept: string | null | undefined): boolean {
  if (!accept || !/text\/html/i.test(accept)) return false;
  return parseAccept(accept).some((a) => a.type.toLowerCase() === "text/html" && a.q > 0);
}

/** RFC 9110 §12.5.3: gzip's own entry decides, else `*`'s; q=0 means "not acceptable". */
function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  let any: number | undefined;
  for (const { type, q } of parseAccept(acceptEncoding)) {
    const coding = type.toLowerCase();
    if (coding === "gzip") return q > 0;
    if (coding === "*") any = q;
  }
  return any !== undefined && any > 0;
}
