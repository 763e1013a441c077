import type { AddressInfo } from "node:net";
import { terminalProgress } from "../build/progress.js";
import { buildOptionsFromEnv, buildSite } from "../build/site.js";
import { formatProblem } from "../content/problem.js";
import { siteServer, warmUp } from "./http-server.js";
import { createNodeApp } from "./site-app.js";

/**
 * `npm start`: builds the site from `posts/` (reporting broken posts, serving the
 * valid ones) and serves it over HTTP from the compiled files on disk.
 */
const port = Number(process.env.PORT || 8787);
const env = { ...process.env, SITE_URL: process.env.SITE_URL || `http://localhost:${port}` };
const progress = terminalProgress();
const options = { ...buildOptionsFromEnv(env), onProgress: progress.update };
const { problems, stats } = buildSite(options);
progress.done();
for (const problem of problems) console.error(formatProblem(problem));
if (stats.broken > 0) console.error(`${stats.broken} broken post(s) left out; the others are served.`);

const app = createNodeApp(options.outDir, process.env.WEBSUB_HUB || undefined);
await warmUp(app);
const server = siteServer(app);
server.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`${stats.published} posts served at ${env.SITE_URL} (port ${actual})`);
});
