import type { ContentStore } from "../store/store.js";
import { edgeCached } from "./edge-cache.js";
import type { HubObject } from "./hub-object.js";
import { workerSite } from "./site.js";

export { HubObject } from "./hub-object.js";

/** Bindings from wrangler.toml. */
export interface Env {
  /** The compiled site (`dist/site`), as Workers Static Assets. */
  ASSETS: Fetcher;
  /** The site's own WebSub hub (a Durable Object with SQLite storage). */
  HUB: DurableObjectNamespace<HubObject>;
  /** An external hub to advertise instead of the own one. */
  WEBSUB_HUB?: string;
  /** "true" lets the hub reach loopback and private addresses (local development, tests). */
  ALLOW_PRIVATE_ADDRESSES?: string;
}

let instance: { app: ReturnType<typeof workerSite>["app"]; store: ContentStore } | undefined;

/** The Worker: the same app as on Node, reading the compiled site from Static Assets, behind the Cache API. */
export default {
  fetch(request, env, ctx) {
    instance ??= workerSite(env);
    const { app, store } = instance;
    return edgeCached(
      request,
      ctx,
      async () => (await store.manifest()).buildId,
      async (req) => app.fetch(req, env, ctx),
    );
  },
} satisfies ExportedHandler<Env>;
