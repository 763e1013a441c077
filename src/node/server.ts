import type { AddressInfo } from "node:net";
import { terminalProgress } from "../build/progress.js";
import { buildOptionsFromEnv, buildSite } from "../build/site.js";
import { watchSite } from "../build/watch.js";
import { formatProblem } from "../content/problem.js";
import { allowPrivateAddresses, hubSettingsFrom } from "../hub/settings.js";
import { appTopics } from "../hub/topics.js";
import { siteServer, warmUp } from "./http-server.js";
import { openNodeHub } from "./hub.js";
import { createNodeSite } from "./site-app.js";
import { NoSqlite } from "./sqlite.js";

/**
 * `npm start`: builds the site from `posts/` (reporting broken posts, serving the
 * valid ones) and serves it over HTTP from the compiled files on disk. Unless WATCH=false,
 * an edit in `posts/` or `public/` rebuilds what changed and serves the new site.
 */
const port = Number(process.env.PORT || 8787);
const env = { ...process.env, SITE_URL: process.env.SITE_URL || `http://localhost:${port}` };
const hub = process.env.WEBSUB_HUB || undefined;
const progress = terminalProgress();
const options = { ...buildOptionsFromEnv(env), onProgress: progress.update };
const output = buildSite(options);
progress.done();
report(output.problems);
if (output.stats.broken > 0) console.error(`${output.stats.broken} broken post(s) left out; the others are served.`);

// The site's own WebSub hub, unless WEBSUB_HUB names an external one. It reads topics from the
// app currently served, so subscribers get exactly the bytes readers get.
let current: ReturnType<typeof createNodeSite> | undefined;
const ownHub = hub ? undefined : await openOwnHub();
current = createNodeSite(options.outDir, hub, ownHub?.route);
await warmUp(current.app);
const { server, serve } = siteServer(current.app);
server.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`${output.stats.published} posts served at ${env.SITE_URL} (port ${actual})`);
});

if (!/^(0|false|no)$/i.test(process.env.WATCH ?? "")) {
  watchSite({ ...options, onProgress: () => {} }, output, async (rebuilt, ms) => {
    report(rebuilt.problems);
    // The files on disk are the new build's from now on: the old app must not read them.
    const next = createNodeSite(options.outDir, hub, ownHub?.route);
    current = next;
    serve(next.app);
    await warmUp(next.app);
    const changed = rebuilt.changed.length;
    console.log(`rebuilt in ${Math.round(ms)} ms: ${changed} item(s) changed, ${rebuilt.stats.published} posts served`);
    await distribute();
  });
}

// After the watcher is set up (synchronously, before "served at" is logged): an edit from now on is seen.
// Posts may have changed while the server was down; retries left by the last run are due.
await distribute();

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

function report(problems: typeof output.problems): void {
  for (const problem of problems) console.error(formatProblem(problem));
}
