import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

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
