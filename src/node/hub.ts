import { join } from "node:path";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { HubRoute } from "../http/routes/hub.js";
import { answerHubRequest, Hub } from "../hub/hub.js";
import type { HubSettings } from "../hub/settings.js";
import type { TopicSource } from "../hub/topics.js";
import { createOutbound } from "../outbound/request.js";
import { nodeTransport } from "./outbound-transport.js";
import { openSqlite } from "./sqlite.js";
import { timerWake } from "./wake.js";

export interface NodeHubOptions {
  /** The data folder (DATA_DIR): never `dist/`, which every build wipes. `:memory:` keeps nothing. */
  dataDir: string;
  topics: TopicSource;
  settings: HubSettings;
  allowPrivate: boolean;
  now?: () => number;
  log?: (line: string) => void;
}

/** The hub on Node: state in `DATA_DIR/state.sqlite`, requests over node:http(s), retries on a timer. */
export async function openNodeHub(options: NodeHubOptions): Promise<{ hub: Hub; route: HubRoute; close(): void }> {
  const db = await openSqlite(options.dataDir === ":memory:" ? ":memory:" : join(options.dataDir, "state.sqlite"));
  const timer = timerWake(() => void hub.run(), options.now);
  const hub = new Hub({
    db,
    topics: options.topics,
    outbound: createOutbound({ transport: nodeTransport(options.allowPrivate), allowPrivate: options.allowPrivate }),
    settings: options.settings,
    wake: timer.wake,
    ...(options.now && { now: options.now }),
    ...(options.log && { log: options.log }),
  });
  return {
    hub,
    route: {
      endpoint: (request, client) => answerHubRequest(hub, request, client),
      client: clientAddress,
      maxBodyBytes: options.settings.maxBodyBytes,
    },
    close: () => {
      timer.stop();
      db.close();
    },
  };
}

/** The peer's address; requests made in-process (`app.request`) have no socket and count as one client. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "local";
  } catch {
    return "local";
  }
}
