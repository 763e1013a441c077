import { errorResponse } from "../http/errors.js";
import { edgeCached } from "./edge-cache.js";
import type { FederationObject } from "./federation-object.js";
import type { HubObject } from "./hub-object.js";
import { workerSite } from "./worker-site.js";

export { FederationObject } from "./federation-object.js";
export { HubObject } from "./hub-object.js";

/** Bindings from wrangler.toml: the assets, the hub, and `[vars]`, which override the run-time settings (README). */
export interface Env {
  /** The compiled site (`dist/site`), as Workers Static Assets. */
  ASSETS: Fetcher;
  /** The site's own WebSub hub (a Durable Object with SQLite storage). */
  HUB: DurableObjectNamespace<HubObject>;
  /** The site's fediverse actor (a Durable Object with SQLite storage): followers, key pair, deliveries. */
  FEDERATION?: DurableObjectNamespace<FederationObject>;
  /** The secret that `POST /ap/sync` (run by `npm run deploy`) must present: `wrangler secret put ACTIVITYPUB_SYNC_TOKEN`. */
  ACTIVITYPUB_SYNC_TOKEN?: string;
  /** The compiled site in R2, read when `CONTENT_STORE` is `r2` (`npm run upload:r2` fills it). */
  CONTENT?: R2Bucket;
  /** "assets" (default) or "r2": where the compiled site is read from (README, "Deploying a big site"). */
  CONTENT_STORE?: string;
  /** "true" lets the hub reach loopback and private addresses (local development, tests). */
  ALLOW_PRIVATE_ADDRESSES?: string;
  [name: string]: unknown;
}

/**
 * The Worker: the same app as on Node, reading the compiled site from Static Assets, behind
 * the Cache API. Each call makes a Worker with its own caches (tests give it their bindings).
 */
export function createWorker(): ExportedHandler<Env> {
  let instance: ReturnType<typeof workerSite> | undefined;
  return {
    fetch(request, env, ctx) {
      instance ??= workerSite(env);
      const { app, store, settings } = instance;
      // The build id and settings are read before the app runs: a failure there gets the app's own error answer.
      return edgeCached(
        request as Request,
        ctx,
        // Run-time settings shape the responses (Cache-Control, the hub in feeds): a change of vars is a new key.
        async () => `${(await store.manifest()).buildId}/${encodeURIComponent(JSON.stringify(await settings()))}`,
        async (req) => app.fetch(req, env, ctx),
      ).catch(errorResponse);
    },
  };
}

export default createWorker();
