import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { load } from "./load.js";
import type { Options } from "./options.js";
import type { Report } from "./report.js";
import { get, HOST, median, ROOT, sleep, stopProcess, track } from "./util.js";

const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

/** No metrics, no banner (its update check), no Request.cf download: wrangler stays on loopback. */
const ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: "true",
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The project's wrangler.toml, pointed at the Worker source by absolute path and at our
 * build instead of dist/site (which belongs to the developer).
 */
function writeConfig(dir: string, siteDir: string): string {
  const project = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const config = project
    .replace(/^main\s*=.*$/m, `main = ${JSON.stringify(join(ROOT, "src", "worker", "index.ts"))}`)
    .replace(/^directory\s*=.*$/m, `directory = ${JSON.stringify(siteDir)}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, config);
  return path;
}

/** Part 5: `wrangler dev` cold start and /rss.xml throughput, and the deployable bundle's size. */
export async function benchWorkerd(
  report: Report,
  options: Options,
  group: string,
  siteDir: string,
  tmp: string,
  nodeRssRps: number | undefined,
): Promise<void> {
  const dir = join(tmp, "wrangler");
  const config = writeConfig(dir, siteDir);

  const port = await freePort();
  const inspector = await freePort();
  const started = performance.now();
  const args = ["dev", "--config", config, "--ip", HOST, "--port", String(port), "--inspector-port", String(inspector)];
  const child: ChildProcess = spawn(WRANGLER, [...args, "--show-interactive-dev-session=false"], {
    cwd: dir,
    env: ENV,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child, true);
  let log = "";
  child.stdout?.on("data", (d) => {
    log = (log + d).slice(-4000);
  });
  child.stderr?.on("data", (d) => {
    log = (log + d).slice(-4000);
  });
  try {
    let coldMs: number | undefined;
    const deadline = started + 120_000;
    while (performance.now() < deadline && child.exitCode === null) {
      const response = await get(port, "/rss.xml", {}, 10_000).catch(() => undefined);
      if (response?.status === 200) {
        coldMs = performance.now() - started;
        break;
      }
      await sleep(50);
    }
    if (coldMs === undefined) throw new Error(`wrangler dev did not answer 200 on /rss.xml: ${log.slice(-800)}`);
    report.add({ group, metric: "wrangler dev cold start (spawn → first 200 /rss.xml)", unit: "ms", value: coldMs });

    const spec = { path: "/rss.xml", connections: options.connections };
    await load(port, { ...spec, seconds: options.warmupS });
    const runs = [];
    const perRound = Math.max(1, Math.round(options.phaseS / options.rounds));
    for (let r = 0; r < options.rounds; r++) runs.push(await load(port, { ...spec, seconds: perRound }));
    const bad = runs.reduce((n, r) => n + r.errors + r.timeouts + (r.total - (r.statusCodes["200"] ?? 0)), 0);
    const rps = runs.map((r) => r.rps);
    report.addRounds(
      {
        group,
        metric: "/rss.xml req/s (Cache API hits)",
        unit: "req/s",
        ...(nodeRssRps !== undefined && { baseline: { label: "Node", value: nodeRssRps } }),
        ...(bad > 0 && { note: `${bad} errors or non-200` }),
      },
      rps,
      median,
    );
    report.addRounds(
      { group, metric: "/rss.xml p99", unit: "ms" },
      runs.map((r) => r.p99),
      median,
    );
    report.extra[group] = { coldMs, runs };
  } finally {
    await stopProcess(child, true);
  }

  const outdir = join(dir, "bundle");
  const dry = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir, "--config", config], {
    cwd: dir,
    env: ENV,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (dry.status !== 0) throw new Error(`wrangler deploy --dry-run failed: ${(dry.stderr || dry.stdout).slice(-800)}`);
  const code = readdirSync(outdir).filter((f) => /\.(m?js|wasm)$/.test(f));
  const raw = code.reduce((n, f) => n + statSync(join(outdir, f)).size, 0);
  const gzip = code.reduce((n, f) => n + gzipSync(readFileSync(join(outdir, f)), { level: 9 }).byteLength, 0);
  report.add({ group, metric: `bundle (${code.join(", ")}) raw`, unit: "KiB", value: raw / 1024 });
  report.add({
    group,
    metric: "bundle gzip -9",
    unit: "KiB",
    value: gzip / 1024,
    baseline: { label: "raw", value: raw / 1024 },
  });
}
