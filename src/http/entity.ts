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

export async function makeEntity(
  text: string,
  contentType: string,
  lastModified: Date | undefined,
  options: { gzip: boolean },
): Promise<Entity> {
  const body = encoder.encode(text);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  const etag = `"${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("")}"`;
  const gzip = options.gzip && body.byteLength >= GZIP_MIN_BYTES ? await compress(body) : undefined;
  return {
    body,
    contentType,
    etag,
    ...(lastModified && lastModified.getTime() > 0 && { lastModified }),
    ...(gzip && { gzip }),
  };
}

async function compress(body: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** RFC 9110 §13.1: If-None-Match (weak comparison, lists and `*`) wins over If-Modified-Since. */
export function isNotModified(headers: Headers, entity: Pick<Entity, "etag" | "lastModified">): boolean {
  const inm = headers.get("if-none-match");
  if (inm !== null) {
    if (inm.trim() === "*") return true;
    const opaque = entity.etag.replace(/^W\//, "");
    return inm.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
  }
  const ims = headers.get("if-modified-since");
  if (ims !== null && entity.lastModified) {
    const since = Date.parse(ims);
    // HTTP dates have whole seconds.
    return !Number.isNaN(since) && Math.floor(entity.lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}
