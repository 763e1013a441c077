import { createApp } from "../http/app.js";
import { ContentStore } from "../store/store.js";
import { edgeCached } from "./edge-cache.js";

/** Bindings from wrangler.toml. */
export interface Env {
  /** The compiled site (`dist/site`), as Workers Static Assets. */
  ASSETS: Fetcher;
  WEBSUB_HUB?: string;
}

// Static Assets are addressed by path; the host is never looked at.
const ASSET_ORIGIN = "https://assets.invalid";

let instance: { app: ReturnType<typeof createApp>; store: ContentStore } | undefined;

function site(env: Env) {
  if (!instance) {
    const store = new ContentStore(async (path) => {
      const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}/${path}`);
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
    });
    const app = createApp({
      store,
      asset: async (path) => {
        const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}${path}`);
        return response.ok ? response : undefined;
      },
      hub: env.WEBSUB_HUB || undefined,
    });
    instance = { app, store };
  }
  return instance;
}

/** The Worker: the same app as on Node, reading the compiled site from Static Assets, behind the Cache API. */
export default {
  fetch(request, env, ctx) {
    const { app, store } = site(env);
    return edgeCached(
      request,
      ctx,
      async () => (await store.manifest()).buildId,
      async (req) => app.fetch(req, env, ctx),
    );
  },
} satisfies ExportedHandler<Env>;
