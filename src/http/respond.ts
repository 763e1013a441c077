import type { Context } from "hono";

import type { RuntimeSettings } from "../config/runtime.js";
import { CORS_EXPOSED } from "./cors.js";
import { type Entity, isNotModified, notModifiedHeaders } from "./entity.js";
import { type Negotiated, negotiate } from "./negotiate.js";

const FEED_XML = /^application\/(rss|atom)\+xml/;
const SHARED = /^application\/(rss\+xml|atom\+xml|feed\+json|xml)|^text\/x-opml/;

/**
 * Browsers render `application/rss+xml` and `application/atom+xml` as plain text (Chromium) or
 * offer a download (Firefox), and apply the feed's CSS only to an XML type. A navigation
 * gets the same bytes as `application/xml`; feed readers get the registered type. Each
 * representation has its own strong ETag.
 */
function variant(wanted: Negotiated, entity: Entity): { entity: Entity; body: Uint8Array; encoding?: string } {
  let chosen = entity;
  if (wanted.browser && FEED_XML.test(entity.contentType)) {
    chosen = { ...entity, contentType: "application/xml; charset=utf-8", etag: entity.etag.replace(/"$/, '-xml"') };
  }
  if (entity.gzip && wanted.gzip) {
    return { entity: { ...chosen, etag: chosen.etag.replace(/"$/, '-gzip"') }, body: entity.gzip, encoding: "gzip" };
  }
  return { entity: chosen, body: entity.body };
}

/** Sends a rendered entity with its validators, caching headers and a 304 when the client's copy is current. */
export function send(c: Context, original: Entity, settings: RuntimeSettings): Response {
  const header = (name: string) => c.req.header(name);
  const { entity, body, encoding } = variant(negotiate(header), original);
  const headers = new Headers({
    "Content-Type": entity.contentType,
    ETag: entity.etag,
    "Cache-Control": `public, max-age=${settings.cacheMaxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`,
    Vary: /xml/.test(original.contentType) ? "Accept, Accept-Encoding" : "Accept-Encoding",
  });
  if (entity.lastModified) headers.set("Last-Modified", entity.lastModified.toUTCString());
  if (SHARED.test(original.contentType)) {
    headers.set("Access-Control-Allow-Origin", "*");
    headers.set("Access-Control-Expose-Headers", CORS_EXPOSED);
  }
  if (isNotModified(header, entity)) {
    return new Response(null, { status: 304, headers: notModifiedHeaders(Object.fromEntries(headers)) });
  }
  if (encoding) headers.set("Content-Encoding", encoding);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body as BodyInit, { status: 200, headers });
}
