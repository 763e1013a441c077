import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildSite } from "../src/compiler/build-site.js";
import { wranglerVars } from "../src/config/wrangler-vars.js";
import { createNodeApp } from "../src/node/site-app.js";
import {
  conditionalProbes,
  describeResponse,
  extraProbes,
  type Probe,
  probeName,
  type RouteResult,
  siteRoutes,
} from "./routes.js";
import { Follower } from "./support/fediverse-follower.js";
import { allItems, fromDir } from "./support/site-data.js";
import { WALK_HUB } from "./support/walk-hub.js";
import { Subscriber } from "./support/websub-subscriber.js";

/**
 * Compiles the sample posts into a temporary folder, never over the developer's own dist/site, and
 * provides it as `sampleSite` (the workerd projects serve it as their Static Assets, vitest.config.ts).
 * Records what the Node app answers to the whole walk of the site, so the Worker tests can assert
 * the very same statuses, headers and bytes (the ETag is a hash of the bytes).
 */
export default async function setup(project: TestProject) {
  // Every temporary folder of the run (the tests', their servers' and browsers') is made inside one,
  // removed at the end: test files need not clean up after themselves, and nothing is left in /tmp.
  const runTmp = mkdtempSync(join(tmpdir(), "feedloom-tests-"));
  process.env.TMPDIR = runTmp;
  // The hub's and the federation's databases of servers the tests start: never the developer's own data/.
  process.env.DATA_DIR = join(runTmp, "data");
  const root = mkdtempSync(join(runTmp, "sample-"));
  const SAMPLE_OUT = join(root, "site");
  project.provide("sampleSite", SAMPLE_OUT);
  const output = buildSite({ postsDir: "posts", publicDir: "public", outDir: SAMPLE_OUT, env: {} });
  const errors = output.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new Error(`sample posts are broken: ${JSON.stringify(errors)}`);
  const slugs = [...allItems(fromDir(SAMPLE_OUT)).keys()];
  const app = createNodeApp(SAMPLE_OUT, undefined, WALK_HUB);
  const ask = async (probe: Probe) =>
    describeResponse(
      await app.request(probe.path, { method: probe.method, ...(probe.headers && { headers: probe.headers }) }),
    );

  const routes: Record<string, RouteResult> = {};
  const probes: Record<string, { probe: Probe; result: RouteResult }> = {};
  for (const path of siteRoutes(output.manifest, slugs)) {
    const result = await ask({ method: "GET", path });
    routes[path] = result;
    if (result.status === 200 && !path.endsWith(".css")) {
      for (const probe of conditionalProbes(path, result))
        probes[probeName(probe)] = { probe, result: await ask(probe) };
    }
  }
  for (const probe of extraProbes()) probes[probeName(probe)] = { probe, result: await ask(probe) };
  project.provide("nodeRoutes", routes);
  project.provide("nodeProbes", probes);

  // What Node answers with the environment set as the [vars] of the workerd-vars project.
  const vars = (await wranglerVars(VARS_CONFIG)) as Record<string, string>;
  const withVars = createNodeApp(SAMPLE_OUT, vars);
  const varsRoutes: Record<string, RouteResult> = {};
  for (const path of VARS_PATHS) varsRoutes[path] = await describeResponse(await withVars.request(path));
  project.provide("nodeVars", vars);
  project.provide("nodeVarsRoutes", varsRoutes);
  // A WebSub subscriber on loopback for the hub inside workerd, which cannot listen itself.
  const subscriber = await new Subscriber().start();
  project.provide("subscriberUrl", subscriber.url);
  // A fediverse account on loopback for the federation inside workerd (test/worker/activitypub.test.ts).
  const follower = await new Follower("worker-reader").start();
  project.provide("followerUrl", follower.url);
  return async () => {
    await subscriber.close();
    await follower.close();
    rmSync(runTmp, { recursive: true, force: true });
  };
}

/** The wrangler configuration whose [vars] set run-time settings (the workerd-vars project). */
export const VARS_CONFIG = "test/worker/vars/wrangler.toml";
/** Routes compared between Node with those variables and the Worker with those [vars]. */
export const VARS_PATHS = ["/", "/rss.xml", "/atom.xml", "/feed.json", "/tags/japan/atom.xml", "/opml.xml"];

declare module "vitest" {
  export interface ProvidedContext {
    /** The compiled sample site (a temporary folder). */
    sampleSite: string;
    nodeRoutes: Record<string, RouteResult>;
    nodeProbes: Record<string, { probe: Probe; result: RouteResult }>;
    nodeVars: Record<string, string>;
    nodeVarsRoutes: Record<string, RouteResult>;
    subscriberUrl: string;
    followerUrl: string;
  }
}
