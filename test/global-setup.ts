import { readdirSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildSite } from "../src/build/site.js";
import { createNodeApp } from "../src/node/site-app.js";
import { describeResponse, type RouteResult, siteRoutes } from "./routes.js";

export const SAMPLE_OUT = "dist/site";

/**
 * Compiles the sample posts into dist/site (what wrangler.toml serves as Static Assets)
 * and records what the Node app answers on every route, so the Worker tests can assert
 * the very same statuses, types and bytes (the ETag is a hash of the bytes).
 */
export default async function setup(project: TestProject) {
  const output = buildSite({ postsDir: "posts", publicDir: "public", outDir: SAMPLE_OUT, env: {} });
  const errors = output.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new Error(`sample posts are broken: ${JSON.stringify(errors)}`);
  const slugs = readdirSync("dist/site/_data/items").map((f) => f.replace(/\.json$/, ""));
  const app = createNodeApp(SAMPLE_OUT);
  const expected: Record<string, RouteResult> = {};
  for (const route of siteRoutes(output.manifest, slugs)) {
    expected[route] = await describeResponse(await app.request(route));
  }
  project.provide("nodeRoutes", expected);
}

declare module "vitest" {
  export interface ProvidedContext {
    nodeRoutes: Record<string, RouteResult>;
  }
}
