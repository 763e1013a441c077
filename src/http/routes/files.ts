import type { Hono } from "hono";
import { DATA_PREFIX } from "../../store/layout.js";
import type { Site } from "../site.js";

/** Files of the compiled site (images, CSS). The data files are the app's own business. */
export function fileRoutes(app: Hono, site: Site): void {
  app.get("*", async (c) => {
    const path = publicPath(new URL(c.req.url).pathname);
    const response = path && (await site.asset(path));
    if (!response) return site.notFound(c);
    const headers = new Headers(response.headers);
    headers.set("Cache-Control", "public, max-age=3600");
    return new Response(response.body, { status: response.status, headers });
  });
}

/**
 * The public file a URL path names, or undefined: no empty, `.` or `..` segments (raw or
 * percent-encoded), no backslashes or NULs, and nothing under the data folder.
 */
export function publicPath(pathname: string): string | undefined {
  const segments = pathname.split("/").slice(1);
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === "" || decoded === "." || decoded === ".." || /[\\/\0]/.test(decoded)) return undefined;
  }
  if (segments[0] === DATA_PREFIX) return undefined;
  return pathname;
}
