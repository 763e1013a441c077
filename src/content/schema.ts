import { z } from "zod";

/**
 * The front-matter schema: the single source of truth for what a post may contain.
 *
 * Keys of Jekyll, Hugo and Astro posts are accepted as aliases so that existing
 * content moves over unchanged; `normalizeFrontMatter` folds them into the
 * canonical keys before validation, so every error names the key the author wrote.
 */

const nonEmpty = z.string().trim().min(1, "must not be empty");

/** ISO 8601 date (`2025-03-30`) or date-time; without a zone it means UTC. */
export const isoDate = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : parseIsoDate(value);
  if (!date || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: `not an ISO 8601 date: ${JSON.stringify(String(value))}` });
    return z.NEVER;
  }
  return date;
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Parses an ISO 8601 date or date-time strictly; a missing zone means UTC. */
export function parseIsoDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const normalizedZone = zone.toUpperCase() === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${normalizedZone}`);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject dates that JavaScript silently rolls over, such as 2025-02-30.
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (probe.getUTCMonth() !== Number(mo) - 1 || probe.getUTCDate() !== Number(d)) return undefined;
  return date;
}

/**
 * An absolute URL with a scheme body links may use too (see markdown.ts): `z.url()` alone
 * lets `javascript:`, `data:` and `vbscript:` through to Atom, JSON Feed and JSON-LD.
 */
const linkUrl = z.url({
  protocol: /^(https?|mailto)$/i,
  error: (issue) =>
    issue.note === "Invalid protocol" ? "must be an http(s) or mailto: URL" : "must be an absolute URL",
});

export const authorSchema = z.union([
  nonEmpty.transform((name) => ({ name })),
  z.strictObject({
    name: nonEmpty,
    email: z.email("must be an e-mail address").optional(),
    url: linkUrl.optional(),
  }),
]);

/** Tags may be a list or one comma- (or, without commas, space-) separated string. */
const stringList = z
  .union([z.array(z.union([nonEmpty, z.number().transform(String)])), z.string()])
  .transform((value) => {
    if (Array.isArray(value)) return value;
    const parts = value.includes(",") ? value.split(",") : value.split(/\s+/);
    return parts.map((p) => p.trim()).filter(Boolean);
  });

export const imageSchema = z.union([
  nonEmpty.transform((src): { src: string; alt?: string; caption?: string; credit?: string } => ({ src })),
  z.strictObject({
    src: nonEmpty,
    alt: z.string().optional(),
    caption: z.string().optional(),
    credit: z.string().optional(),
  }),
]);

export const frontMatterSchema = z.object({
  title: nonEmpty,
  date: isoDate,
  updated: isoDate.optional(),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and single hyphens")
    .optional(),
  author: z.union([authorSchema, z.array(authorSchema).min(1)]).optional(),
  category: nonEmpty.optional(),
  tags: stringList.optional(),
  summary: z.union([nonEmpty.transform((s) => [s]), z.array(nonEmpty)]).optional(),
  image: imageSchema.optional(),
  related: z.array(nonEmpty).optional(),
  draft: z.boolean().optional(),
});

export type FrontMatter = z.output<typeof frontMatterSchema>;
export type AuthorInput = z.output<typeof authorSchema>;
export type ImageInput = z.output<typeof imageSchema>;

/** Canonical keys and the aliases other generators use for them. */
export const ALIASES: Record<string, keyof FrontMatter> = {
  lastmod: "updated",
  modified: "updated",
  description: "summary",
  excerpt: "summary",
  authors: "author",
  categories: "category",
};

/** Keys that are understood but carry nothing of their own. */
const IGNORED = new Set(["layout", "permalink", "published"]);

export const KNOWN_KEYS = new Set<string>([
  ...Object.keys(frontMatterSchema.shape),
  ...Object.keys(ALIASES),
  ...IGNORED,
]);

export interface Normalized {
  data: Record<string, unknown>;
  /** For each canonical key, the key the author actually wrote (for error messages). */
  writtenAs: Record<string, string>;
  /** Keys nobody understands: reported as warnings. */
  unknownKeys: string[];
}

/** Folds aliases into canonical keys. `categories` gives its first entry as the category. */
export function normalizeFrontMatter(raw: Record<string, unknown>): Normalized {
  const data: Record<string, unknown> = {};
  const writtenAs: Record<string, string> = {};
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_KEYS.has(key)) {
      unknownKeys.push(key);
      continue;
    }
    if (IGNORED.has(key)) continue;
    const canonical = ALIASES[key] ?? key;
    // The canonical key, written first or not, wins over its aliases; the first alias over later ones.
    if (canonical !== key && (canonical in raw || canonical in data)) continue;
    writtenAs[canonical] = key;
    data[canonical] = key === "categories" ? firstCategory(value) : value;
  }
  // Jekyll's `published: false` is a draft.
  if (raw.published === false && data.draft === undefined) {
    data.draft = true;
    writtenAs.draft = "published";
  }
  for (const key of ["title", "date"] as const) writtenAs[key] ??= key;
  return { data, writtenAs, unknownKeys };
}

function firstCategory(value: unknown): unknown {
  if (Array.isArray(value)) return value[0];
  if (typeof value === "string") return value.split(",")[0]?.trim();
  return value;
}
