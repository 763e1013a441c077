import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** `npm start` with a site file of its own, as a child process, its output collected as it comes. */
function start(dir: string, configFile: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    SITE_CONFIG: configFile,
    OUT_DIR: join(dir, "out"),
    POSTS_DIR: "posts",
    PUBLIC_DIR: "public",
  };
  for (const key of Object.keys(env)) if (/^(SITE_(?!CONFIG)|CACHE_|WEBSUB_|ITEMS_|WATCH)/.test(key)) delete env[key];
  const child: ChildProcess = spawn("node_modules/.bin/tsx", ["src/node/server.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const output = { stdout: "", stderr: "" };
  const waiters: { stream: "stdout" | "stderr"; text: string; done: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (output[w.stream].includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
    }
  };
  child.stdout?.on("data", (d) => {
    output.stdout += d;
    check();
  });
  child.stderr?.on("data", (d) => {
    output.stderr += d;
    check();
  });
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return {
    output,
    exited,
    /** Resolves once `text` has appeared on the stream (counting from the start of the output). */
    waitFor: (stream: "stdout" | "stderr", text: string) =>
      new Promise<void>((done) => {
        waiters.push({ stream, text, done });
        check();
      }),
    stop: async () => {
      if (child.pid !== undefined && child.exitCode === null) {
        process.kill(-child.pid, "SIGTERM");
        await exited;
      }
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), "feedloom-start-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm start and site.yaml", () => {
  it("refuses to start on a mistake in site.yaml, naming its line and key", async () => {
    const configFile = join(dir, "bad.yaml");
    writeFileSync(configFile, "title: Fine\nitemsPerFed: 5\n");
    const server = start(dir, configFile);
    expect(await server.exited).toBe(1);
    expect(server.output.stderr).toContain(
      `${configFile}:2: itemsPerFed: unknown setting; did you mean "itemsPerFeed"? (the README lists every setting)`,
    );
    expect(server.output.stderr).toContain("not started");
    expect(server.output.stdout).not.toContain("served at");
  }, 60_000);

  it("serves its settings, and picks up an edit to it while running", async () => {
    const configFile = join(dir, "site.yaml");
    writeFileSync(configFile, "title: Watched One\ncacheMaxAge: 120\n");
    const server = start(dir, configFile);
    try {
      await server.waitFor("stdout", "served at");
      const port = /\(port (\d+)\)/.exec(server.output.stdout)?.[1];
      const get = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/rss.xml`);
        return { body: await response.text(), cacheControl: response.headers.get("cache-control") };
      };
      const before = await get();
      expect(before.body).toContain("<title>Watched One</title>");
      expect(before.cacheControl).toBe("public, max-age=120, stale-while-revalidate=3600");

      writeFileSync(configFile, "title: Watched Two\ncacheMaxAge: 30\n");
      await server.waitFor("stdout", "rebuilt in");
      const after = await get();
      expect(after.body).toContain("<title>Watched Two</title>");
      expect(after.cacheControl).toBe("public, max-age=30, stale-while-revalidate=3600");

      // A mistake while running: reported, and the last good build stays served.
      writeFileSync(configFile, "title: Watched Three\ncacheMaxAge: -1\n");
      await server.waitFor("stderr", "not rebuilt");
      expect(server.output.stderr).toContain(`${configFile}:2: cacheMaxAge: must be 0 or more`);
      expect((await get()).body).toContain("<title>Watched Two</title>");
    } finally {
      await server.stop();
    }
  }, 60_000);
});
