import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleOf, unpackBundle } from "../src/store/bundle.js";
import { dataPath, type Manifest } from "../src/store/data-layout.js";
import type { Corpus } from "./corpus.js";
import { hugoBuild, writeHugoSite } from "./hugo.js";
import type { Report } from "./report.js";
import { BENCH_DIR, ROOT, timed } from "./util.js";

/** Every corpus post is dated on or before 2026-10-31: all are published whatever the clock says. */
export const BUILD_NOW = "2026-11-01T00:00:00Z";

export interface BuildSample {
  /** `buildSite` alone, in the child. */
  ms: number;
  /** The whole `node --import tsx build-child.ts` process: what `npm run build` costs. */
  processMs: number;
  maxRssKb: number;
  published: number;
  /** Items made anew. */
  changed: number;
}

/** One build of `postsDir` into `outDir` in a fresh process (with `edit`: the watched rebuild after editing it). */
export function buildOnce(postsDir: string, outDir: string, timeoutMs: number, edit?: string): BuildSample {
  const args = [
    "--import",
    "tsx",
    join(BENCH_DIR, "build-child.ts"),
    postsDir,
    join(ROOT, "public"),
    outDir,
    BUILD_NOW,
    ...(edit ? [edit] : []),
  ];
  const { value: child, ms: processMs } = timed(() =>
    spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }),
  );
  if (child.error || child.status !== 0) {
    const why = child.error?.message ?? (child.signal ? `killed by ${child.signal}` : `exit ${child.status}`);
    throw new Error(`build of ${postsDir}: ${why} ${child.stderr.slice(-600)}`);
  }
  const line = child.stdout.trim().split("\n").pop() ?? "";
  const result = JSON.parse(line) as {
    ms: number;
    maxRssKb: number;
    published: number;
    changed: number;
    errors: number;
    firstProblem?: unknown;
  };
  if (result.errors > 0)
    throw new Error(`build of ${postsDir}: ${result.errors} errors, e.g. ${JSON.stringify(result.firstProblem)}`);
  return { ms: result.ms, processMs, maxRssKb: result.maxRssKb, published: result.published, changed: result.changed };
}

export interface BuildPlan {
  group: string;
  corpus: Corpus;
  postsDir: string;
  outDir: string;
  rounds: number;
  rebuildRounds: number;
  hugo?: { binary: string; dir: string; rounds: number };
  timeoutMs: number;
}

const min = (s: number[]) => Math.min(...s);

/**
 * Part 2: full builds (time, peak RSS), a rebuild after editing one post, and Hugo on the
 * same posts. Times are the best of the rounds; the spread is shown.
 */
export function benchBuild(report: Report, plan: BuildPlan): void {
  const { group } = plan;
  // A full build starts from an empty output folder: nothing from an earlier build to reuse.
  const samples: BuildSample[] = [];
  for (let r = 0; r < plan.rounds; r++) {
    rmSync(plan.outDir, { recursive: true, force: true });
    samples.push(buildOnce(plan.postsDir, plan.outDir, plan.timeoutMs));
  }
  if (samples[0]?.published !== plan.corpus.posts.length) {
    throw new Error(`${group}: ${samples[0]?.published} posts published of ${plan.corpus.posts.length}`);
  }

  let hugo: { ms: number[]; rss: number[] } | undefined;
  if (plan.hugo) {
    try {
      writeHugoSite(plan.corpus, plan.hugo.dir, join(ROOT, "public"));
      hugo = { ms: [], rss: [] };
      for (let r = 0; r < plan.hugo.rounds; r++) {
        const run = hugoBuild(plan.hugo.binary, plan.hugo.dir, plan.timeoutMs);
        hugo.ms.push(run.ms);
        if (run.maxRssKb) hugo.rss.push(run.maxRssKb / 1024);
      }
    } catch (error) {
      report.skip(group, "hugo --quiet (same posts)", `failed: ${(error as Error).message.slice(0, 200)}`);
      hugo = undefined;
    }
  }

  const full = report.addRounds(
    { group, metric: "buildSite (in process)", unit: "ms" },
    samples.map((s) => s.ms),
    min,
  );
  report.addRounds(
    {
      group,
      metric: "build process (node + tsx + buildSite)",
      unit: "ms",
      ...(hugo && { baseline: { label: "hugo --quiet", value: min(hugo.ms) } }),
    },
    samples.map((s) => s.processMs),
    min,
  );
  report.addRounds(
    {
      group,
      metric: "build peak RSS",
      unit: "MB",
      ...(hugo?.rss.length && { baseline: { label: "hugo", value: min(hugo.rss) } }),
    },
    samples.map((s) => s.maxRssKb / 1024),
    min,
  );
  if (hugo) report.addRounds({ group, metric: "hugo --quiet (same posts)", unit: "ms" }, hugo.ms, min);

  // Build again into the same folder, unchanged and after editing one post's body: as fast
  // as a full build unless the build reuses what the previous one left there.
  const unchanged = buildOnce(plan.postsDir, plan.outDir, plan.timeoutMs).ms;
  report.add({
    group,
    metric: "rebuild, nothing changed (same out dir)",
    unit: "ms",
    value: unchanged,
    ...(full.value !== null && { baseline: { label: "full", value: full.value } }),
  });
  const edited = plan.corpus.posts[Math.floor(plan.corpus.posts.length / 2)];
  if (!edited) return;
  const file = join(plan.postsDir, edited.file);
  const rebuilds: number[] = [];
  const changed: number[] = [];
  for (let r = 0; r < plan.rebuildRounds; r++) {
    writeFileSync(file, `${readFileSync(file, "utf8")}\nEdited for the rebuild benchmark, round ${r + 1}.\n`);
    const sample = buildOnce(plan.postsDir, plan.outDir, plan.timeoutMs);
    rebuilds.push(sample.ms);
    changed.push(sample.changed);
  }
  const manifest = JSON.parse(readFileSync(join(plan.outDir, dataPath.manifest()), "utf8")) as Manifest;
  const bundle = readFileSync(join(plan.outDir, dataPath.bundle(bundleOf(edited.slug, manifest.bundles))), "utf8");
  const applied = unpackBundle(bundle).get(edited.slug)?.includes(`round ${plan.rebuildRounds}.`) ?? false;
  report.addRounds(
    {
      group,
      metric: "rebuild after a 1-post edit (same out dir)",
      unit: "ms",
      ...(full.value !== null && { baseline: { label: "full", value: full.value } }),
      note: applied ? `items made anew: ${Math.max(...changed)}` : "the edit is NOT in the rebuilt output",
    },
    rebuilds,
    min,
  );
  const watched: number[] = [];
  for (let r = 0; r < plan.rebuildRounds; r++)
    watched.push(buildOnce(plan.postsDir, plan.outDir, plan.timeoutMs, file).ms);
  report.addRounds(
    {
      group,
      metric: "rebuild after a 1-post edit, state in memory (npm start watching)",
      unit: "ms",
      ...(full.value !== null && { baseline: { label: "full", value: full.value } }),
    },
    watched,
    min,
  );
}
