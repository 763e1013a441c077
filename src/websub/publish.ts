import { USER_AGENT } from "../product.js";
/** Feed URL → ETag of its first page: what subscribers were last told about. */
export type FeedState = Record<string, string>;

/** Feeds that are new or whose first page changed since `previous`. */
export function changedFeeds(previous: FeedState, current: FeedState): string[] {
  return Object.keys(current)
    .filter((url) => previous[url] !== current[url])
    .sort();
}

export interface PublishResult {
  url: string;
  ok: boolean;
  /** The hub's status, or why there is none (a network error, a timeout, the time limit). */
  status: number | string;
}

export interface PublishOptions {
  /** Requests under way at once. */
  concurrency?: number;
  /** Milliseconds one request may take. */
  timeoutMs?: number;
  /** Milliseconds all requests may take together; feeds not sent by then are left for next time. */
  totalMs?: number;
  fetcher?: typeof fetch;
}

/**
 * Tells a WebSub hub that feeds changed (`hub.mode=publish`, one request per feed, which
 * every hub accepts). The hub then fetches each feed and pushes it to its subscribers.
 * Only a 2xx is an acceptance: a redirect is not followed (fetch would turn the POST into a
 * GET of the hub's home page, which answers 200 though nobody was told). A hanging hub costs
 * at most `totalMs`.
 */
export async function notifyHub(hub: string, urls: string[], options: PublishOptions = {}): Promise<PublishResult[]> {
  const { concurrency = 8, timeoutMs = 10_000, totalMs = 60_000, fetcher = fetch } = options;
  const total = AbortSignal.timeout(totalMs);
  const results: PublishResult[] = urls.map((url) => ({ url, ok: false, status: "not sent: time limit reached" }));
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < urls.length && !total.aborted; i = next++) {
      const url = urls[i] as string;
      try {
        const response = await fetcher(hub, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT },
          body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url }).toString(),
          signal: AbortSignal.any([total, AbortSignal.timeout(timeoutMs)]),
        });
        await response.arrayBuffer();
        const ok = response.status >= 200 && response.status < 300;
        const redirect = response.headers.get("location");
        results[i] = { url, ok, status: redirect ? `${response.status} to ${redirect}` : response.status };
      } catch (e) {
        results[i] = { url, ok: false, status: e instanceof Error ? e.message : String(e) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, urls.length)) }, worker));
  return results;
}
