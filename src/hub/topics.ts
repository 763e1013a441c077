import { formatList } from "../feed/formats.js";
import { pageCount, pageUrl } from "../feed/page.js";
import { parsePaging } from "../http/query.js";
import { kindsBySegment } from "../lists/kinds.js";
import { REGISTRY, type Registry } from "../registry.js";
import { type ListInfo, type ListKind, listKey, type Manifest } from "../store/data-layout.js";

/** A topic's document as a reader gets it: what a delivery sends. */
export interface TopicDocument {
  body: Uint8Array;
  contentType: string;
  etag: string;
}

/** What the hub knows of the site: its manifest and its feeds' documents, fetched from the site itself. */
export interface TopicSource {
  manifest(): Promise<Manifest>;
  /** The document at a topic URL, or undefined when the site does not serve it (any more). */
  document(topic: string): Promise<TopicDocument | undefined>;
}

export type TopicMatch = { ok: true; topic: string } | { ok: false; reason: string };

/**
 * Whether `url` is one of this site's feeds, at its URL or one of its canonical paging URLs (the
 * forms the feeds name as `rel="self"`). The topic subscribed to is the feed's first page, which is
 * what changes when a post is published or edited, and what gets distributed.
 */
export function matchTopic(manifest: Manifest, url: string, { formats, kinds }: Registry = REGISTRY): TopicMatch {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "hub.topic is not a URL" };
  }
  const base = new URL(manifest.site.baseUrl);
  const notOurs: TopicMatch = { ok: false, reason: `hub.topic is not a feed of ${manifest.site.baseUrl}` };
  if (parsed.origin !== base.origin || parsed.hash) return notOurs;
  const path = parsed.pathname.slice(base.pathname.replace(/\/$/, "").length);
  // `/rss.xml` or `/tags/japan/rss.xml`: a kind's segment and a slug, then a format's file.
  const parts = path.split("/");
  const format = formatList(formats).find((f) => f.file === parts.at(-1));
  const kind = parts.length === 4 ? kindsBySegment(kinds).get(parts[1] as string) : "site";
  if (!format || !kind || parts[0] !== "" || (parts.length !== 2 && parts.length !== 4)) return notOurs;
  let list: ListInfo | undefined;
  try {
    list = manifest.lists[listKey(kind as ListKind, parts.length === 4 ? decodeURIComponent(parts[2] as string) : "")];
  } catch {
    return notOurs;
  }
  if (!list) return notOurs;
  const paging = parsePaging(parsed, manifest.site.itemsPerFeed);
  if (!paging.ok) return notOurs;
  const { page, limit } = paging.value;
  if (page > pageCount(list, limit) || pageUrl(manifest, list, format, page, limit, kinds) !== parsed.href) {
    return notOurs;
  }
  return { ok: true, topic: pageUrl(manifest, list, format, 1, manifest.site.itemsPerFeed, kinds) };
}

/**
 * Topics read from the site's own app (in-process on Node, the same app inside the Durable Object
 * on Workers): nobody can make the hub send bytes the site does not serve.
 */
export function appTopics(
  manifest: () => Promise<Manifest>,
  request: (path: string) => Promise<Response>,
): TopicSource {
  return {
    manifest,
    async document(topic) {
      const url = new URL(topic);
      const response = await request(url.pathname + url.search);
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200) return undefined;
      return {
        body,
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
        etag: response.headers.get("etag") ?? "",
      };
    },
  };
}
