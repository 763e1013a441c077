import { DurableObject } from "cloudflare:workers";
import { answerHubRequest, Hub } from "../hub/hub.js";
import { allowPrivateAddresses, hubSettingsFrom } from "../hub/settings.js";
import { appTopics } from "../hub/topics.js";
import { createOutbound, fetchTransport } from "../outbound/request.js";
import type { SqlDb, SqlValue } from "../state/sql.js";
import type { Env } from "./index.js";
import { CLIENT_HEADER, workerSite } from "./worker-site.js";

/**
 * The hub on Workers: one Durable Object holds every subscription and pending delivery in its
 * SQLite storage, and its alarm runs them when due (retries survive deploys and evictions).
 * It reads topics from its own copy of the site's app over Static Assets.
 *
 * Without DNS resolution in Workers, the guard checks the URL only (scheme, IP literals, local
 * names); Cloudflare's network itself does not route a Worker's fetch to private addresses.
 */
export class HubObject extends DurableObject<Env> {
  private readonly hub: Hub;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const { app, store } = workerSite(env);
    const allowPrivate = allowPrivateAddresses(env as unknown as Record<string, unknown>);
    this.hub = new Hub({
      db: durableSql(ctx.storage.sql),
      topics: appTopics(
        () => store.manifest(),
        async (path) => app.fetch(new Request(`https://hub.invalid${path}`), env),
      ),
      outbound: createOutbound({ transport: fetchTransport, allowPrivate }),
      settings: hubSettingsFrom(env as unknown as Record<string, unknown>),
      wake: (at) => {
        void wakeAlarm(ctx.storage, at);
      },
    });
  }

  override fetch(request: Request): Promise<Response> {
    return answerHubRequest(this.hub, request, request.headers.get(CLIENT_HEADER) ?? "unknown");
  }

  override async alarm(): Promise<void> {
    await this.hub.run();
  }
}

/** Sets a Durable Object's alarm for `at`, unless an earlier one is already set. */
export async function wakeAlarm(storage: DurableObjectStorage, at: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current === null || current > at) await storage.setAlarm(at);
}

/** A Durable Object's SQLite storage as the durable state's `SqlDb`. */
export function durableSql(sql: SqlStorage): SqlDb {
  return {
    exec: (query) => {
      sql.exec(query);
    },
    all: <T extends Record<string, SqlValue>>(query: string, ...params: SqlValue[]) =>
      sql.exec(query, ...params).toArray() as T[],
    run: (query, ...params) => sql.exec(query, ...params).rowsWritten,
  };
}
