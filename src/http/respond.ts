import type { Context } from "hono";
import type { RuntimeSettings } from "../config/runtime.js";
import { type Entity, isNotModified } from "./entity.js";

const FEED_XML = /^application\/(rss|atom)\+xml/;
const SHARED = /^application\/(rss\+xml|atom\+xml|feed\+json|xml)|^text\/x-opml/;

/**
 * Browsers render `application/rss+xml` and `application/atom+xml` as plain text (Chromium) or
 * offer a download (Firefox), and apply the feed's CSS only to an XML type. A navigation
 * (Accept naming text/html) gets the same bytes as `application/xml`; feed readers get the
 * registered type. Each representation has its own strong ETag.
 */
function variant(c: Context, entity: Entity): { entity: Entity; body: Uint8Array; encoding?: string } {
  let chosen = entity;
  if (FEED_XML.test(entity.contentType) && (c.req.header("accept") ?? "").includes("text/html")) {
    chosen = { ...entity, contentType: "application/xml; charset=utf-8", etag: entity.etag.replace(/"$/, '-xml"') };
  }
  if (entity.gzip && acceptsGzip(c.req.header("accept-encoding"))) {
    return { entity: { ...chosen, etag: chosen.etag.replace(/"$/, '-gzip"') }, body: entity.gzip, encoding: "gzip" };
  }
  return { entity: chosen, body: entity.body };
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** Sends a rendered entity with its validators, caching headers and a 304 when the client's copy is current. */
export function send(c: Context, original: Entity, settings: RuntimeSettings): Response {
  const { entity, body, encoding } = variant(c, original);
  const headers = new Headers({
    "Content-Type": entity.contentType,
    ETag: entity.etag,
    "Cache-Control": `public, max-age=${settings.cacheMaxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`,
    Vary: /xml/.test(original.contentType) ? "Accept, Accept-Encoding" : "Accept-Encoding",
  });
  if (entity.lastModified) headers.set("Last-Modified", entity.lastModified.toUTCString());
  if (SHARED.test(original.contentType)) headers.set("Access-Control-Allow-Origin", "*");
  if (isNotModified((name) => c.req.header(name), entity)) return new Response(null, { status: 304, headers });
  if (encoding) headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body as BodyInit, { status: 200, headers });
}
