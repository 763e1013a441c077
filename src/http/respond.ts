import type { Context } from "hono";

import type { RuntimeSettings } from "../config/runtime.js";
import { type FeedFormats, formatList } from "../feed/formats.js";
import { CORS_EXPOSED } from "./cors.js";
import { type Entity, isNotModified, notModifiedHeaders } from "./entity.js";
import { type Negotiated, negotiate } from "./negotiate.js";

/** What `send` reads of the feed formats: which types are XML feeds, and which any site may read (CORS). */
interface TypeRules {
  /** Feed types a navigation gets as `application/xml` (the formats' `xml`). */
  feedXml: Set<string>;
  /** Every feed format, the XML variant and the OPML. */
  shared: Set<string>;
}

const rules = new WeakMap<FeedFormats, TypeRules>();

function typeRules(formats: FeedFormats): TypeRules {
  let found = rules.get(formats);
  if (!found) {
    const list = formatList(formats);
    found = {
      feedXml: new Set(list.filter((f) => f.xml).map((f) => f.mediaType)),
      shared: new Set([...list.map((f) => f.mediaType), "application/xml", "text/x-opml"]),
    };
    rules.set(formats, found);
  }
  return found;
}

const mediaTypeOf = (contentType: string) => contentType.split(";")[0]?.trim() ?? "";

/**
 * Browsers render `application/rss+xml` and `application/atom+xml` as plain text (Chromium) or
 * offer a download (Firefox), and apply the feed's CSS only to an XML type. A navigation
 * gets the same bytes as `application/xml`; feed readers get the registered type. Each
 * representation has its own strong ETag.
 */
function variant(
  wanted: Negotiated,
  entity: Entity,
  types: TypeRules,
): { entity: Entity; body: Uint8Array; encoding?: string } {
  let chosen = entity;
  if (wanted.browser && types.feedXml.has(mediaTypeOf(entity.contentType))) {
    chosen = { ...entity, contentType: "application/xml; charset=utf-8", etag: entity.etag.replace(/"$/, '-xml"') };
  }
  if (entity.gzip && wanted.gzip) {
    return { entity: { ...chosen, etag: chosen.etag.replace(/"$/, '-gzip"') }, body: entity.gzip, encoding: "gzip" };
  }
  return { entity: chosen, body: entity.body };
}

/** Sends a rendered entity with its validators, caching headers and a 304 when the client's copy is current. */
export function send(c: Context, original: Entity, settings: RuntimeSettings, formats: FeedFormats): Response {
  const header = (name: string) => c.req.header(name);
  const types = typeRules(formats);
  const { entity, body, encoding } = variant(negotiate(header), original, types);
  const headers = new Headers({
    "Content-Type": entity.contentType,
    ETag: entity.etag,
    "Cache-Control": `public, max-age=${settings.cacheMaxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`,
    Vary: /xml/.test(original.contentType) ? "Accept, Accept-Encoding" : "Accept-Encoding",
  });
  if (entity.lastModified) headers.set("Last-Modified", entity.lastModified.toUTCString());
  if (types.shared.has(mediaTypeOf(original.contentType))) {
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
