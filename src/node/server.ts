import type { AddressInfo } from "node:net";
import { describeBuildFailure } from "../build/build-error.js";
import { checkOutDir, lockOutDir } from "../build/out-dir.js";
import { terminalProgress } from "../build/progress.js";
import { buildOptionsFromEnv, buildOrExit } from "../build/site.js";
import { watchSite } from "../build/watch.js";
import { problemLines } from "../content/problem.js";
import { siteServer, warmUp } from "./http-server.js";
import { createNodeApp } from "./site-app.js";

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

// Run-time settings: process.env over what the build saw (the same rule as a Worker's vars).
const app = createNodeApp(options.outDir, process.env);
await warmUp(app);
// An HTTP/1.0 request may name no host: it is a request for this site.
const { server, serve } = siteServer(app, { host: new URL(output.manifest.site.baseUrl).host });
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
      const next = createNodeApp(options.outDir, process.env);
      serve(next);
      await warmUp(next);
      const changed = rebuilt.changed.length;
      console.log(
        `rebuilt in ${Math.round(ms)} ms: ${changed} item(s) changed, ${rebuilt.stats.published} posts served`,
      );
    },
    (message) => {
      console.error(message);
      console.error("not rebuilt: the last good build is still served.");
    },
  );
}

function report(problems: typeof output.problems): void {
  for (const line of problemLines(problems)) console.error(line);
}
