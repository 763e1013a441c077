import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { RuntimeSettings } from "../config/runtime.js";
import type { ContentStore } from "../store/store.js";
import { ALLOW, preflight } from "./cors.js";
import type { Gzip } from "./entity.js";
import { errorResponse } from "./errors.js";
import { RenderCache } from "./render-cache.js";
import { feedRoutes } from "./routes/feeds.js";
import { fileRoutes } from "./routes/files.js";
import { notFoundPage, pageRoutes } from "./routes/pages.js";
import { redirectRoutes } from "./routes/redirects.js";
import type { Site } from "./site.js";

export interface AppOptions {
  store: ContentStore;
  /** Serves a file of the compiled site (images, CSS) by URL path; undefined when there is none. */
  asset: (path: string) => Promise<Response | undefined>;
  /** The run-time settings (see `settingsReader`). */
  settings: () => Promise<RuntimeSettings>;
  /** Keep gzip copies of rendered bodies, made by this; for runtimes that do not compress by themselves (Node). */
  gzip?: Gzip;
}

/**
 * The whole site as one Hono app, the same on Node and Workers: the entry points only
 * say where the compiled content comes from.
 */
export function createApp({ store, asset, settings, gzip }: AppOptions): Hono {
  const app = new Hono();
  const site: Site = {
    store,
    asset,
    settings,
    gzip,
    cache: new RenderCache(),
    notFound: async (c) => notFoundPage(c, await store.manifest()),
  };

  // Strict by default: pages have no script, and load styles and images from this site only.
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "https:", "data:"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
      crossOriginResourcePolicy: "cross-origin",
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    if (method === "OPTIONS") {
      c.header("Allow", ALLOW);
      return preflight(c, next);
    }
    const headers = { Allow: ALLOW, "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": ALLOW };
    return c.text("Method not allowed: this site is read-only.\n", 405, headers);
  });

  feedRoutes(app, site);
  redirectRoutes(app);
  pageRoutes(app, site);
  fileRoutes(app, site);
  app.onError((error) => errorResponse(error));
  return app;
}
