import { appendFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { buildSite } from "../src/compiler/build-site.js";
import { listPublicFiles } from "../src/compiler/public-files.js";

/**
 * One `buildSite` in a fresh process: prints its time and the process's peak RSS as one
 * JSON line. Arguments: postsDir publicDir outDir now(ISO) [file to edit]. With a file to
 * edit, it builds, appends a line to the file, and times the second build only, given
 * the first one's state in memory, its listing of the public folder (nothing changed there) and the
 * edited file as the one post file that changed: what `npm start` does when a post is saved.
 */
const [postsDir, publicDir, outDir, now, edit] = process.argv.slice(2) as [string, string, string, string, string?];
const options = { postsDir, publicDir, outDir, env: { SITE_URL: "http://127.0.0.1:8787" }, now: new Date(now) };
let previous: ReturnType<typeof buildSite> | undefined;
const publicFiles = edit ? listPublicFiles(publicDir) : undefined;
if (edit) {
  previous = buildSite({ ...options, publicFiles });
  appendFileSync(edit, "\nEdited while watched.\n");
}
const start = performance.now();
const cpu = process.cpuUsage();
// As the watch of `npm start` tells it, the edited file is the one post file that changed.
const postsTouched = edit ? new Set([relative(postsDir, edit).split(sep).join("/")]) : undefined;
const output = buildSite({ ...options, ...(previous && { previous: previous.state, publicFiles, postsTouched }) });
const ms = performance.now() - start;
const { user, system } = process.cpuUsage(cpu);
const errors = output.problems.filter((p) => p.severity === "error").length;
console.log(
  JSON.stringify({
    ms,
    // CPU time (user + system) of that build alone.
    cpuMs: (user + system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
    published: output.stats.published,
    changed: output.changed.length,
    errors,
    firstProblem: output.problems[0],
  }),
);
