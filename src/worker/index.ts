import type { Hono } from "hono";
import { createApp } from "../http/app.js";
import { ContentStore } from "../store/store.js";

/** Bindings from wrangler.toml. */
export interface Env {
  /** The compiled site (`dist/site`), as Workers Static Assets. */
  ASSETS: Fetcher;
  WEBSUB_HUB?: string;
}

// Static Assets are addressed by path; the host is never looked at.
const ASSET_ORIGIN = "https://assets.invalid";

let app: Hono | undefined;

/** The Worker: the same app as on Node, reading the compiled site from Static Assets. */
export default {
  fetch(request, env, ctx) {
    app ??= createApp({
      store: new ContentStore(async (path) => {
        const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}/${path}`);
        return response.ok ? response.text() : undefined;
      }),
      asset: async (path) => {
        const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}${path}`);
        return response.ok ? response : undefined;
      },
      hub: env.WEBSUB_HUB || undefined,
    });
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
