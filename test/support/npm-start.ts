import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * `npm start` (src/node/server.ts under tsx) as a child process in its own process group, for
 * tests that talk to it over real HTTP: `start` resolves once it serves, `stop` sends SIGTERM
 * and waits for the exit. `output` holds what it printed since the last start.
 */
export class NpmStart {
  output = "";
  private child: ChildProcess | undefined;

  /** `env` is the environment of each start (read then, so a test can change it between restarts). */
  constructor(private readonly env: () => NodeJS.ProcessEnv) {}

  async start(): Promise<void> {
    this.output = "";
    const started = spawn(resolve(ROOT, "node_modules/.bin/tsx"), ["src/node/server.ts"], {
      cwd: ROOT,
      env: this.env(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.child = started;
    started.stderr?.on("data", (d) => {
      this.output += d;
    });
    await new Promise<void>((ready, fail) => {
      started.stdout?.on("data", (d) => {
        this.output += d;
        if (this.output.includes("served at")) ready();
      });
      started.on("exit", (code) => fail(new Error(`server exited with ${code}\n${this.output}`)));
    });
  }

  async stop(): Promise<void> {
    const running = this.child;
    if (running?.pid === undefined || running.exitCode !== null) return;
    const exited = new Promise((done) => running.on("exit", done));
    process.kill(-running.pid, "SIGTERM");
    await exited;
  }
}

/**
 * The environment of a server on 127.0.0.1:`port` for a test folder `tmp` (posts in `tmp/posts`,
 * output and data beside them), reaching loopback, with the site's own hub and no public folder.
 */
export function serverEnv(tmp: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    POSTS_DIR: join(tmp, "posts"),
    OUT_DIR: join(tmp, "out"),
    DATA_DIR: join(tmp, "data"),
    ALLOW_PRIVATE_ADDRESSES: "true",
    ...extra,
  };
  delete env.WEBSUB_HUB;
  delete env.PUBLIC_DIR;
  return env;
}
