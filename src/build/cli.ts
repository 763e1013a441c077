import { formatProblem } from "../content/problem.js";
import { describeBuildFailure } from "./build-error.js";
import { terminalProgress } from "./progress.js";
import { buildOptionsFromEnv, buildSite } from "./site.js";

/** `npm run build`: checks every post, writes the compiled site, exits 1 if any post is broken. */
const started = performance.now();
const progress = terminalProgress();
const options = { ...buildOptionsFromEnv(process.env), onProgress: progress.update };
let output: ReturnType<typeof buildSite>;
try {
  output = buildSite(options);
} catch (e) {
  progress.done();
  console.error(describeBuildFailure(e));
  process.exit(1);
}
const { problems, stats, manifest } = output;
progress.done();
for (const problem of problems) console.error(formatProblem(problem));
const errors = problems.filter((p) => p.severity === "error").length;
const warnings = problems.length - errors;
const feeds = Object.keys(manifest.lists).length * 3;
console.log(
  `${stats.published} posts published (${stats.drafts} drafts, ${stats.scheduled} scheduled, ${stats.broken} broken), ` +
    `${feeds} feeds, ${errors} errors, ${warnings} warnings, ${Math.round(performance.now() - started)} ms → ${options.outDir}`,
);
process.exitCode = errors > 0 ? 1 : 0;
