import { createApp } from "../http/app.js";
import { errorResponse } from "../http/errors.js";
import { settingsReader } from "../http/settings.js";
import { ReadFailed } from "../store/read-failed.js";
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
  let instance: ReturnType<typeof makeSite> | undefined;
  const makeSite = (env: Env) => {
    const store = new ContentStore(async (path) => {
      const response = await readAsset(env, `/${path}`);
      return response && new Uint8Array(await response.arrayBuffer());
    });
    const settings = settingsReader(store, env);
    const app = createApp({ store, asset: (path) => readAsset(env, path), settings });
    return { app, store, settings };
  };
  return {
    fetch(request, env, ctx) {
      instance ??= makeSite(env);
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
