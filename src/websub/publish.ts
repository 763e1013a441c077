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
  status: number | string;
}

/**
 * Tells a WebSub hub that feeds changed (`hub.mode=publish`, one request per feed, which
 * every hub accepts). The hub then fetches each feed and pushes it to its subscribers.
 */
export async function notifyHub(hub: string, urls: string[], fetcher: typeof fetch = fetch): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  for (const url of urls) {
    try {
      const response = await fetcher(hub, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      results.push({ url, ok: response.ok, status: response.status });
    } catch (e) {
      results.push({ url, ok: false, status: e instanceof Error ? e.message : String(e) });
    }
  }
  return results;
}
