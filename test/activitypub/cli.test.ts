import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run federate`, the deploy's trigger: it POSTs /ap/sync with the token to the site the
// compiled manifest names. The Worker's side of /ap/sync is tested in test/worker/activitypub.test.ts;
// here a loopback server stands for the deployed site and records what it is sent.
const ROOT = resolve(import.meta.dirname, "../..");

describe("npm run federate", () => {
  const tmp = mkdtempSync(join(tmpdir(), "feedloom-federate-"));
  const seen: { method: string; url: string; authorization: string | undefined }[] = [];
  let status = 200;
  let server: Server;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
      res.writeHead(status, { "Content-Type": "application/json" }).end('{"created":1}');
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as AddressInfo).port;
    mkdirSync(join(tmp, "_data"), { recursive: true });
    writeFileSync(
      join(tmp, "_data", "manifest.json"),
      JSON.stringify({ site: { baseUrl: `http://127.0.0.1:${port}` } }),
    );
  });
  afterAll(() => {
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>) =>
    new Promise<{ code: number; out: string }>((done) => {
      execFile(
        join(ROOT, "node_modules/.bin/tsx"),
        ["src/activitypub/cli.ts"],
        { cwd: ROOT, env: { ...process.env, OUT_DIR: tmp, ALLOW_PRIVATE_ADDRESSES: "true", ...env } },
        (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, out: stdout + stderr }),
      );
    });

  it("sends the token to /ap/sync and prints what was queued", async () => {
    const { code, out } = await run({ ACTIVITYPUB_SYNC_TOKEN: "s3cret" });
    expect(code).toBe(0);
    expect(out).toContain('{"created":1}');
    expect(seen.at(-1)).toEqual({ method: "POST", url: "/ap/sync", authorization: "Bearer s3cret" });
  });

  it("fails the deploy when the site refuses", async () => {
    status = 401;
    const { code, out } = await run({ ACTIVITYPUB_SYNC_TOKEN: "wrong" });
    expect(code).toBe(1);
    expect(out).toContain("answered 401");
  });

  it("does nothing without a token", async () => {
    const before = seen.length;
    const { code, out } = await run({ ACTIVITYPUB_SYNC_TOKEN: "" });
    expect(code).toBe(0);
    expect(out).toContain("ACTIVITYPUB_SYNC_TOKEN is not set");
    expect(seen.length).toBe(before);
  });
});
