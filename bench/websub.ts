import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { buildSite } from "../src/compiler/build-site.js";
import { DEFAULT_HUB_SETTINGS } from "../src/hub/settings.js";
import { appTopics } from "../src/hub/topics.js";
import { openNodeHub } from "../src/node/hub.js";
import { createNodeSite } from "../src/node/site-app.js";
import type { Report } from "./report.js";
import { HOST, median } from "./util.js";

export interface WebsubOptions {
  group: string;
  /** The corpus: copied, so that the edits here touch no other part's posts. */
  postsDir: string;
  publicDir: string;
  tmp: string;
  subscribers: number;
  rounds: number;
}

/**
 * The own hub's distribution: `subscribers` verified subscriptions of the site's RSS feed, all on
 * one local sink (a node:http server on 127.0.0.1 that answers 204), and per round a post edit,
 * the incremental rebuild, and the time until the sink has the last delivery; with the process's
 * memory after each round (flat when nothing accumulates per delivery).
 */
export async function benchWebsub(report: Report, o: WebsubOptions): Promise<void> {
  const posts = join(o.tmp, "websub-posts");
  const outDir = join(o.tmp, "websub-site");
  cpSync(o.postsDir, posts, { recursive: true });
  const build = () =>
    buildSite({ postsDir: posts, publicDir: o.publicDir, outDir, env: { SITE_URL: `http://${HOST}:8787` } });
  build();

  let delivered = 0;
  let waiting: (() => void) | undefined;
  let target = Number.POSITIVE_INFINITY;
  const sink = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${HOST}`);
    const challenge = url.searchParams.get("hub.challenge");
    if (req.method === "GET") return void res.end(challenge ?? "");
    req.resume();
    req.on("end", () => {
      res.writeHead(204).end();
      if (++delivered >= target) waiting?.();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, HOST, resolve));
  const sinkUrl = `http://${HOST}:${(sink.address() as AddressInfo).port}`;

  let site = createNodeSite(outDir);
  const { hub, route, close } = await openNodeHub({
    dataDir: join(o.tmp, "websub-data"),
    topics: appTopics(
      () => site.store.manifest(),
      async (path) => site.app.request(path),
    ),
    settings: { ...DEFAULT_HUB_SETTINGS, maxPerHost: o.subscribers, requestsPerMinute: o.subscribers },
    allowPrivate: true,
    log: () => {},
  });
  site = createNodeSite(outDir, undefined, route);
  try {
    const topic = `http://${HOST}:8787/rss.xml`;
    for (let i = 0; i < o.subscribers; i++) {
      const form = new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": topic,
        "hub.callback": `${sinkUrl}/s/${i}`,
      });
      const answer = await hub.handle(form, "bench");
      if (answer.status !== 202) throw new Error(`subscribe ${i}: ${answer.status} ${answer.text}`);
    }
    await hub.run();

    const newest = (JSON.parse(await (await site.app.request("/feed.json")).text()) as { items: { title: string }[] })
      .items[0]?.title;
    const file = readdirSync(posts).find((f) => readFileSync(join(posts, f), "utf8").includes(JSON.stringify(newest)));
    if (!file) throw new Error("the newest post's file was not found");

    const toLast: number[] = [];
    const publishToLast: number[] = [];
    const rss: number[] = [];
    const heap: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      const path = join(posts, file);
      writeFileSync(path, readFileSync(path, "utf8").replace(/^title: .*$/m, `title: "Edited for round ${r}"`));
      delivered = 0;
      target = o.subscribers;
      const done = new Promise<void>((resolve) => {
        waiting = resolve;
      });
      const started = performance.now();
      build();
      site = createNodeSite(outDir, undefined, route);
      const published = performance.now();
      const queued = await hub.publish(hub.subscribedTopics());
      if (queued !== o.subscribers)
        throw new Error(`round ${r}: ${queued} deliveries queued, expected ${o.subscribers}`);
      const running = hub.run();
      await done;
      const end = performance.now();
      // The last answers are still on their way back to the hub.
      await running;
      toLast.push(end - started);
      publishToLast.push(end - published);
      globalThis.gc?.();
      const memory = process.memoryUsage();
      rss.push(memory.rss / 2 ** 20);
      heap.push(memory.heapUsed / 2 ** 20);
    }
    const n = `${o.subscribers} subscribers`;
    report.addRounds({ group: o.group, metric: `rebuild → last delivery, ${n}`, unit: "ms" }, toLast, median);
    report.addRounds({ group: o.group, metric: `publish → last delivery, ${n}`, unit: "ms" }, publishToLast, median);
    report.addRounds({ group: o.group, metric: "RSS after each round", unit: "MiB" }, rss, (s) => s.at(-1) ?? 0);
    report.addRounds({ group: o.group, metric: "heap used after each round", unit: "MiB" }, heap, (s) => s.at(-1) ?? 0);
    if (hub.pending() !== 0) throw new Error(`${hub.pending()} jobs left after the last round`);
  } finally {
    close();
    sink.close();
  }
}
