import { type ChildProcess, fork } from "node:child_process";
import { request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH_DIR, "..");
export const HOST = "127.0.0.1";

export function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rejects after `ms` with `what` timed out. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Milliseconds from sending the request to the first byte of the response (status line). */
  ttfbMs: number;
}

/** One GET over a fresh connection, bytes as sent (no decompression). */
export function get(port: number, path: string, headers: Record<string, string> = {}, timeoutMs = 30_000) {
  return new Promise<RawResponse>((resolve, reject) => {
    const start = performance.now();
    const req = request({ host: HOST, port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      const ttfbMs = performance.now() - start;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) h[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks), ttfbMs });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${path}: timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** Every child process the bench started, so that a deadline or Ctrl-C can end them (and only them). */
const started = new Map<ChildProcess, boolean>();

export function track(child: ChildProcess, group = false): void {
  started.set(child, group);
  child.once("exit", () => started.delete(child));
}

export function killStarted(): void {
  for (const [child, group] of started) {
    try {
      if (group && child.pid) process.kill(-child.pid, "SIGKILL");
      else child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

export interface Child {
  process: ChildProcess;
  port: number;
  /** Sends a message and waits for the reply of the same type. */
  ask<T>(message: { type: string }): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Forks a bench TypeScript module (through tsx) that answers `{type: "ready", port}` on IPC
 * once listening on 127.0.0.1.
 */
export async function startChild(module: string, args: string[], timeoutMs = 60_000): Promise<Child> {
  const child = fork(join(BENCH_DIR, module), args, {
    execArgv: ["--import", "tsx"],
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  track(child);
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code, signal) => reject(new Error(`${module} exited (${code ?? signal})`))),
  );
  exited.catch(() => {});
  const ready = new Promise<number>((resolve) => {
    const onMessage = (m: { type?: string; port?: number }) => {
      if (m.type === "ready" && m.port) {
        child.off("message", onMessage);
        resolve(m.port);
      }
    };
    child.on("message", onMessage);
  });
  let port: number;
  try {
    port = await withTimeout(Promise.race([ready, exited]), timeoutMs, `starting ${module}`);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    process: child,
    port,
    ask: <T>(message: { type: string }) =>
      withTimeout(
        new Promise<T>((resolve) => {
          const onMessage = (m: { type?: string }) => {
            if (m.type !== message.type) return;
            child.off("message", onMessage);
            resolve(m as T);
          };
          child.on("message", onMessage);
          child.send(message);
        }),
        10_000,
        `${module} ${message.type}`,
      ),
    stop: () => stopProcess(child),
  };
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
export function stopProcess(child: ChildProcess, group = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (group && child.pid) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    kill("SIGTERM");
  });
}
