import type { HubRoute } from "../../src/http/routes/hub.js";
import { DEFAULT_HUB_SETTINGS } from "../../src/hub/settings.js";

/**
 * The site's own hub as the walk of the site sees it: advertised by every feed, as the Worker's
 * is, so Node and Worker serve the same bytes. The walk sends no POST to /hub; the hub itself is
 * tested in test/hub, test/node and test/worker.
 */
export const WALK_HUB: HubRoute = {
  endpoint: async () => new Response("not in the walk\n", { status: 404 }),
  client: () => "walk",
  maxBodyBytes: DEFAULT_HUB_SETTINGS.maxBodyBytes,
};
