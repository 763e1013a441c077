import { parseAccept } from "hono/utils/accept";

/**
 * Where the site's ActivityPub documents live (Fedify URI templates) and which requests are
 * ActivityPub's: one place for the routes, the app's middleware and the caches.
 */
export const AP_PATHS = {
  actor: "/ap/actors/{identifier}",
  inbox: "/ap/actors/{identifier}/inbox",
  sharedInbox: "/ap/inbox",
  outbox: "/ap/actors/{identifier}/outbox",
  followers: "/ap/actors/{identifier}/followers",
  /** The post's own URL (`postPath`): its Article by content negotiation. */
  article: "/posts/{slug}",
  nodeInfo: "/nodeinfo/2.1",
  /** Workers: the deploy asks for delivery here (README, "Following from the fediverse"). */
  sync: "/ap/sync",
} as const;

/** The actor's URL path for an account name. */
export function actorPath(username: string): string {
  return `/ap/actors/${encodeURIComponent(username)}`;
}

const FEDERATION_PATH = /^\/(ap\/|\.well-known\/(webfinger|nodeinfo)$|nodeinfo\/)/;
const HAS_ARTICLE = /^\/posts\/[^/]+$/;
const AS_PROFILE = "https://www.w3.org/ns/activitystreams";

/** A path only ActivityPub answers (WebFinger, NodeInfo, the actor and its collections). */
export function isFederationPath(path: string): boolean {
  return FEDERATION_PATH.test(path);
}

const INBOX_PATH = /^\/ap\/(inbox|actors\/[^/]+\/inbox)$/;

/** The shared inbox or an actor's: every POST there must be signed (HTTP Signatures). */
export function isInboxPath(path: string): boolean {
  return INBOX_PATH.test(path);
}

/** A page that also has an ActivityPub representation: both send `Vary: Accept`. */
export function hasActivityRepresentation(path: string): boolean {
  return HAS_ARTICLE.test(path);
}

/**
 * Accept asks for ActivityStreams JSON (`application/activity+json`, or `application/ld+json`
 * with the ActivityStreams profile) at least as much as for HTML: Mastodon's lookups. Caches
 * never answer such a request from, or store it as, a page's entry.
 */
export function wantsActivityJson(accept: string | null | undefined): boolean {
  if (!accept || !/application\/(activity|ld)\+json/i.test(accept)) return false;
  let json = 0;
  let html = 0;
  for (const entry of parseAccept(accept)) {
    const type = entry.type.toLowerCase();
    const profile = entry.params?.profile;
    if (type === "application/activity+json" || (type === "application/ld+json" && profile?.includes(AS_PROFILE)))
      json = Math.max(json, entry.q);
    else if (type === "text/html" || type === "application/xhtml+xml") html = Math.max(html, entry.q);
  }
  return json > 0 && json >= html;
}
