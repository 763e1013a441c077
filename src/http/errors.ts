import { ReadFailed } from "../store/read-failed.js";

/** Seconds a client is asked to wait before trying again after a failed read. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The answer to an error no route handled, on every runtime: a 503 with Retry-After when the
 * compiled site could not be read this time (the next request reads again), else a 500.
 * Neither is ever stored by a cache.
 */
export function errorResponse(error: unknown): Response {
  console.error(error);
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (error instanceof ReadFailed) {
    return new Response("Service unavailable: the site could not be read; try again shortly.\n", {
      status: 503,
      headers: { ...headers, "Retry-After": String(RETRY_AFTER_SECONDS) },
    });
  }
  return new Response("Internal error\n", { status: 500, headers });
}
