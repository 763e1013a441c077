import autocannon from "autocannon";
import { HOST } from "./util.js";

export interface LoadResult {
  rps: number;
  /** Latency percentiles in ms, exact (from every response time, not autocannon's whole-ms histogram). */
  p50: number;
  p99: number;
  total: number;
  /** Socket errors and timeouts. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
}

export interface LoadSpec {
  path?: string;
  headers?: Record<string, string>;
  /** A sequence each connection walks in a loop (autocannon `requests`); overrides path and headers. */
  requests?: autocannon.Request[];
  seconds: number;
  connections: number;
}

/**
 * autocannon's client (9.x) keeps each response's body in `pipelinedRequests`; this one does not.
 * Its internals, so a version without them stops the run instead of measuring the client again.
 */
function dropBodies(client: autocannon.Client): void {
  const queue = (client as unknown as { pipelinedRequests?: { addBody?: unknown } }).pipelinedRequests;
  if (typeof queue?.addBody !== "function") throw new Error("autocannon: no pipelinedRequests.addBody to replace");
  queue.addBody = () => {};
}

/** One autocannon run against 127.0.0.1:port, bounded by `seconds`. */
export function load(port: number, spec: LoadSpec): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://${HOST}:${port}${spec.path ?? "/"}`,
        connections: spec.connections,
        duration: spec.seconds,
        headers: spec.headers ?? {},
        timeout: 10,
        // autocannon keeps every response body as a string (UTF-8 decoded, concatenated) that nothing
        // here reads: the load generator, not the server, was then the limit (a binary gzip body
        // most of all). Counting statuses and times needs no body.
        setupClient: dropBodies,
        ...(spec.requests && { requests: spec.requests }),
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(times).sort();
        const at = (q: number) =>
          sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : NaN;
        const statusCodes: Record<string, number> = {};
        for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = s.count ?? 0;
        const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
        resolve({
          rps: total / result.duration,
          p50: at(0.5),
          p99: at(0.99),
          total,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          seconds: result.duration,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
    });
  });
}
