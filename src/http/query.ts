/** The page of a paged route (feeds, list pages) and its size. */
export interface Paging {
  page: number;
  limit: number;
}

export type QueryResult = { ok: true; value: Paging } | { ok: false; reason: string };

const POSITIVE_INT = /^[1-9][0-9]{0,8}$/;

/**
 * The `page` and `limit` parameters of paged routes, validated: a bad or repeated value is a 400.
 * Any other parameter is not an error here: `pagedRequest` answers it with a 301 to the canonical URL.
 */
export function parsePaging(url: URL, defaultLimit: number): QueryResult {
  const page = single(url, "page");
  const limit = single(url, "limit");
  if (page === null || limit === null) return { ok: false, reason: "page and limit may each be given once" };
  if (page !== undefined && !POSITIVE_INT.test(page))
    return { ok: false, reason: "page must be a whole number from 1" };
  if (limit !== undefined && (!POSITIVE_INT.test(limit) || Number(limit) > 100)) {
    return { ok: false, reason: "limit must be a whole number from 1 to 100" };
  }
  return { ok: true, value: { page: page ? Number(page) : 1, limit: limit ? Number(limit) : defaultLimit } };
}

/** The value of a parameter given at most once: undefined when absent, null when repeated. */
function single(url: URL, name: string): string | undefined | null {
  const all = url.searchParams.getAll(name);
  return all.length > 1 ? null : all[0];
}
