import { parseHttpDate } from "./http-date.js";

/** A response body computed once and served as the same bytes until the content changes. */
export interface Entity {
  body: Uint8Array;
  contentType: string;
  /** Strong validator: a hash of the bytes, the same on every runtime and restart. */
  etag: string;
  lastModified?: Date;
  /** The body gzip-compressed, when the runtime does not compress by itself. */
  gzip?: Uint8Array;
}

const encoder = new TextEncoder();

/** Bodies smaller than this are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

/** Gzip-compresses a body: the runtime's fastest way (Node's zlib is several times faster than CompressionStream). */
export type Gzip = (body: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export async function makeEntity(
  text: string,
  contentType: string,
  lastModified: Date | undefined,
  options: { gzip: Gzip | undefined },
): Promise<Entity> {
  const body = encoder.encode(text);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const etag = `"${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
  const gzip = options.gzip && body.byteLength >= GZIP_MIN_BYTES ? await options.gzip(body) : undefined;
  return {
    body,
    contentType,
    etag,
    ...(lastModified && lastModified.getTime() > 0 && { lastModified }),
    ...(gzip && { gzip }),
  };
}

/** Representation metadata that describes the body's bytes: a 304 has no body (RFC 9110 §15.4.5). */
const BODY_HEADERS = new Set(["content-type", "content-length", "content-encoding", "content-language"]);

/**
 * The headers of a 304 for a 200, the one rule of Node, the Node response cache and the edge
 * cache: the 200's, without those that describe the body. Validators, Cache-Control, Vary,
 * CORS and security headers stay. Names are lowercase, as `Headers` and node:http give them.
 */
export function notModifiedHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!BODY_HEADERS.has(name)) kept[name] = value;
  return kept;
}

/** RFC 9110 §13.1: If-None-Match (weak comparison, lists and `*`) wins over If-Modified-Since. */
export function isNotModified(
  header: (name: string) => string | null | undefined,
  entity: Pick<Entity, "etag" | "lastModified">,
): boolean {
  const inm = header("if-none-match");
  if (inm != null) {
    // The common case first: the validator sent back as it was received.
    if (inm === entity.etag) return true;
    if (inm.trim() === "*") return true;
    const opaque = entity.etag.replace(/^W\//, "");
    return inm.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
  }
  const ims = header("if-modified-since");
  if (ims != null && entity.lastModified) {
    const since = parseHttpDate(ims);
    // HTTP dates have whole seconds.
    return since !== undefined && Math.floor(entity.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}
