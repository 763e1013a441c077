import { wantsActivityJson } from "../activitypub/paths.js";
import { isNotModified, notModifiedHeaders } from "../http/entity.js";
import { negotiate, variantKey } from "../http/negotiate.js";

/**
 * The Workers Cache API in front of the app. Keys carry `version` (the build id and the run-time
 * settings), so a deploy with new content or new vars never meets an old entry; entries expire
 * by the response's own Cache-Control.
 * The cached copy is always the full 200; conditional requests are answered from it.
 */
export async function edgeCached(
  request: Request,
  ctx: ExecutionContext,
  version: () => Promise<string>,
  handle: (request: Request) => Promise<Response>,
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return handle(request);
  // ActivityPub's representations of a page are never stored, nor answered from the page's entry.
  if (wantsActivityJson(request.headers.get("accept"))) return handle(request);
  const url = new URL(request.url);
  const header = (name: string) => request.headers.get(name);
  // The platform compresses by itself: the app never gzips here, so only the browser variant counts.
  const wanted = { ...negotiate(header), gzip: false };
  const key = new Request(
    `https://edge-cache.invalid/${await version()}/${variantKey(wanted)}${url.pathname}${url.search}`,
  );
  const accept = request.headers.get("accept");
  const cache = caches.default;

  let response = await cache.match(key);
  let state = "HIT";
  if (!response) {
    state = "MISS";
    response = await handle(new Request(url, { headers: accept ? { accept } : {} }));
    if (response.status !== 200) return finish(request, response);
    ctx.waitUntil(cache.put(key, response.clone()));
  }
  const headers = new Headers(response.headers);
  headers.set("X-Cache", state);
  const lastModified = headers.get("last-modified");
  const validators = {
    etag: headers.get("etag") ?? "",
    ...(lastModified && { lastModified: new Date(lastModified) }),
  };
  if (validators.etag && isNotModified(header, validators)) {
    return new Response(null, { status: 304, headers: notModifiedHeaders(Object.fromEntries(headers)) });
  }
  return finish(request, new Response(response.body, { status: response.status, headers }));
}

function finish(request: Request, response: Response): Response {
  return request.method === "HEAD" ? new Response(null, response) : response;
}
