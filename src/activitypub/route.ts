import type { Context, Hono } from "hono";
import { readLimited, TooLarge } from "../outbound/request.js";
import { hasActivityRepresentation, isFederationPath, isInboxPath, wantsActivityJson } from "./paths.js";

/** How the app reaches the federation: in process on Node, through the Durable Object on Workers. */
export interface ActivityPubRoute {
  /** Fedify's answer, or undefined when the request is none of its (the site's own routes answer). */
  answer(request: Request): Promise<Response | undefined>;
}

/** Inbox bodies over this get a 413 before anything is parsed or verified (Mastodon's activities are a few KiB). */
export const MAX_INBOX_BYTES = 256 * 1024;

/**
 * ActivityPub in the site's app: WebFinger, NodeInfo, the actor and its collections, the inboxes,
 * and each post's Article at the post's URL when Accept asks for ActivityStreams. A post page
 * sends `Vary: Accept` whether or not the federation is on, so both representations say so and
 * every runtime answers the page alike.
 */
export function activityPubRoutes(app: Hono, route: ActivityPubRoute | undefined): void {
  app.use(async (c, next) => {
    const path = c.req.path;
    const representation = hasActivityRepresentation(path);
    const federated =
      route !== undefined && (isFederationPath(path) || (representation && wantsActivityJson(c.req.header("accept"))));
    let answer: Response | undefined;
    if (federated) {
      const request = await limited(c);
      if (request instanceof Response) return request;
      // Unsigned is 401 whatever the body is: Fedify would parse an invalid activity first and say 400.
      if (request.method === "POST" && isInboxPath(path) && !request.headers.has("signature")) {
        return c.text("Unauthorized: an inbox POST must carry an HTTP Signature\n", 401, {
          "WWW-Authenticate": 'Signature realm="inbox", headers="(request-target) host date digest"',
        });
      }
      answer = await route.answer(request);
    }
    if (!answer) {
      await next();
      if (representation) varyOnAccept(c.res.headers);
      return;
    }
    const response = new Response(answer.body, answer);
    if (representation) varyOnAccept(response.headers);
    return response;
  });
}

/** The request with its body read, or a 413 when the body is over the limit (declared or sent). */
async function limited(c: Context): Promise<Request | Response> {
  const raw = c.req.raw;
  if (raw.method === "GET" || raw.method === "HEAD") return raw;
  const tooLarge = () => c.text(`Payload too large: at most ${MAX_INBOX_BYTES} bytes\n`, 413);
  if (Number(raw.headers.get("content-length") ?? 0) > MAX_INBOX_BYTES) return tooLarge();
  try {
    const body = await readLimited(raw, MAX_INBOX_BYTES, "request");
    return new Request(raw.url, { method: raw.method, headers: raw.headers, body });
  } catch (error) {
    if (error instanceof TooLarge) return tooLarge();
    throw error;
  }
}

function varyOnAccept(headers: Headers): void {
  const vary = headers.get("vary");
  if (!vary) headers.set("Vary", "Accept");
  else if (!/(^|,)\s*accept\s*(,|$)/i.test(vary)) headers.set("Vary", `Accept, ${vary}`);
}
