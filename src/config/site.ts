import { z } from "zod";

/** Everything about the site that is not a post. Defaults below; environment or Worker vars override. */
export const siteConfigSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  /** Public base URL, no trailing slash. Every absolute link starts with it. */
  baseUrl: z.url().transform((u) => u.replace(/\/+$/, "")),
  /** BCP 47 language tag. */
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/),
  author: z.object({ name: z.string().min(1), email: z.email().optional(), url: z.url().optional() }),
  copyright: z.string().min(1),
  itemsPerFeed: z.coerce.number().int().min(1).max(100),
  relatedPerPost: z.coerce.number().int().min(0).max(10),
  /** Minutes a reader may cache a feed (RSS `ttl`). */
  ttlMinutes: z.coerce.number().int().min(1),
  /** Seconds a response may be reused without revalidation (Cache-Control max-age). */
  cacheMaxAge: z.coerce.number().int().min(0),
  /** Seconds a stale response may still be served while it is revalidated. */
  staleWhileRevalidate: z.coerce.number().int().min(0),
});

export type SiteConfig = z.output<typeof siteConfigSchema>;

export const defaultSiteConfig = {
  title: "Feedloom News",
  description: "World, technology and science news, as RSS, Atom and JSON Feed.",
  baseUrl: "http://localhost:8787",
  language: "en",
  author: { name: "Feedloom Newsroom" },
  copyright: "© 2026 Feedloom News",
  itemsPerFeed: 20,
  relatedPerPost: 3,
  ttlMinutes: 60,
  cacheMaxAge: 300,
  staleWhileRevalidate: 3600,
} satisfies z.input<typeof siteConfigSchema>;

/** Environment (or Worker var) names for each overridable setting. */
const ENV_KEYS = {
  SITE_TITLE: "title",
  SITE_DESCRIPTION: "description",
  SITE_URL: "baseUrl",
  SITE_LANGUAGE: "language",
  SITE_COPYRIGHT: "copyright",
  ITEMS_PER_FEED: "itemsPerFeed",
  RELATED_PER_POST: "relatedPerPost",
  FEED_TTL_MINUTES: "ttlMinutes",
  CACHE_MAX_AGE: "cacheMaxAge",
  CACHE_STALE_WHILE_REVALIDATE: "staleWhileRevalidate",
} as const;

/**
 * Builds the site config from defaults and `vars` (process.env or Worker vars).
 * Throws an error naming the variable when a value is invalid.
 */
export function loadSiteConfig(vars: Record<string, unknown> = {}, base = defaultSiteConfig): SiteConfig {
  const merged: Record<string, unknown> = { ...base, author: { ...base.author } };
  for (const [envKey, field] of Object.entries(ENV_KEYS)) {
    const value = vars[envKey];
    if (typeof value === "string" && value !== "") merged[field] = value;
  }
  if (typeof vars.SITE_AUTHOR === "string" && vars.SITE_AUTHOR !== "") {
    merged.author = { name: vars.SITE_AUTHOR };
  }
  const parsed = siteConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "");
    const envKey = Object.entries(ENV_KEYS).find(([, f]) => f === field)?.[0];
    throw new Error(`site config: ${envKey ?? field}: ${issue?.message}`);
  }
  return parsed.data;
}
