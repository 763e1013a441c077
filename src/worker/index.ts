import type { RuntimeSettings } from "../config/runtime.js";
import { createApp } from "../http/app.js";
import { settingsReader } from "../http/settings.js";
import { ContentStore } from "../store/store.js";
import { edgeCached } from "./edge-cache.js";

/** Bindings from wrangler.toml: the assets, and `[vars]`, which override the run-time settings (README). */
export interface Env {
  /** The compiled site (`dist/site`), as Workers Static Assets. */
  ASSETS: Fetcher;
  [name: string]: unknown;
}

// Static Assets are addressed by path; the host is never looked at.
const ASSET_ORIGIN = "https://assets.invalid";

let instance:
  | { app: ReturnType<typeof createApp>; store: ContentStore; settings: () => Promise<RuntimeSettings> }
  | undefined;

function site(env: Env) {
  if (!instance) {
    const store = new ContentStore(async (path) => {
      const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}/${path}`);
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
    });
    const settings = settingsReader(store, env);
    const app = createApp({
      store,
      asset: async (path) => {
        const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}${path}`);
        return response.ok ? response : undefined;
      },
      settings,
    });
    instance = { app, store, settings };
  }
  return instance;
}

/** The Worker: the same app as on Node, reading the compiled site from Static Assets, behind the Cache API. */
export default {
  fetch(request, env, ctx) {
    const { app, store, settings } = site(env);
    return edgeCached(
      request,
      ctx,
      // Run-time settings shape the responses (Cache-Control, the hub in feeds): a change of vars is a new key.
      async () => `${(await store.manifest()).buildId}/${encodeURIComponent(JSON.stringify(await settings()))}`,
      async (req) => app.fetch(req, env, ctx),
    );
  },
} satisfies ExportedHandler<Env>;
