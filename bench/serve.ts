import { serve } from "@hono/node-server";
import { createNodeApp } from "../src/node/site-app.js";

/**
 * Our server, as `npm start` runs it but building nothing: the app over a compiled site.
 * Argument: the site folder. Tells the parent its port on IPC, and answers `{type: "memory"}`
 * with process.memoryUsage() — over IPC, so the app gets no extra route.
 */
const outDir = process.argv[2] as string;
const server = serve({ fetch: createNodeApp(outDir).fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
  process.send?.({ type: "ready", port: info.port }),
);
process.on("message", (m: { type?: string }) => {
  if (m.type === "memory") process.send?.({ type: "memory", ...process.memoryUsage() });
});
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => {
  server.close();
  process.exit(0);
});
