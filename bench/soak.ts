import type autocannon from "autocannon";
import { mulberry32 } from "./corpus.js";
import { load } from "./load.js";
import type { Options } from "./options.js";
import type { Report } from "./report.js";
import { listUrl, type SiteFacts } from "./site-facts.js";
import { type Child, get, startChild } from "./util.js";

interface MixEntry {
  path: string;
  headers?: Record<string, string>;
  /** Revalidate with the ETag our server gives this path (fetched before the soak). */
  revalidate?: boolean;
  expect: number;
}

const FILES = ["rss.xml", "atom.xml", "feed.json"];

/** Every kind of route, good and bad: feeds, pages, archive pages, 304s, gzip, static files, 404s, 400s, 301s. */
function mix(facts: SiteFacts, postSlugs: string[], seed: number): MixEntry[] {
  const rand = mulberry32(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T;
  const lists = [...facts.tags.slice(0, 20), ...facts.categories, ...facts.authors.slice(0, 10)];
  const entries: MixEntry[] = [];
  for (const file of FILES) {
    entries.push(
      { path: `/${file}`, expect: 200 },
      { path: `/${file}`, expect: 200, headers: { "accept-encoding": "gzip" } },
    );
    entries.push({ path: `/${file}`, expect: 304, revalidate: true });
  }
  for (let i = 0; i < 60; i++) {
    const list = pick(lists);
    const limit = pick([facts.itemsPerFeed, 10, 50, 100]);
    const pages = Math.max(1, Math.ceil(list.count / limit));
    const page = 1 + Math.floor(rand() * pages);
    const query = new URLSearchParams();
    if (page > 1) query.set("page", String(page));
    if (limit !== facts.itemsPerFeed) query.set("limit", String(limit));
    const q = query.toString() ? `?${query}` : "";
    entries.push({ path: `${listUrl(list, pick(FILES))}${q}`, expect: 200 });
    if (i % 3 === 0) entries.push({ path: `${listUrl(list)}${q}`, expect: 200 });
  }
  for (const list of lists.slice(0, 8))
    entries.push({ path: listUrl(list, "atom.xml"), expect: 304, revalidate: true });
  for (const slug of postSlugs) entries.push({ path: `/posts/${encodeURIComponent(slug)}`, expect: 200 });
  entries.push({ path: `/posts/${encodeURIComponent(postSlugs[0] ?? "x")}`, expect: 304, revalidate: true });
  entries.push({ path: "/", expect: 200 }, { path: "/opml.xml", expect: 200 }, { path: "/site.css", expect: 200 });
  for (let i = 0; i < 8; i++) {
    entries.push(
      { path: `/no-such-page-${i}`, expect: 404 },
      { path: `/posts/no-such-post-${i}`, expect: 404 },
      { path: `/tags/no-such-tag-${i}/rss.xml`, expect: 404 },
    );
  }
  for (const q of ["page=0", "limit=1000", "page=abc", "page=1&page=2", "limit=0", "page=-1"]) {
    entries.push({ path: `/rss.xml?${q}`, expect: 400 }, { path: `/feed.json?${q}`, expect: 400 });
  }
  entries.push({ path: "/feed", expect: 301 }, { path: `/rss.xml?limit=${facts.itemsPerFeed}`, expect: 301 });
  // A fixed shuffle, so every connection walks the same varied sequence.
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [entries[i], entries[j]] = [entries[j] as MixEntry, entries[i] as MixEntry];
  }
  return entries;
}

/**
 * Part 6: mixed traffic for `soakS` seconds on a fresh server; 5xx must be 0. The server's
 * RSS is sampled over IPC, and compared between the first and the last seconds.
 */
export async function soak(
  report: Report,
  options: Options,
  group: string,
  outDir: string,
  facts: SiteFacts,
  postSlugs: string[],
) {
  let server: Child | undefined;
  const samples: { t: number; rss: number; heapUsed: number }[] = [];
  try {
    server = await startChild("serve.ts", [outDir]);
    const entries = mix(facts, postSlugs, options.seed);
    const mismatches = new Map<string, number>();
    const headers: Record<string, string>[] = [];
    for (const entry of entries) {
      const h = { ...entry.headers };
      if (entry.revalidate) {
        const etag = (await get(server.port, entry.path, entry.headers)).headers.etag;
        if (etag) h["if-none-match"] = etag;
      }
      headers.push(h);
    }
    // One request template that draws a random URL of the mix each time (seeded), so every
    // connection covers the whole mix in any duration; the context remembers which it was.
    const rand = mulberry32(options.seed + 1);
    const requests: autocannon.Request[] = [
      {
        method: "GET",
        setupRequest: (request, context) => {
          const i = Math.floor(rand() * entries.length);
          (context as { i?: number }).i = i;
          return { ...request, method: "GET", path: (entries[i] as MixEntry).path, headers: headers[i] };
        },
        onResponse: (status, _body, context) => {
          const entry = entries[(context as { i?: number }).i ?? -1];
          if (!entry || status === entry.expect) return;
          const key = `${entry.path} ${status}≠${entry.expect}`;
          mismatches.set(key, (mismatches.get(key) ?? 0) + 1);
        },
      },
    ];
    const child = server;
    const start = performance.now();
    const sampleMemory = async () => {
      const m = await child.ask<{ rss: number; heapUsed: number }>({ type: "memory" });
      samples.push({ t: (performance.now() - start) / 1000, rss: m.rss, heapUsed: m.heapUsed });
    };
    await sampleMemory();
    const timer = setInterval(() => void sampleMemory().catch(() => {}), 250);
    const result = await load(server.port, {
      requests,
      seconds: options.soakS,
      connections: options.connections,
    }).finally(() => clearInterval(timer));
    await sampleMemory();

    const count = (prefix: string) =>
      Object.entries(result.statusCodes).reduce((n, [code, c]) => (code.startsWith(prefix) ? n + c : n), 0);
    const window = Math.min(5, options.soakS / 2);
    const avg = (list: typeof samples) => list.reduce((n, s) => n + s.rss, 0) / Math.max(1, list.length) / 2 ** 20;
    const first = avg(samples.filter((s) => s.t <= window));
    const last = avg(samples.filter((s) => s.t >= result.seconds - window));
    const peak = Math.max(...samples.map((s) => s.rss)) / 2 ** 20;
    const statuses = Object.entries(result.statusCodes)
      .map(([c, n]) => `${c}:${n}`)
      .join(" ");

    report.add({
      group,
      metric: `requests in ${result.seconds.toFixed(1)} s (${entries.length} URLs)`,
      unit: "",
      value: result.total,
      note: statuses,
    });
    report.add({ group, metric: "req/s", unit: "req/s", value: result.rps });
    report.add({ group, metric: "p99", unit: "ms", value: result.p99, baseline: { label: "p50", value: result.p50 } });
    report.add({ group, metric: "5xx responses (must be 0)", unit: "", value: count("5") });
    report.add({ group, metric: "socket errors + timeouts", unit: "", value: result.errors + result.timeouts });
    report.add({
      group,
      metric: "responses with an unexpected status",
      unit: "",
      value: [...mismatches.values()].reduce((a, b) => a + b, 0),
      ...(mismatches.size > 0 && { note: [...mismatches.keys()].slice(0, 3).join("; ") }),
    });
    report.add({
      group,
      metric: `server RSS, last ${window} s`,
      unit: "MB",
      value: last,
      baseline: { label: `first ${window} s`, value: first },
      note: `peak ${peak.toFixed(0)} MB`,
    });
    report.extra[group] = { result, mismatches: Object.fromEntries(mismatches), memory: samples };
    return { fiveXx: count("5") };
  } finally {
    await server?.stop();
  }
}
