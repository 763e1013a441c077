import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generationsDir } from "../src/compiler/out-dir.js";
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
  /** The whole `node dist/node/bench/build-child.js` process (compiled, as `npm run build` runs). */
  processMs: number;
  maxRssKb: number;
  published: number;
  /** Items made anew. */
  changed: number;
}

let compiled = false;
/**
 * The bench's children compiled as `npm run build` compiles the CLI (scripts/compile.mjs, esbuild):
 * `dist/node/bench/NAME.js`. Compiled once per run.
 */
export function compiledChild(name: "build-child" | "floor-child"): string {
  if (!compiled) {
    execFileSync(process.execPath, ["scripts/compile.mjs", "bench/build-child.ts", "bench/floor-child.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
    });
    compiled = true;
  }
  return join(ROOT, "dist", "node", "bench", `${name}.js`);
}

/** One build of `postsDir` into `outDir` in a fresh process (with `edit`: the watched rebuild after editing it). */
export function buildOnce(
  postsDir: string,
  publicDir: string,
  outDir: string,
  timeoutMs: number,
  edit?: string,
  runner: "compiled" | "tsx" = "compiled",
): BuildSample {
  const script =
    runner === "tsx" ? ["--import", "tsx", join(BENCH_DIR, "build-child.ts")] : [compiledChild("build-child")];
  const args = [...script, postsDir, publicDir, outDir, BUILD_NOW, ...(edit ? [edit] : [])];
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
  publicDir: string;
  outDir: string;
  rounds: number;
  rebuildRounds: number;
  hugo?: { binary: string; dir: string; rounds: number };
  /** Run the plain-script floor beside each full build. */
  floor?: boolean;
  /** Full builds only (time and memory): no rebuilds (`--million`). */
  timeOnly?: boolean;
  timeoutMs: number;
}

const min = (s: number[]) => Math.min(...s);

/** The output folder and its generations: what a build from nothing starts without. */
export function removeBuild(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(generationsDir(outDir), { recursive: true, force: true });
}

/**
 * Part 2: full builds (time, peak RSS), a rebuild after editing one post, and Hugo on the
 * same posts. Times are the best of the rounds; the spread is shown.
 */
export function benchBuild(report: Report, plan: BuildPlan): void {
  const { group } = plan;
  // A full build starts with no output folder and no generations beside it (`.NAME.builds`, with
  // the lead images' facts): nothing from an earlier build to reuse.
  // Interleaved with the plain-script floor on the same corpus, so that both see the same load.
  const samples: BuildSample[] = [];
  const floor: FloorSample[] = [];
  for (let r = 0; r < plan.rounds; r++) {
    removeBuild(plan.outDir);
    samples.push(buildOnce(plan.postsDir, plan.publicDir, plan.outDir, plan.timeoutMs));
    if (plan.floor) floor.push(floorOnce(plan.postsDir, plan.publicDir, `${plan.outDir}-floor`, plan.timeoutMs));
  }
  rmSync(`${plan.outDir}-floor`, { recursive: true, force: true });
  if (samples[0]?.published !== plan.corpus.posts.length) {
    throw new Error(`${group}: ${samples[0]?.published} posts published of ${plan.corpus.posts.length}`);
  }

  let hugo: { ms: number[]; rss: number[] } | undefined;
  if (plan.hugo) {
    try {
      writeHugoSite(plan.corpus, plan.hugo.dir, plan.publicDir);
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
      metric: "build process (node, compiled JS, buildSite)",
      unit: "ms",
      ...(hugo && { baseline: { label: "hugo --quiet", value: min(hugo.ms) } }),
    },
    samples.map((s) => s.processMs),
    min,
  );
  if (floor.length > 0) {
    report.addRounds(
      {
        group,
        metric: "build process vs the plain-script floor",
        unit: "ms",
        baseline: {
          label: "floor process",
          value: min(floor.map((f) => f.processMs)),
          samples: floor.map((f) => f.processMs),
        },
      },
      samples.map((s) => s.processMs),
      min,
    );
    report.addRounds(
      { group, metric: "plain-script floor (bench/floor-child.ts) process", unit: "ms" },
      floor.map((f) => f.processMs),
      min,
    );
    report.addRounds(
      { group, metric: "plain-script floor peak RSS", unit: "MB" },
      floor.map((f) => f.maxRssKb / 1024),
      min,
    );
  }
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
  if (plan.timeOnly) return;
  if (hugo) report.addRounds({ group, metric: "hugo --quiet (same posts)", unit: "ms" }, hugo.ms, min);

  // Build again into the same folder, unchanged and after editing one post's body: as fast
  // as a full build unless the build reuses what the previous one left there.
  const unchanged = buildOnce(plan.postsDir, plan.publicDir, plan.outDir, plan.timeoutMs).ms;
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
    const sample = buildOnce(plan.postsDir, plan.publicDir, plan.outDir, plan.timeoutMs);
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
    watched.push(buildOnce(plan.postsDir, plan.publicDir, plan.outDir, plan.timeoutMs, file).ms);
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

interface FloorSample {
  ms: number;
  processMs: number;
  maxRssKb: number;
}

/** One run of the plain-script floor (bench/floor-child.ts, compiled) in a fresh process. */
export function floorOnce(postsDir: string, publicDir: string, outDir: string, timeoutMs: number): FloorSample {
  const { value: child, ms: processMs } = timed(() =>
    spawnSync(process.execPath, [compiledChild("floor-child"), postsDir, publicDir, outDir], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: timeoutMs,
    }),
  );
  if (child.error || child.status !== 0)
    throw new Error(`floor of ${postsDir}: ${child.error?.message ?? child.status} ${child.stderr.slice(-600)}`);
  const result = JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as { ms: number; maxRssKb: number };
  return { ms: result.ms, processMs, maxRssKb: result.maxRssKb };
}

/**
 * Start-up of one build process, compiled (`npm run build`) against through tsx (as before), on the
 * repository's sample posts: interleaved rounds, best of each.
 */
export function benchStartup(report: Report, outDir: string, rounds: number, timeoutMs: number): void {
  const compiled: number[] = [];
  const tsx: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [runner, list] of [
      ["compiled", compiled],
      ["tsx", tsx],
    ] as const) {
      removeBuild(outDir);
      const sample = buildOnce(join(ROOT, "posts"), join(ROOT, "public"), outDir, timeoutMs, undefined, runner);
      list.push(sample.processMs - sample.ms);
    }
  }
  removeBuild(outDir);
  report.addRounds(
    {
      group: "start-up",
      metric: "build process minus buildSite, compiled JS",
      unit: "ms",
      baseline: { label: "through tsx", value: min(tsx) },
    },
    compiled,
    min,
  );
}
