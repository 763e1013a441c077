import { SettingsError } from "../config/site.js";
import { formatProblem } from "../content/problem.js";
import { terminalProgress } from "./progress.js";
import { buildOptionsFromEnv, buildSite } from "./site.js";

/** `npm run build`: checks the settings and every post, writes the compiled site, exits 1 on any error. */
const started = performance.now();
const progress = terminalProgress();
const options = { ...buildOptionsFromEnv(process.env), onProgress: progress.update };
let output: ReturnType<typeof buildSite>;
try {
  output = buildSite(options);
} catch (e) {
  progress.done();
  if (!(e instanceof SettingsError)) throw e;
  console.error(e.message);
  process.exit(1);
}
progress.done();
const { problems, stats, manifest } = output;
for (const problem of problems) console.error(formatProblem(problem));
const errors = problems.filter((p) => p.severity === "error").length;
const warnings = problems.length - errors;
const feeds = Object.keys(manifest.lists).length * 3;
console.log(
  `${stats.published} posts published (${stats.drafts} drafts, ${stats.scheduled} scheduled, ${stats.broken} broken), ` +
    `${feeds} feeds, ${errors} errors, ${warnings} warnings, ${Math.round(performance.now() - started)} ms → ${options.outDir}`,
);
process.exitCode = errors > 0 ? 1 : 0;
