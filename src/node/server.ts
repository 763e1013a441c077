import type { AddressInfo } from "node:net";
import { describeBuildFailure } from "../build/build-error.js";
import { checkOutDir, lockOutDir } from "../build/out-dir.js";
import { terminalProgress } from "../build/progress.js";
import { buildOptionsFromEnv, buildSite } from "../build/site.js";
import { watchSite } from "../build/watch.js";
import { formatProblem } from "../content/problem.js";
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
let output: ReturnType<typeof buildSite>;
try {
  // The output is this server's for as long as it runs: no other build or server writes it meanwhile.
  checkOutDir(options);
  lockOutDir(options.outDir, `npm start (posts from ${options.postsDir})`);
  output = buildSite(options);
} catch (e) {
  progress.done();
  console.error(describeBuildFailure(e));
  process.exit(1);
}
progress.done();
// So that the lock is given back (on "exit") when the server is stopped.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));
report(output.problems);
if (output.stats.broken > 0) console.error(`${output.stats.broken} broken post(s) left out; the others are served.`);

const app = createNodeApp(options.outDir, hub);
await warmUp(app);
const { server, serve } = siteServer(app);
server.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`${output.stats.published} posts served at ${env.SITE_URL} (port ${actual})`);
});

if (!/^(0|false|no)$/i.test(process.env.WATCH ?? "")) {
  watchSite(
    { ...options, onProgress: () => {} },
    output,
    async (rebuilt, ms) => {
      report(rebuilt.problems);
      // The files on disk are the new build's from now on: the old app must not read them.
      const next = createNodeApp(options.outDir, hub);
      serve(next);
      await warmUp(next);
      const changed = rebuilt.changed.length;
      console.log(
        `rebuilt in ${Math.round(ms)} ms: ${changed} item(s) changed, ${rebuilt.stats.published} posts served`,
      );
    },
    (message) => {
      console.error(message);
      console.error("rebuild failed: still serving the last good build");
    },
  );
}

function report(problems: typeof output.problems): void {
  for (const problem of problems) console.error(formatProblem(problem));
}
