import { execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchBuild, benchStartup } from "./build.js";
import { coldRequest, reportCold } from "./cold.js";
import { generateCorpus, publicImages, writeCorpus, writePublic } from "./corpus.js";
import { hugoBinary, hugoVersion } from "./hugo.js";
import { parseOptions, sizeLabel } from "./options.js";
import { benchRelated } from "./related.js";
import { Report } from "./report.js";
import { benchServing } from "./serving.js";
import { listUrl, siteFacts } from "./site-facts.js";
import { soak } from "./soak.js";
import { killStarted, median, ROOT, timed } from "./util.js";
import { benchWebsub } from "./websub.js";
import { benchWorkerd } from "./workerd.js";

/**
 * `npm run bench [-- --small | --huge]`: builds, serving, cold requests, workerd and a soak,
 * on seeded corpora, all on 127.0.0.1. Prints one table and writes bench/results/latest.json.
 * Asserts no timing; exits 1 if a part failed or the soak saw a 5xx.
 */
const options = parseOptions(process.argv.slice(2), process.env);
const report = new Report();
const tmp = mkdtempSync(join(tmpdir(), "feedloom-bench-"));
const began = performance.now();
const loadBefore = loadavg()[0] ?? 0;
const log = (message: string) =>
  console.error(`bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s: ${message}`);

// Bounded: whatever happens, the run ends by the deadline with the figures taken so far.
// (Builds run synchronously: each gets at most the time left, see remainingMs.)
const deadline = began + options.deadlineS * 1000;
const remainingMs = () => Math.max(1000, Math.floor(deadline - performance.now()));
const abort = (why: string) => {
  console.error(`bench: ${why}; stopping`);
  killStarted();
  rmSync(tmp, { recursive: true, force: true });
  finish(why);
  process.exit(2);
};
setTimeout(() => abort(`deadline of ${options.deadlineS} s reached`), options.deadlineS * 1000).unref();
process.once("SIGINT", () => abort("interrupted"));
process.once("SIGTERM", () => abort("terminated"));

let failedParts = 0;
/** Runs one part; a failure is reported as a row, the run goes on, and the exit status is 1. */
async function part(group: string, name: string, fn: () => unknown): Promise<void> {
  if (options.skip.has(name)) return report.skip(group, name, "skipped");
  log(`${group} ${name}`);
  try {
    await fn();
  } catch (error) {
    const message = (error as Error).message.replace(/\s+/g, " ").slice(0, 300);
    log(`${group} ${name} failed: ${message}`);
    report.skip(group, name, `failed: ${message}`);
    failedParts++;
  }
}

const hugo = options.skip.has("hugo") ? undefined : hugoBinary();
if (!hugo && !options.skip.has("hugo")) report.skip("build", "hugo", "hugo not installed (apt-get install hugo)");
const images = publicImages(join(ROOT, "public"));

interface Site {
  size: number;
  label: string;
  /** Post slugs in corpus order (the corpus itself is let go after the build). */
  slugs: string[];
  outDir: string;
  built: boolean;
}
const sites: Site[] = [];
let fiveXx = 0;
try {
  await part("start-up", "startup", () =>
    benchStartup(report, join(tmp, "startup-site"), Math.max(2, options.buildRounds), remainingMs()),
  );
  for (const size of options.sizes) {
    const label = sizeLabel(size);
    const postsDir = join(tmp, `posts-${label}`);
    const publicDir = join(tmp, `public-${label}`);
    const { value: corpus, ms } = timed(() => {
      const c = generateCorpus(size, options.seed, images);
      writeCorpus(c, postsDir);
      writePublic(c, publicDir, join(ROOT, "public"));
      return c;
    });
    log(`corpus ${label}: ${size} posts and ${size} images written in ${ms.toFixed(0)} ms`);
    const slugs = corpus.posts.map((p) => p.slug);
    const site: Site = { size, label, slugs, outDir: join(tmp, `site-${label}`), built: false };
    sites.push(site);
    const group = `build ${label}`;
    await part(group, "related", () => benchRelated(report, group, corpus, size <= 10000 ? 3 : 1));
    // A 10k build takes about a minute, Hugo's more: fewer rounds there.
    const rounds = size <= 1000 ? options.buildRounds : size <= 10000 ? options.bigBuildRounds : 1;
    await part(group, "build", () => {
      benchBuild(report, {
        group,
        corpus,
        postsDir,
        publicDir,
        outDir: site.outDir,
        floor: !options.skip.has("floor"),
        timeOnly: options.mode === "million",
        rounds,
        rebuildRounds: size <= 10000 ? options.buildRounds : 1,
        // Hugo's related content is quadratic on Zipf tags too: one round past 1k, none past 10k.
        ...(hugo &&
          size <= 10000 && {
            hugo: {
              binary: hugo,
              dir: join(tmp, `hugo-${label}`),
              rounds: size <= 1000 ? rounds : options.hugoBigRounds,
            },
          }),
        timeoutMs: Math.min((size <= 10000 ? 10 : size <= 100000 ? 60 : 180) * 60_000, remainingMs()),
      });
      site.built = true;
    });
    if (hugo && size > 10000) report.skip(group, "hugo --quiet (same posts)", "not run past 10k (hours)");
    rmSync(join(tmp, `hugo-${label}`), { recursive: true, force: true });
  }

  const built = sites.filter((s) => s.built);
  const pick = (s: number[]) => median(s);
  let coldBase: { label: string; value: number } | undefined;
  let uncachedBase: { label: string; value: number } | undefined;
  for (const site of built) {
    const facts = siteFacts(site.outDir);
    const tag = facts.tags[1] ?? facts.tags[0];
    const path = tag ? `${listUrl(tag, "atom.xml")}?page=3` : "/atom.xml?page=3";
    // Page 3 of other lists, in all three formats: the first request for each in the process.
    const formats = ["atom.xml", "rss.xml", "feed.json"];
    const others = [...facts.tags.slice(2, 8), ...facts.categories.slice(0, 2), ...facts.authors.slice(0, 2)]
      .filter((list) => list.count > 2 * facts.itemsPerFeed)
      .map((list, i) => `${listUrl(list, formats[i % 3])}?page=3`);
    await part(`cold ${site.label}`, "cold", async () => {
      const result = await coldRequest(site.outDir, path, others, options.rounds);
      reportCold(report, `cold ${site.label}`, path, result, pick, coldBase, uncachedBase);
      coldBase ??= { label: `${site.label} cold`, value: pick(result.cold) };
      if (result.uncached.length > 0) uncachedBase ??= { label: site.label, value: pick(result.uncached) };
    });
  }

  const rssRps = new Map<string, number>();
  for (const site of built.filter((s) => s.size <= 10000)) {
    const facts = siteFacts(site.outDir);
    const post = site.slugs[Math.floor(site.size / 3)] ?? facts.recentSlugs[0] ?? "";
    await part(`serve ${site.label}`, "serve", async () => {
      const { rssRps: rps } = await benchServing(report, options, `serve ${site.label}`, site.outDir, facts, post, tmp);
      if (rps !== undefined) rssRps.set(site.label, rps);
    });
  }

  const first = built[0];
  if (first) {
    await part(`workerd ${first.label}`, "workerd", () =>
      benchWorkerd(report, options, `workerd ${first.label}`, first.outDir, tmp, rssRps.get(first.label)),
    );
  }

  if (first) {
    await part(`websub ${first.label}`, "websub", () =>
      benchWebsub(report, {
        group: `websub ${first.label}`,
        postsDir: join(tmp, `posts-${first.label}`),
        publicDir: join(tmp, `public-${first.label}`),
        tmp,
        subscribers: 1000,
        rounds: options.rounds,
      }),
    );
  }

  const largest = built.filter((s) => s.size <= 10000).pop();
  if (largest) {
    const facts = siteFacts(largest.outDir);
    const step = Math.max(1, Math.floor(largest.size / 150));
    const slugs = largest.slugs.filter((_, i) => i % step === 0);
    await part(`soak ${largest.label}`, "soak", async () => {
      ({ fiveXx } = await soak(report, options, `soak ${largest.label}`, largest.outDir, facts, slugs));
    });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

finish();
if (fiveXx > 0) {
  console.error(`bench: the soak got ${fiveXx} 5xx responses`);
  process.exitCode = 1;
}
if (failedParts > 0) {
  console.error(`bench: ${failedParts} part(s) failed (see the table)`);
  process.exitCode = 1;
}

/** Prints the table and writes the JSON: at the end, or with what there is when stopped early. */
function finish(stopped?: string): void {
  const wallS = (performance.now() - began) / 1000;
  console.log(report.table());
  console.log(
    `\nmode ${options.mode}, ${options.rounds} rounds, ${options.phaseS} s per load phase, ${options.connections} connections; ` +
      `builds: best of rounds, load: median of rounds; wall ${wallS.toFixed(0)} s; ` +
      `load average ${loadBefore.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end on ${cpus().length} CPUs` +
      (stopped ? `; STOPPED EARLY: ${stopped}` : ""),
  );
  const out = join(ROOT, "bench", "results", "latest.json");
  report.write(out, {
    date: new Date().toISOString(),
    wallSeconds: wallS,
    ...(stopped && { stopped }),
    options: { ...options, skip: [...options.skip] },
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      loadAverage: { start: loadBefore, end: loadavg()[0] },
      hugo: hugo && hugoVersion(hugo),
    },
    git: gitRevision(),
  });
  console.log(`figures: ${out}`);
}

function gitRevision(): string | undefined {
  try {
    return execSync("git rev-parse --short HEAD", {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}
