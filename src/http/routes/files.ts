import type { Hono } from "hono";
import { DATA_PREFIX } from "../../store/data-layout.js";
import type { Site } from "../served-site.js";

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
 * Top-level names of the compiled site that are never served: the data folder, and the list
 * of files Wrangler does not upload (Static Assets never has it; Node must not serve it either).
 */
const PRIVATE = new Set([DATA_PREFIX, ".assetsignore"]);

/**
 * The public file a URL path names, or undefined: no empty, `.` or `..` segments (raw or
 * percent-encoded), no backslashes or NULs, and nothing private. Segments are compared
 * decoded: Static Assets decodes `/%5Fdata/` to `/_data/`.
 */
export function publicPath(pathname: string): string | undefined {
  const segments = pathname.split("/").slice(1);
  for (const [i, segment] of segments.entries()) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === "" || decoded === "." || decoded === ".." || /[\\/\0]/.test(decoded)) return undefined;
    if (i === 0 && PRIVATE.has(decoded)) return undefined;
  }
  return pathname;
}
