import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { type ActivityPubRoute, activityPubRoutes } from "../activitypub/route.js";
import type { RuntimeSettings } from "../config/runtime.js";
import { HUB_PATH } from "../hub/settings.js";
import { REGISTRY, type Registry } from "../registry.js";
import type { ContentStore } from "../store/store.js";
import { ALLOW, preflight } from "./cors.js";
import type { Gzip } from "./entity.js";
import { errorResponse } from "./errors.js";
import { RenderCache } from "./render-cache.js";
import { feedRoutes } from "./routes/feeds.js";
import { fileRoutes } from "./routes/files.js";
import { type HubRoute, hubRoutes } from "./routes/hub.js";
import { notFoundPage, pageRoutes } from "./routes/pages.js";
import { oldUrlRedirect, redirectRoutes } from "./routes/redirects.js";
import type { Site } from "./served-site.js";

export interface AppOptions {
  store: ContentStore;
  /** Serves a file of the compiled site (images, CSS) by URL path; undefined when there is none. */
  asset: (path: string) => Promise<Response | undefined>;
  /** The run-time settings (see `settingsReader`); an external `websubHub` there is advertised instead of the own hub. */
  settings: () => Promise<RuntimeSettings>;
  /** The site's own hub at `/hub`, advertised by every feed when there is no external one. */
  ownHub?: HubRoute;
  /** The site's fediverse actor (`src/activitypub/`): WebFinger, NodeInfo, inboxes, Articles by content negotiation. */
  activityPub?: ActivityPubRoute;
  /** Keep gzip copies of rendered bodies, made by this; for runtimes that do not compress by themselves (Node). */
  gzip?: Gzip;
  /** The list kinds and feed formats served: `REGISTRY`, or a copy with more (tests). */
  registry?: Registry;
}

/**
 * The whole site as one Hono app, the same on Node and Workers: the entry points only
 * say where the compiled content comes from.
 */
export function createApp({
  store,
  asset,
  settings,
  ownHub,
  activityPub,
  gzip,
  registry = REGISTRY,
}: AppOptions): Hono {
  const app = new Hono();
  const site: Site = {
    store,
    registry,
    asset,
    settings,
    hub: async (m) => (await settings()).websubHub ?? (ownHub ? `${m.site.baseUrl}${HUB_PATH}` : undefined),
    gzip,
    cache: new RenderCache(),
    notFound: async (c) =>
      (await oldUrlRedirect(c, store, registry)) ?? notFoundPage(c, await store.manifest(), registry),
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
  if (ownHub) hubRoutes(app, ownHub);
  activityPubRoutes(app, activityPub);
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
  redirectRoutes(app, registry);
  pageRoutes(app, site);
  fileRoutes(app, site);
  app.onError((error) => errorResponse(error));
  return app;
}
