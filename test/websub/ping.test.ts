import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { changedFeeds } from "../../src/websub/publish.js";

const run = promisify(execFile);

/** A WebSub hub stand-in on loopback: records publish notifications, refuses URLs it is told to. */
function startHub() {
  const received: { mode: string | null; url: string | null; type: string | undefined }[] = [];
  const refuse = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const form = new URLSearchParams(body);
      received.push({ mode: form.get("hub.mode"), url: form.get("hub.url"), type: req.headers["content-type"] });
      res.statusCode = refuse.has(form.get("hub.url") ?? "") ? 500 : 204;
      res.end();
    });
  });
  return new Promise<{ url: string; received: typeof received; refuse: Set<string>; server: Server }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, refuse, server }),
    ),
  );
}

/** Another hub on loopback, answering as `handle` does (or never); it records each request's method. */
function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: { method: string | undefined }[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method });
    req.resume();
    handle(req, res);
  });
  return new Promise<{ url: string; requests: typeof requests; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        requests,
        close: () => {
          server.closeAllConnections();
          return new Promise((closed) => server.close(() => closed()));
        },
      }),
    ),
  );
}

describe("npm run ping (WebSub publish)", () => {
  const dir = mkdtempSync(join(tmpdir(), "feedloom-websub-"));
  const posts = join(dir, "posts");
  const out = join(dir, "out");
  const state = join(dir, "state.json");
  let hub: Awaited<ReturnType<typeof startHub>>;
  const build = () =>
    buildSite({ postsDir: posts, publicDir: "public", outDir: out, env: { SITE_URL: "https://news.example.com" } });
  const ping = (env: Record<string, string> = {}) =>
    run("node_modules/.bin/tsx", ["src/websub/cli.ts"], {
      env: { ...process.env, OUT_DIR: out, WEBSUB_HUB: hub.url, WEBSUB_STATE: state, ...env },
    });

  beforeAll(async () => {
    cpSync("posts", posts, { recursive: true });
    build();
    hub = await startHub();
  });
  afterAll(() => {
    hub?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("publishes every feed on the first ping, then nothing while nothing changes", async () => {
    const manifest = JSON.parse(readFileSync(join(out, "_data/manifest.json"), "utf8"));
    const { stdout } = await ping();
    const feeds = Object.keys(manifest.lists).length * 3;
    expect(hub.received.length).toBe(feeds);
    expect(stdout).toContain(`${feeds} of ${feeds} feeds published`);
    expect(new Set(hub.received.map((r) => r.mode))).toEqual(new Set(["publish"]));
    expect(hub.received.every((r) => r.type === "application/x-www-form-urlencoded")).toBe(true);
    expect(hub.received.map((r) => r.url)).toContain("https://news.example.com/tags/new-york/atom.xml");

    hub.received.length = 0;
    await ping();
    expect(hub.received).toEqual([]);
  }, 60_000);

  it("publishes exactly the feeds an edited post appears in", async () => {
    const file = join(posts, "2025-08-26-marine-research-expedition.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace(/^updated:.*\n/m, "")
        .replace(/^(date: .*)$/m, "$1\nupdated: 2026-11-01T00:00:00Z"),
    );
    build();
    hub.received.length = 0;
    await ping();
    const urls = hub.received.map((r) => r.url?.replace("https://news.example.com", "")).sort();
    // The post is on the first page of the site feeds and of its category, author and tags.
    const lists = [
      "",
      "/categories/science",
      "/authors/priya-raman",
      "/tags/oceans",
      "/tags/climate",
      "/tags/asia-pacific",
    ];
    const expected = lists.flatMap((l) => ["rss.xml", "atom.xml", "feed.json"].map((f) => `${l}/${f}`)).sort();
    expect(urls).toEqual(expected);
  }, 60_000);

  it("tries a feed again next time when the hub refused it", async () => {
    const file = join(posts, "2026-06-18-new-york-heat-warning-system.md");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, 'title: "Heat warnings, edited"'));
    build();
    hub.received.length = 0;
    hub.refuse.add("https://news.example.com/tags/new-york/rss.xml");
    await expect(ping()).rejects.toThrow();
    expect(hub.received.map((r) => r.url)).toContain("https://news.example.com/tags/new-york/rss.xml");
    hub.refuse.clear();
    hub.received.length = 0;
    await ping();
    expect(hub.received.map((r) => r.url)).toEqual(["https://news.example.com/tags/new-york/rss.xml"]);
  }, 60_000);

  it("counts a redirect as a failure: nothing is recorded as sent, all is sent next time", async () => {
    const redirecting = await startServer((req, res) => {
      // The hub's home page answers a GET with 200: a followed redirect would look like success.
      if (req.method === "POST") res.writeHead(302, { location: "/home" }).end();
      else res.writeHead(200, { "content-type": "text/html" }).end("<h1>Welcome to the hub</h1>");
    });
    const fresh = join(dir, "redirect-state.json");
    try {
      const failed = await ping({ WEBSUB_HUB: redirecting.url, WEBSUB_STATE: fresh }).catch((e) => e);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("302");
      expect(redirecting.requests.filter((r) => r.method === "POST").length).toBeGreaterThan(0);
      expect(redirecting.requests.filter((r) => r.method === "GET")).toEqual([]);
      const recorded = JSON.parse(readFileSync(fresh, "utf8"));
      expect(recorded).toEqual({});
      hub.received.length = 0;
      const { stdout } = await ping({ WEBSUB_STATE: fresh });
      const manifest = JSON.parse(readFileSync(join(out, "_data/manifest.json"), "utf8"));
      const feeds = Object.keys(manifest.lists).length * 3;
      expect(hub.received.length).toBe(feeds);
      expect(stdout).toContain(`${feeds} of ${feeds} feeds published`);
    } finally {
      await redirecting.close();
    }
  }, 60_000);

  it("gives up on a hanging hub at the time limit, at most WEBSUB_CONCURRENCY at once, and keeps the rest", async () => {
    const hanging = await startServer(() => {
      // Never answers.
    });
    const fresh = join(dir, "hanging-state.json");
    try {
      const failed = await ping({
        WEBSUB_HUB: hanging.url,
        WEBSUB_STATE: fresh,
        WEBSUB_CONCURRENCY: "4",
        WEBSUB_TIMEOUT_MS: "60000",
        WEBSUB_TOTAL_MS: "300",
      }).catch((e) => e);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("time limit");
      // Each request hangs until the time limit: no more than 4 were ever started.
      expect(hanging.requests.length).toBeGreaterThan(0);
      expect(hanging.requests.length).toBeLessThanOrEqual(4);
      expect(JSON.parse(readFileSync(fresh, "utf8"))).toEqual({});
    } finally {
      await hanging.close();
    }
  }, 60_000);

  it("compares states feed by feed", () => {
    expect(changedFeeds({ a: "1", b: "2" }, { a: "1", b: "3", c: "4" })).toEqual(["b", "c"]);
    expect(changedFeeds({ a: "1" }, { a: "1" })).toEqual([]);
  });
});

// One hub: the one the feeds advertise is the one that is told, wherever it is set.
describe("npm run ping resolves the hub as the server does", () => {
  const dir = mkdtempSync(join(tmpdir(), "feedloom-websub-hub-"));
  const out = join(dir, "out");
  let hub: Awaited<ReturnType<typeof startHub>>;
  const ping = (args: string[], env: Record<string, string>) => {
    const base: NodeJS.ProcessEnv = { ...process.env, OUT_DIR: out, ...env };
    if (!("WEBSUB_HUB" in env)) delete base.WEBSUB_HUB;
    return run("node_modules/.bin/tsx", ["src/websub/cli.ts", ...args], { env: base });
  };
  const advertised = async (vars: Record<string, string>) =>
    ((await (await createNodeApp(out, vars).request("/feed.json")).json()) as { hubs?: unknown }).hubs;

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => {
    hub?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("from site.yaml, through the compiled site: advertised and pinged", async () => {
    const configFile = join(dir, "site.yaml");
    writeFileSync(configFile, `websubHub: ${hub.url}\n`);
    buildSite({ postsDir: "posts", publicDir: "public", outDir: out, env: {}, configFile });
    expect(await advertised({})).toEqual([{ type: "WebSub", url: hub.url }]);
    hub.received.length = 0;
    const { stdout } = await ping([], { WEBSUB_STATE: join(dir, "state-file.json") });
    expect(stdout).toContain(`feeds published to ${hub.url}`);
    expect(hub.received.length).toBeGreaterThan(60);
  }, 60_000);

  it("with --wrangler, from the [vars] the Worker gets, not from the shell's WEBSUB_HUB", async () => {
    buildSite({ postsDir: "posts", publicDir: "public", outDir: out, env: {} });
    const config = join(dir, "wrangler.toml");
    writeFileSync(config, `name = "ping-test"\n\n[vars]\nWEBSUB_HUB = "${hub.url}"\n`);
    const vars = { WEBSUB_HUB: hub.url };
    expect(await advertised(vars)).toEqual([{ type: "WebSub", url: hub.url }]);
    hub.received.length = 0;
    const { stdout } = await ping(["--wrangler", "--config", config], {
      // A hub nobody listens to: were it used, every notification would fail and ping exit 1.
      WEBSUB_HUB: "http://127.0.0.1:9/",
      WEBSUB_STATE: join(dir, "state-wrangler.json"),
    });
    expect(stdout).toContain(`feeds published to ${hub.url} (0 failed)`);
    expect(hub.received.length).toBeGreaterThan(60);
  }, 60_000);
});
