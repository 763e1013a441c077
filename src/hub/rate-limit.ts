/**
 * Requests per client per minute, in memory: a fixed window is enough to stop a flood of
 * subscription requests, and the hub runs as one process (Node) or one Durable Object (Workers).
 */
export class RateLimit {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Counts a request; returns the seconds to wait when the client is over the limit, else undefined. */
  take(client: string): number | undefined {
    const now = this.now();
    const window = Math.floor(now / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const n = (this.counts.get(client) ?? 0) + 1;
    this.counts.set(client, n);
    return n > this.perMinute ? Math.ceil(((window + 1) * 60_000 - now) / 1000) : undefined;
  }
}
