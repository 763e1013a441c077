import { createApp } from "../http/app.js";
import { errorResponse } from "../http/errors.js";
import { ReadFailed } from "../store/read-failed.js";
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

/**
 * A file of Static Assets: undefined when there is none (404); a failed fetch or any other
 * status is a `ReadFailed`, which the next request tries again.
 */
async function readAsset(env: Env, path: string): Promise<Response | undefined> {
  let response: Response;
  try {
    response = await env.ASSETS.fetch(`${ASSET_ORIGIN}${path}`);
  } catch (error) {
    throw new ReadFailed(path, error);
  }
  if (response.ok) return response;
  await response.body?.cancel();
  if (response.status === 404) return undefined;
  throw new ReadFailed(path, `Static Assets answered ${response.status}`);
}

/**
 * The Worker: the same app as on Node, reading the compiled site from Static Assets, behind
 * the Cache API. Each call makes a Worker with its own caches (tests give it their bindings).
 */
export function createWorker(): ExportedHandler<Env> {
  let instance: { app: ReturnType<typeof createApp>; store: ContentStore } | undefined;
  const site = (env: Env) => {
    if (!instance) {
      const store = new ContentStore(async (path) => {
        const response = await readAsset(env, `/${path}`);
        return response && new Uint8Array(await response.arrayBuffer());
      });
      const app = createApp({ store, asset: (path) => readAsset(env, path), hub: env.WEBSUB_HUB || undefined });
      instance = { app, store };
    }
    return instance;
  };
  return {
    fetch(request, env, ctx) {
      const { app, store } = site(env);
      // The build id is read before the app runs: a failure there gets the app's own error answer.
      return edgeCached(
        request as Request,
        ctx,
        async () => (await store.manifest()).buildId,
        async (req) => app.fetch(req, env, ctx),
      ).catch(errorResponse);
    },
  };
}

export default createWorker();
