import type { AddressInfo } from "node:net";
import { siteServer, warmUp } from "../src/node/http-server.js";
import { createNodeApp } from "../src/node/site-app.js";

/**
 * Our server, as `npm start` runs it but building nothing: the app over a compiled site.
 * Argument: the site folder. Tells the parent its port on IPC, and answers `{type: "memory"}`
 * with process.memoryUsage() and `{type: "cpu"}` with process.cpuUsage() — over IPC, so the app
 * gets no extra route.
 */
const outDir = process.argv[2] as string;
const app = createNodeApp(outDir);
await warmUp(app);
const { server } = siteServer(app);
server.listen(0, "127.0.0.1", () => process.send?.({ type: "ready", port: (server.address() as AddressInfo).port }));
process.on("message", (m: { type?: string }) => {
  if (m.type === "memory") process.send?.({ type: "memory", ...process.memoryUsage() });
  if (m.type === "cpu") process.send?.({ type: "cpu", ...process.cpuUsage() });
});
process.on("disconnect", () => process.exit(0));
process.on("SIGTERM", () => {
  server.close();
  process.exit(0);
});
