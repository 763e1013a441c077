import { getConnInfo } from "hono/cloudflare-workers";
import { createApp } from "../http/app.js";
import type { HubRoute } from "../http/routes/hub.js";
import { hubSettingsFrom } from "../hub/settings.js";
import { ContentStore } from "../store/store.js";
import type { Env } from "./index.js";

/** Header by which the Worker tells the hub object who asked (for the rate limit). */
export const CLIENT_HEADER = "x-hub-client";
// Static Assets are addressed by path; the host is never looked at.
const ASSET_ORIGIN = "https://assets.invalid";

/**
 * The site's app over Static Assets, the same in the Worker and in the hub's Durable Object (which
 * reads topics from it). Without WEBSUB_HUB, `/hub` goes to the one hub object.
 */
export function workerSite(env: Env): { app: ReturnType<typeof createApp>; store: ContentStore } {
  const store = new ContentStore(async (path) => {
    const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}/${path}`);
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
  });
  const hub = env.WEBSUB_HUB || undefined;
  const ownHub: HubRoute | undefined =
    hub || !env.HUB
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
  const app = createApp({
    store,
    asset: async (path) => {
      const response = await env.ASSETS.fetch(`${ASSET_ORIGIN}${path}`);
      return response.ok ? response : undefined;
    },
    hub,
    ...(ownHub && { ownHub }),
  });
  return { app, store };
}
