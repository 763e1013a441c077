import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { advertisedHub } from "../hub/settings.js";
import { createNodeApp } from "../node/site-app.js";
import { dataPath, type Manifest } from "../store/layout.js";
import { type FeedFormat, feedPath } from "../urls.js";
import { changedFeeds, type FeedState, notifyHub } from "./publish.js";

/**
 * `npm run ping`: after a deploy, tells the WebSub hub about every feed whose first page changed
 * since the last ping: WEBSUB_HUB when set, else the site's own `/hub` (on Workers, its Durable
 * Object then fetches each feed from the site and pushes it to the subscribers). The state is kept
 * in WEBSUB_STATE (default `.websub-state.json`); a feed the hub did not accept is tried again next time.
 */
const outDir = process.env.OUT_DIR || join("dist", "site");
const statePath = process.env.WEBSUB_STATE || ".websub-state.json";

const manifest = JSON.parse(readFileSync(join(outDir, dataPath.manifest()), "utf8")) as Manifest;
// The same hub the served feeds name, so the bytes compared here are the served ones.
const hub = advertisedHub(process.env, manifest.site.baseUrl);
const app = createNodeApp(outDir, hub);
const current: FeedState = {};
for (const list of Object.values(manifest.lists)) {
  for (const format of ["rss", "atom", "json"] as FeedFormat[]) {
    const path = feedPath(list, format);
    const response = await app.request(path);
    await response.arrayBuffer();
    current[manifest.site.baseUrl + path] = response.headers.get("etag") ?? "";
  }
}

let previous: FeedState = {};
try {
  previous = JSON.parse(readFileSync(statePath, "utf8")) as FeedState;
} catch {
  // First ping: every feed is new.
}
const changed = changedFeeds(previous, current);

const results = await notifyHub(hub, changed);
const next: FeedState = { ...previous };
for (const result of results) {
  if (result.ok) next[result.url] = current[result.url] as string;
  else console.error(`hub refused ${result.url}: ${result.status}`);
}
writeFileSync(statePath, `${JSON.stringify(next, null, 2)}\n`);
const failed = results.filter((r) => !r.ok).length;
console.log(
  `${results.length - failed} of ${Object.keys(current).length} feeds published to ${hub} (${failed} failed)`,
);
process.exitCode = failed > 0 ? 1 : 0;
