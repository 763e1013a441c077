import type { AddressInfo } from "node:net";
import { terminalProgress } from "../build/progress.js";
import { buildOptionsFromEnv, buildSite } from "../build/site.js";
import { watchSite } from "../build/watch.js";
import { problemLines } from "../content/problem.js";
import { siteServer, warmUp } from "./http-server.js";
import { createNodeApp } from "./site-app.js";

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

const app = createNodeApp(options.outDir, hub);
await warmUp(app);
// An HTTP/1.0 request may name no host: it is a request for this site.
const { server, serve } = siteServer(app, { host: new URL(env.SITE_URL).host });
server.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`${output.stats.published} posts served at ${env.SITE_URL} (port ${actual})`);
});

if (!/^(0|false|no)$/i.test(process.env.WATCH ?? "")) {
  watchSite({ ...options, onProgress: () => {} }, output, async (rebuilt, ms) => {
    report(rebuilt.problems);
    // The files on disk are the new build's from now on: the old app must not read them.
    const next = createNodeApp(options.outDir, hub);
    serve(next);
    await warmUp(next);
    const changed = rebuilt.changed.length;
    console.log(`rebuilt in ${Math.round(ms)} ms: ${changed} item(s) changed, ${rebuilt.stats.published} posts served`);
  });
}

function report(problems: typeof output.problems): void {
  for (const line of problemLines(problems)) console.error(line);
}
