import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describeBuildFailure } from "../compiler/build-error.js";
import { buildOptionsFromEnv, buildOrExit } from "../compiler/build-site.js";
import { checkOutDir, lockOutDir } from "../compiler/out-dir.js";
import { terminalProgress } from "../compiler/progress.js";
import { watchSite } from "../compiler/watch.js";
import { runtimeSettings } from "../config/runtime.js";
import { problemLines } from "../content/problem.js";
import { allowPrivateAddresses, hubSettingsFrom } from "../hub/settings.js";
import { appTopics } from "../hub/topics.js";
import { dataPath } from "../store/data-layout.js";
import { openNodeFederation } from "./activitypub.js";
import { siteServer, warmUp } from "./http-server.js";
import { openNodeHub } from "./hub.js";
import { createNodeSite } from "./site-app.js";
import { NoSqlite } from "./sqlite.js";

/**
 * `npm start`: builds the site from `posts/` and `site.yaml` (reporting broken posts, serving the
 * valid ones; refusing to start on an invalid setting) and serves it over HTTP from the compiled
 * files on disk. Unless WATCH=false, an edit in `posts/`, `public/` or `site.yaml` rebuilds what
 * changed and serves the new site.
 */
const port = Number(process.env.PORT || 8787);
const progress = terminalProgress();
const options = {
  ...buildOptionsFromEnv(process.env),
  // Links point at this server unless site.yaml or SITE_URL say where the site lives.
  fallback: { baseUrl: `http://localhost:${port}` },
  onProgress: progress.update,
};
try {
  // The output is this server's for as long as it runs: no other build or server writes it meanwhile.
  checkOutDir(options);
  lockOutDir(options.outDir, `npm start (posts from ${options.postsDir})`);
} catch (e) {
  progress.done();
  console.error(describeBuildFailure(e));
  process.exit(1);
}
const output = buildOrExit(options, progress.done, "not started: fix the above.");
// So that the lock is given back (on "exit") when the server is stopped.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));
report(output.problems);
if (output.stats.broken > 0) console.error(`${output.stats.broken} broken post(s) left out; the others are served.`);

// The site's own WebSub hub, unless the run-time setting websubHub (site.yaml, WEBSUB_HUB) names an
// external one. It reads topics from the app currently served, so subscribers get exactly the bytes readers get.
const built = JSON.parse(readFileSync(join(options.outDir, dataPath.runtime()), "utf8"));
const externalHub = runtimeSettings(process.env, built).websubHub;
let current: ReturnType<typeof createNodeSite> | undefined;
const ownHub = externalHub ? undefined : await openOwnHub();
const fediverse = await openFederation();
current = createNodeSite(options.outDir, process.env, ownHub?.route, fediverse?.route);
await warmUp(current.app);
// An HTTP/1.0 request may name no host: it is a request for this site.
const { server, serve } = siteServer(current.app, { host: new URL(output.manifest.site.baseUrl).host });
server.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`${output.stats.published} posts served at ${output.manifest.site.baseUrl} (port ${actual})`);
});

if (!/^(0|false|no)$/i.test(process.env.WATCH ?? "")) {
  watchSite(
    { ...options, onProgress: () => {} },
    output,
    async (rebuilt, ms) => {
      report(rebuilt.problems);
      // The files on disk are the new build's from now on: the old app must not read them.
      const next = createNodeSite(options.outDir, process.env, ownHub?.route, fediverse?.route);
      current = next;
      serve(next.app);
      await warmUp(next.app);
      const changed = rebuilt.changed.length;
      console.log(
        `rebuilt in ${Math.round(ms)} ms: ${changed} item(s) changed, ${rebuilt.stats.published} posts served`,
      );
      await distribute();
      await federate();
    },
    (message) => {
      console.error(message);
      console.error("not rebuilt: the last good build is still served.");
    },
  );
}

// After the watcher is set up (synchronously, before "served at" is logged): an edit from now on is seen.
// Posts may have changed while the server was down; retries left by the last run are due.
await distribute();
await federate();

async function openOwnHub() {
  const site = () => current as NonNullable<typeof current>;
  try {
    return await openNodeHub({
      dataDir: process.env.DATA_DIR || "data",
      topics: appTopics(
        () => site().store.manifest(),
        (path) => Promise.resolve(site().app.request(path)),
      ),
      settings: hubSettingsFrom(process.env),
      allowPrivate: allowPrivateAddresses(process.env),
    });
  } catch (error) {
    if (!(error instanceof NoSqlite)) throw error;
    console.error(`${error.message}; feeds advertise no hub.`);
    return undefined;
  }
}

/** Queues every subscribed topic whose bytes changed, then delivers in the background (slow subscribers hold up nothing). */
async function distribute(): Promise<void> {
  if (!ownHub) return;
  const queued = await ownHub.hub.publish(ownHub.hub.subscribedTopics());
  if (queued > 0) console.log(`websub: ${queued} deliveries queued`);
  ownHub.hub.run().catch((error) => console.error("websub:", error));
}

/** The site's fediverse actor, its state in DATA_DIR (src/activitypub/). */
async function openFederation() {
  try {
    return await openNodeFederation({
      dataDir: process.env.DATA_DIR || "data",
      store: () => (current as NonNullable<typeof current>).store,
      allowPrivate: allowPrivateAddresses(process.env),
    });
  } catch (error) {
    if (!(error instanceof NoSqlite)) throw error;
    console.error(`${error.message}; the site is not followable from the fediverse.`);
    return undefined;
  }
}

/** Sends followers a Create, Update or Delete for each post the build added, changed or removed. */
async function federate(): Promise<void> {
  if (!fediverse || !current) return;
  try {
    const { created, updated, deleted, baseline } = await fediverse.federation.sync(current.store);
    if (baseline) console.log("activitypub: published set recorded; later changes are sent to followers");
    else if (created + updated + deleted > 0)
      console.log(`activitypub: ${created} created, ${updated} updated, ${deleted} deleted; sending to followers`);
  } catch (error) {
    // The site is served either way; the next rebuild compares again.
    console.error("activitypub: sync failed:", error);
  }
  fediverse.federation.deliveries.run().catch((error) => console.error("activitypub:", error));
}

function report(problems: typeof output.problems): void {
  for (const line of problemLines(problems)) console.error(line);
}
