import { join } from "node:path";
import { SiteFederation } from "../activitypub/federation.js";
import type { ActivityPubRoute } from "../activitypub/route.js";
import { createOutbound } from "../outbound/request.js";
import type { ContentStore } from "../store/store.js";
import { nodeTransport } from "./outbound-transport.js";
import { openSqlite } from "./sqlite.js";
import { timerWake } from "./wake.js";

export interface NodeFederationOptions {
  /** The data folder (DATA_DIR): never `dist/`, which every build wipes. `:memory:` keeps nothing. */
  dataDir: string;
  /** The site served now (a rebuild swaps it). */
  store: () => ContentStore;
  allowPrivate: boolean;
  log?: (line: string) => void;
}

/**
 * The site's fediverse actor on Node: followers, the key pair and pending deliveries in
 * `DATA_DIR/activitypub.sqlite` (apart from the hub's file, whose job runner takes every job of
 * its database), requests over node:http(s) behind the guard, retries on a timer.
 */
export async function openNodeFederation(
  options: NodeFederationOptions,
): Promise<{ federation: SiteFederation; route: ActivityPubRoute; close(): void }> {
  const db = await openSqlite(
    options.dataDir === ":memory:" ? ":memory:" : join(options.dataDir, "activitypub.sqlite"),
  );
  const timer = timerWake(() => void federation.deliveries.run());
  const federation = new SiteFederation({
    db,
    outbound: createOutbound({ transport: nodeTransport(options.allowPrivate), allowPrivate: options.allowPrivate }),
    wake: timer.wake,
    ...(options.log && { log: options.log }),
  });
  return {
    federation,
    route: { answer: (request) => federation.handle(request, options.store()) },
    close: () => {
      timer.stop();
      db.close();
    },
  };
}
