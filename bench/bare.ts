import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The baseline: a bare node:http server answering fixed bytes. Argument: a JSON file of
 * fixtures taken from our server — per URL (and gzip or not) the status, headers and body
 * of the full response, and the headers of its 304. Answers `{type: "cpu"}` on IPC with
 * process.cpuUsage(), as serve.ts does.
 */
export interface Fixture {
  path: string;
  gzip: boolean;
  status: number;
  headers: Record<string, string>;
  /** base64 */
  body: string;
  etag?: string;
  notModifiedHeaders?: Record<string, string>;
}

interface Entry extends Omit<Fixture, "body"> {
  body: Buffer;
}

const key = (path: string, gzip: boolean) => `${gzip ? "gz" : "id"} ${path}`;

if (process.argv[2]) {
  const fixtures = JSON.parse(readFileSync(process.argv[2], "utf8")) as Fixture[];
  const entries = new Map<string, Entry>(
    fixtures.map((f) => [key(f.path, f.gzip), { ...f, body: Buffer.from(f.body, "base64") }]),
  );
  const server = createServer((req, res) => {
    const gzip = (req.headers["accept-encoding"] ?? "").includes("gzip");
    const entry = entries.get(key(req.url ?? "", gzip));
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    if (entry.etag && entry.notModifiedHeaders && req.headers["if-none-match"] === entry.etag) {
      res.writeHead(304, entry.notModifiedHeaders).end();
      return;
    }
    res.writeHead(entry.status, entry.headers).end(entry.body);
  });
  server.listen(0, "127.0.0.1", () => process.send?.({ type: "ready", port: (server.address() as AddressInfo).port }));
  process.on("message", (m: { type?: string }) => {
    if (m.type === "cpu") process.send?.({ type: "cpu", ...process.cpuUsage() });
  });
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
}
