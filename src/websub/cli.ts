import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runtimeSettings, SettingsError } from "../config/site-config.js";
import { wranglerVars } from "../config/wrangler-vars.js";
import { FEED_FORMATS, formatList } from "../feed/formats.js";
import { HUB_PATH } from "../hub/settings.js";
import { createNodeApp } from "../node/site-app.js";
import { dataPath, type Manifest } from "../store/data-layout.js";
import { feedPath } from "../urls.js";
import { changedFeeds, type FeedState, notifyHub } from "./publish.js";

/**
 * `npm run ping`: after a deploy, tells the WebSub hub about every feed whose first page changed
 * since the last ping. The hub is the run-time setting `websubHub`, resolved exactly as the server
 * resolves it — the value the build saw (site.yaml, WEBSUB_HUB at build time) under the server's
 * own variables: process.env, or with `--wrangler` the `[vars]` of wrangler.toml (`--config`,
 * `--env` as wrangler takes them), as the Worker sees them (`npm run deploy` pings that way). The feeds are rendered with the same settings, so
 * the hub they advertise is the hub that is told. The state is kept in WEBSUB_STATE (default
 * `.websub-state.json`); a feed the hub did not accept, or that was not sent within the time
 * limit, is tried again next time. WEBSUB_TIMEOUT_MS (10 s) bounds one request, WEBSUB_TOTAL_MS
 * (60 s) all of them, WEBSUB_CONCURRENCY (8) how many run at once.
 * Without an external hub, the site's own `/hub` is told (on Workers, its Durable Object then
 * fetches each feed from the site and pushes it to the subscribers).
 */
const { values: args } = parseArgs({
  options: {
    wrangler: { type: "boolean", default: false },
    config: { type: "string", default: "wrangler.toml" },
    env: { type: "string" },
  },
});
const outDir = process.env.OUT_DIR || join("dist", "site");
const statePath = process.env.WEBSUB_STATE || ".websub-state.json";

const vars = args.wrangler ? await wranglerVars(args.config, args.env) : process.env;
let built: Record<string, unknown> = {};
try {
  built = JSON.parse(readFileSync(join(outDir, dataPath.runtime()), "utf8"));
} catch {
  // A site built before run-time settings were written: defaults and vars only.
}
let hub: string | undefined;
try {
  hub = runtimeSettings(vars, built).websubHub;
} catch (e) {
  if (!(e instanceof SettingsError)) throw e;
  console.error(e.message);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(join(outDir, dataPath.manifest()), "utf8")) as Manifest;
const app = createNodeApp(outDir, vars as Record<string, string | undefined>);
const current: FeedState = {};
for (const list of Object.values(manifest.lists)) {
  for (const format of formatList(FEED_FORMATS)) {
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
// Without an external hub, the site's own.
hub ??= `${manifest.site.baseUrl}${HUB_PATH}`;

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
