import { type DocumentLoader, preloadedContexts, type RemoteDocument, signRequest } from "@fedify/fedify";
import type { Outbound } from "../outbound/request.js";

const ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\s*(;|$)/i;

/**
 * Fedify's document loader over the site's outbound requests: every key and actor fetch passes
 * the private-address guard, the timeout and the size limit (`src/outbound/`). The well-known
 * JSON-LD contexts (ActivityStreams, security, …) come from Fedify's preloaded copies: nothing
 * waits on w3.org; another server's own context is fetched like any document.
 */
export function guardedDocumentLoader(
  outbound: Outbound,
  identity?: { keyId: URL; privateKey: CryptoKey },
): DocumentLoader {
  return async (url) => {
    const preloaded = contextDocument(url);
    if (preloaded) return preloaded;
    let headers: Record<string, string> = { Accept: ACCEPT };
    // Servers in "authorized fetch" mode (Mastodon's secure mode) answer only signed GETs.
    if (identity) {
      const signed = await signRequest(new Request(url, { headers }), identity.privateKey, identity.keyId);
      headers = Object.fromEntries(signed.headers);
    }
    const response = await outbound(url, { headers });
    if (response.status < 200 || response.status > 299) throw new Error(`${url}: HTTP ${response.status}`);
    const type = response.headers.get("content-type") ?? "";
    if (!JSON_TYPE.test(type)) throw new Error(`${url}: not JSON (${type || "no Content-Type"})`);
    return {
      contextUrl: null,
      documentUrl: response.url,
      document: JSON.parse(new TextDecoder().decode(response.body)),
    };
  };
}

function contextDocument(url: string): RemoteDocument | undefined {
  const document = preloadedContexts[url];
  return document === undefined ? undefined : { contextUrl: null, documentUrl: url, document };
}
