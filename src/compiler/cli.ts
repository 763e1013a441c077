import { problemLines } from "../content/problem.js";
import { buildOptionsFromEnv, buildOrExit } from "./build-site.js";
import { terminalProgress } from "./progress.js";

/** `npm run build`: checks the settings and every post, writes the compiled site, exits 1 on any error. */
const started = performance.now();
const progress = terminalProgress();
const options = { ...buildOptionsFromEnv(process.env), onProgress: progress.update };
const { problems, stats, manifest } = buildOrExit(options, progress.done);
for (const line of problemLines(problems)) console.error(line);
const errors = problems.filter((p) => p.severity === "error").length;
const warnings = problems.length - errors;
const feeds = Object.keys(manifest.lists).length * 3;
console.log(
  `${stats.published} posts published (${stats.drafts} drafts, ${stats.scheduled} scheduled, ${stats.broken} broken), ` +
    `${feeds} feeds, ${errors} errors, ${warnings} warnings, ${Math.round(performance.now() - started)} ms → ${options.outDir}`,
);
process.exitCode = errors > 0 ? 1 : 0;
