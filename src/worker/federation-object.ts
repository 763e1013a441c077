import { DurableObject } from "cloudflare:workers";
import { SiteFederation } from "../activitypub/federation.js";
import { AP_PATHS } from "../activitypub/paths.js";
import { allowPrivateAddresses } from "../hub/settings.js";
import { createOutbound, fetchTransport } from "../outbound/request.js";
import type { ContentStore } from "../store/store.js";
import { durableSql, wakeAlarm } from "./hub-object.js";
import type { Env } from "./index.js";
import { PASS_HEADER, workerSite } from "./worker-site.js";

/**
 * The site's fediverse actor on Workers: one Durable Object holds the followers, the key pair
 * (made on the first request, then never changed), Fedify's key–value store and the pending
 * deliveries in its SQLite storage; its alarm sends them. It reads posts from its own copy of the
 * site over Static Assets, as the hub does. A deploy asks it to compare the published set with
 * what followers were sent (`POST /ap/sync`, with the `ACTIVITYPUB_SYNC_TOKEN` secret).
 */
export class FederationObject extends DurableObject<Env> {
  private readonly federation: SiteFederation;
  private readonly store: ContentStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = workerSite(env).store;
    const allowPrivate = allowPrivateAddresses(env as unknown as Record<string, unknown>);
    this.federation = new SiteFederation({
      db: durableSql(ctx.storage.sql),
      outbound: createOutbound({ transport: fetchTransport, allowPrivate }),
      wake: (at) => {
        void wakeAlarm(ctx.storage, at);
      },
    });
  }

  override async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === AP_PATHS.sync) return this.sync(request);
    const answer = await this.federation.handle(request, this.store);
    return answer ?? new Response(null, { status: 404, headers: { [PASS_HEADER]: "1" } });
  }

  override async alarm(): Promise<void> {
    await this.federation.deliveries.run();
  }

  /** The deploy's request: queues Create, Update and Delete for what changed; the alarm delivers them. */
  private async sync(request: Request): Promise<Response> {
    const token = this.env.ACTIVITYPUB_SYNC_TOKEN;
    if (request.method !== "POST") return text(405, "Method not allowed: POST with the sync token");
    if (!token) return text(404, "Not found: set the ACTIVITYPUB_SYNC_TOKEN secret to enable /ap/sync");
    if (!(await sameSecret(request.headers.get("authorization") ?? "", `Bearer ${token}`)))
      return text(401, "Unauthorized: Authorization: Bearer <ACTIVITYPUB_SYNC_TOKEN>");
    const result = await this.federation.sync(this.store);
    return new Response(`${JSON.stringify(result)}\n`, {
      headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
    });
  }
}

function text(status: number, line: string): Response {
  return new Response(`${line}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Compares digests, so the time taken says nothing about how much of the token matched. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (s: string) =>
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
