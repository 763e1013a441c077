import { cors } from "hono/cors";

/** Read-only: what every URL of the site answers to. */
export const ALLOW = "GET, HEAD, OPTIONS";

/** Response headers a cross-origin reader needs to revalidate (ETag is not CORS-safelisted). */
export const CORS_EXPOSED = "ETag, Last-Modified";

/**
 * The answer to a CORS preflight: a browser-based reader that revalidates sends
 * If-None-Match or If-Modified-Since, which are not CORS-safelisted request headers, so the
 * browser asks first whether it may.
 */
export const preflight = cors({
  origin: "*",
  allowMethods: ALLOW.split(", "),
  allowHeaders: ["If-None-Match", "If-Modified-Since"],
  exposeHeaders: CORS_EXPOSED.split(", "),
  maxAge: 86400,
});
