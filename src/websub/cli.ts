import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createNodeApp } from "../node/site-app.js";
import { dataPath, type Manifest } from "../store/layout.js";
import { type FeedFormat, feedPath } from "../urls.js";
import { changedFeeds, type FeedState, notifyHub } from "./publish.js";

/**
 * `npm run ping`: after a deploy, tells the WebSub hub (WEBSUB_HUB) about every feed whose
 * first page changed since the last ping. The state is kept in WEBSUB_STATE
 * (default `.websub-state.json`); a feed the hub did not accept, or that was not sent within
 * the time limit, is tried again next time. WEBSUB_TIMEOUT_MS (10 s) bounds one request,
 * WEBSUB_TOTAL_MS (60 s) all of them, WEBSUB_CONCURRENCY (8) how many run at once.
 */
const outDir = process.env.OUT_DIR || join("dist", "site");
const hub = process.env.WEBSUB_HUB;
const statePath = process.env.WEBSUB_STATE || ".websub-state.json";

const manifest = JSON.parse(readFileSync(join(outDir, dataPath.manifest()), "utf8")) as Manifest;
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
if (!hub) {
  console.log(`${changed.length} feeds changed; no WEBSUB_HUB configured, nobody notified.`);
  process.exit(0);
}

const results = await notifyHub(hub, changed, {
  concurrency: positive("WEBSUB_CONCURRENCY", 8),
  timeoutMs: positive("WEBSUB_TIMEOUT_MS", 10_000),
  totalMs: positive("WEBSUB_TOTAL_MS", 60_000),
});
const next: FeedState = { ...previous };
for (const result of results) {
  if (result.ok) next[result.url] = current[result.url] as string;
  else console.error(`not published: ${result.url}: ${result.status}`);
}
writeFileSync(statePath, `${JSON.stringify(next, null, 2)}\n`);
const failed = results.filter((r) => !r.ok).length;
console.log(
  `${results.length - failed} of ${Object.keys(current).length} feeds published to ${hub} (${failed} failed)`,
);
process.exitCode = failed > 0 ? 1 : 0;

/** A whole number from the environment, or `fallback` when unset. */
function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number from 1, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}
