import { buildSite } from "../src/build/site.js";

/**
 * One `buildSite` in a fresh process: prints its time and the process's peak RSS as one
 * JSON line. Arguments: postsDir publicDir outDir now(ISO).
 */
const [postsDir, publicDir, outDir, now] = process.argv.slice(2) as [string, string, string, string];
const start = performance.now();
const output = buildSite({
  postsDir,
  publicDir,
  outDir,
  env: { SITE_URL: "http://127.0.0.1:8787" },
  now: new Date(now),
});
const ms = performance.now() - start;
const errors = output.problems.filter((p) => p.severity === "error").length;
console.log(
  JSON.stringify({
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    published: output.stats.published,
    errors,
    firstProblem: output.problems[0],
  }),
);
