import { getConnInfo } from "hono/cloudflare-workers";
import type { ActivityPubRoute } from "../activitypub/route.js";
import { runtimeSettings } from "../config/runtime.js";
import { createApp } from "../http/app.js";
import type { HubRoute } from "../http/routes/hub.js";
import { settingsReader } from "../http/settings.js";
import { hubSettingsFrom } from "../hub/settings.js";
import { ReadFailed } from "../store/read-failed.js";
import { ContentStore } from "../store/store.js";
import type { Env } from "./index.js";
import { readR2File } from "./r2-files.js";

/** Header by which the Worker tells the hub object who asked (for the rate limit). */
export const CLIENT_HEADER = "x-hub-client";
/** Set on the federation object's 404 for a request that is none of its: the site's own routes answer it. */
export const PASS_HEADER = "x-activitypub-pass";
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
 * How files of the compiled site are read, from where `CONTENT_STORE` says: Static Assets, or the
 * `CONTENT` R2 bucket. The choice is read from the Worker's vars alone (the compiled site's settings
 * are in the store), once per instance, not per file.
 */
function siteFileReader(env: Env): (path: string) => Promise<Response | undefined> {
  let read: ((path: string) => Promise<Response | undefined>) | undefined;
  return (path) => {
    // Chosen at the first read, so an invalid CONTENT_STORE fails requests (5xx), not the Worker's start.
    if (!read) {
      const { contentStore } = runtimeSettings({ CONTENT_STORE: env.CONTENT_STORE });
      read = contentStore === "r2" ? (file) => readR2File(env.CONTENT, file) : (file) => readAsset(env, file);
    }
    return read(path);
  };
}

/**
 * The site's app over Static Assets or R2, the same in the Worker and in the hub's Durable Object (which
 * reads topics from it). With a `HUB` binding, `/hub` goes to the one hub object; feeds advertise
 * it unless the run-time setting `websubHub` names an external hub.
 */
export function workerSite(env: Env): {
  app: ReturnType<typeof createApp>;
  store: ContentStore;
  settings: ReturnType<typeof settingsReader>;
} {
  const readSiteFile = siteFileReader(env);
  const store = new ContentStore(async (path) => {
    const response = await readSiteFile(`/${path}`);
    return response && new Uint8Array(await response.arrayBuffer());
  });
  const settings = settingsReader(store, env);
  const ownHub: HubRoute | undefined = !env.HUB
    ? undefined
    : {
        endpoint: async (request, client) => {
          const stub = env.HUB.get(env.HUB.idFromName("hub"));
          const headers = new Headers(request.headers);
          headers.set(CLIENT_HEADER, client);
          const answer = await stub.fetch(new Request(request, { headers }));
          // A stub's response has immutable headers; the app's middleware adds its own.
          return new Response(answer.body, answer);
        },
        client: (c) => getConnInfo(c).remote.address ?? "unknown",
        maxBodyBytes: hubSettingsFrom(env as unknown as Record<string, unknown>).maxBodyBytes,
      };
  const federation = env.FEDERATION;
  const activityPub: ActivityPubRoute | undefined = federation && {
    answer: async (request) => {
      const answer = await federation.get(federation.idFromName("actor")).fetch(request);
      if (answer.headers.has(PASS_HEADER)) {
        await answer.body?.cancel();
        return undefined;
      }
      return new Response(answer.body, answer);
    },
  };
  const app = createApp({
    store,
    asset: readSiteFile,
    settings,
    ...(ownHub && { ownHub }),
    ...(activityPub && { activityPub }),
  });
  return { app, store, settings };
}
