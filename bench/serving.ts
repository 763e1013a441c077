import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Fixture } from "./bare.js";
import { type LoadResult, load } from "./load.js";
import type { Options } from "./options.js";
import type { Report } from "./report.js";
import { listUrl, type SiteFacts } from "./site-facts.js";
import { type Child, get, median, startChild } from "./util.js";

interface Target {
  name: string;
  path: string;
  gzip?: boolean;
  /** Revalidation: sent with If-None-Match = the full response's ETag; expects 304. */
  revalidate?: boolean;
}

/** Headers that belong to the connection or the moment, not to the response. */
const HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);
const own = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !HOP.has(k)));

export function servingTargets(facts: SiteFacts, postSlug: string): Target[] {
  const tag = facts.tags[0];
  const lastPage = Math.max(1, Math.ceil(facts.posts / facts.itemsPerFeed));
  return [
    { name: "/rss.xml", path: "/rss.xml" },
    { name: "/rss.xml gzip", path: "/rss.xml", gzip: true },
    ...(tag ? [{ name: `tag atom (${tag.count} posts)`, path: listUrl(tag, "atom.xml") }] : []),
    { name: "/feed.json", path: "/feed.json" },
    { name: "post page", path: `/posts/${encodeURIComponent(postSlug)}` },
    { name: `deep archive rss page ${lastPage}`, path: lastPage > 1 ? `/rss.xml?page=${lastPage}` : "/rss.xml" },
    { name: "304 /rss.xml", path: "/rss.xml", revalidate: true },
  ];
}

/** The response our server gives, as a fixture the bare server replays byte for byte. */
async function fixtureOf(port: number, target: Target): Promise<Fixture> {
  const accept: Record<string, string> = target.gzip ? { "accept-encoding": "gzip" } : {};
  const full = await get(port, target.path, accept);
  if (full.status !== 200) throw new Error(`GET ${target.path}: ${full.status}, expected 200`);
  const fixture: Fixture = {
    path: target.path,
    gzip: Boolean(target.gzip),
    status: full.status,
    headers: own(full.headers),
    body: full.body.toString("base64"),
  };
  const etag = full.headers.etag;
  if (etag) {
    const again = await get(port, target.path, { ...accept, "if-none-match": etag });
    if (again.status !== 304) throw new Error(`GET ${target.path} If-None-Match: ${again.status}, expected 304`);
    fixture.etag = etag;
    fixture.notModifiedHeaders = own(again.headers);
  }
  return fixture;
}

/** A load run with the server's own CPU time per response (user + system, µs). */
type Run = LoadResult & { cpuUs: number };

/**
 * One load run on `server`, with the CPU time it spent meanwhile: on 2 shared cores autocannon
 * is often the limit of req/s (it may be of both servers'), while CPU per response is the
 * server's own cost whatever the client manages.
 */
async function measured(server: Child, spec: Parameters<typeof load>[1]): Promise<Run> {
  const cpu = async () => {
    const { user, system } = await server.ask<{ user: number; system: number }>({ type: "cpu" });
    return user + system;
  };
  const before = await cpu();
  const result = await load(server.port, spec);
  return { ...result, cpuUs: result.total > 0 ? ((await cpu()) - before) / result.total : Number.NaN };
}

function headersFor(target: Target, fixture: Fixture): Record<string, string> {
  return {
    ...(target.gzip && { "accept-encoding": "gzip" }),
    ...(target.revalidate && fixture.etag && { "if-none-match": fixture.etag }),
  };
}

/**
 * Part 3: each endpoint under load on our server and on a bare node:http server replaying
 * the same bytes and headers, both in child processes; rounds alternate between the two.
 * Returns the rps of /rss.xml for later baselines.
 */
export async function benchServing(
  report: Report,
  options: Options,
  group: string,
  outDir: string,
  facts: SiteFacts,
  postSlug: string,
  tmp: string,
): Promise<{ rssRps?: number }> {
  const targets = servingTargets(facts, postSlug);
  let ours: Child | undefined;
  let bare: Child | undefined;
  const out: { rssRps?: number } = {};
  try {
    ours = await startChild("serve.ts", [outDir]);
    const fixtures = new Map<Target, Fixture>();
    for (const target of targets) fixtures.set(target, await fixtureOf(ours.port, target));
    const file = join(tmp, `fixtures-${group.replace(/\W+/g, "-")}.json`);
    writeFileSync(
      file,
      JSON.stringify([...new Map([...fixtures.values()].map((f) => [`${f.gzip} ${f.path}`, f])).values()]),
    );
    bare = await startChild("bare.ts", [file]);
    for (const [target, fixture] of fixtures) {
      const check = await get(bare.port, target.path, headersFor(target, fixture));
      const want = target.revalidate ? 304 : 200;
      if (check.status !== want || (want === 200 && check.body.toString("base64") !== fixture.body)) {
        throw new Error(`bare server: ${target.path} does not replay our response`);
      }
    }

    // Warm-up: every endpoint, on both servers, before any figure is taken.
    const all = targets.map((t) => ({
      method: "GET" as const,
      path: t.path,
      headers: headersFor(t, fixtures.get(t) as Fixture),
    }));
    for (const server of [ours, bare]) {
      await load(server.port, { requests: all, seconds: options.warmupS, connections: options.connections });
    }

    const perRound = Math.max(1, Math.round(options.phaseS / options.rounds));
    const results = new Map<string, { ours: Run[]; bare: Run[] }>();
    for (const target of targets) {
      const fixture = fixtures.get(target) as Fixture;
      const spec = { path: target.path, headers: headersFor(target, fixture), connections: options.connections };
      const runs = { ours: [] as Run[], bare: [] as Run[] };
      for (let r = 0; r < options.rounds; r++) {
        runs.ours.push(await measured(ours, { ...spec, seconds: perRound }));
        runs.bare.push(await measured(bare, { ...spec, seconds: perRound }));
      }
      results.set(target.name, runs);
      const want = String(target.revalidate ? 304 : 200);
      const unexpected = runs.ours.flatMap((r) => Object.keys(r.statusCodes).filter((c) => c !== want));
      const errors = runs.ours.reduce((a, r) => a + r.errors + r.timeouts, 0);
      const note = [
        unexpected.length ? `unexpected status ${[...new Set(unexpected)].join(",")}` : "",
        errors ? `${errors} socket errors` : "",
      ]
        .filter(Boolean)
        .join("; ");
      const size = target.revalidate ? "" : ` ${(Buffer.from(fixture.body, "base64").byteLength / 1024).toFixed(0)} kB`;
      const base = (metric: keyof Run, unit: string, label: string) =>
        report.addRounds(
          {
            group,
            metric: label,
            unit,
            baseline: {
              label: "bare",
              value: median(runs.bare.map((r) => r[metric] as number)),
              samples: runs.bare.map((r) => r[metric] as number),
            },
            ...(note && { note }),
          },
          runs.ours.map((r) => r[metric] as number),
          median,
        );
      const rps = base("rps", "req/s", `${target.name}${size} req/s`);
      base("p50", "ms", `${target.name} p50`);
      base("p99", "ms", `${target.name} p99`);
      base("cpuUs", "µs", `${target.name} server CPU per response`);
      if (target.name === "/rss.xml" && rps.value !== null) out.rssRps = rps.value;
    }
    const full = results.get("/rss.xml");
    const notModified = results.get("304 /rss.xml");
    if (full && notModified) {
      report.add({
        group,
        metric: "304 vs full 200 /rss.xml req/s",
        unit: "req/s",
        value: median(notModified.ours.map((r) => r.rps)),
        baseline: { label: "full", value: median(full.ours.map((r) => r.rps)) },
      });
    }
    report.extra[group] = Object.fromEntries(results);
  } finally {
    await ours?.stop();
    await bare?.stop();
  }
  return out;
}
