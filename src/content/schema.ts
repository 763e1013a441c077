import { z } from "zod";
import { DATE_FORMS, parseDate } from "./date.js";

/**
 * The front-matter schema: the single source of truth for what a post may contain.
 *
 * Keys of Jekyll, Hugo and Astro posts are accepted as aliases so that existing
 * content moves over unchanged; `normalizeFrontMatter` folds them into the
 * canonical keys before validation, so every error names the key the author wrote.
 */

const nonEmpty = z.string().trim().min(1, "must not be empty");

/**
 * A union's own message for a value none of its forms takes: Zod's is "Invalid input", which
 * does not tell the author what to write. (A value close to one form, such as an author object
 * with a bad e-mail, still gets that form's message.)
 */
const accepts = (forms: string) => ({ error: `must be ${forms}` });

/** A date in one of the forms the generators accept (see ./date.ts); without a zone it means UTC. */
export const isoDate = z
  .union([z.string(), z.date(), z.number()], accepts(`a date: ${DATE_FORMS}`))
  .transform((value, ctx) => {
    const date = value instanceof Date ? value : parseDate(String(value));
    if (!date || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: `not a date: ${JSON.stringify(String(value))}; write ${DATE_FORMS}` });
      return z.NEVER;
    }
    return date;
  });

/** `[Name](https://…) (Company)`: a byline written as a Markdown link is a name and a URL. */
const MARKDOWN_LINK_BYLINE = /^\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)\s*(.*)$/;

/**
 * An absolute URL with a scheme body links may use too (see markdown.ts): `z.url()` alone
 * lets `javascript:`, `data:` and `vbscript:` through to Atom, JSON Feed and JSON-LD.
 */
const linkUrl = z.url({
  protocol: /^(https?|mailto)$/i,
  error: (issue) =>
    issue.note === "Invalid protocol" ? "must be an http(s) or mailto: URL" : "must be an absolute URL",
});

export const authorSchema = z.union(
  [
    nonEmpty.transform((text): { name: string; email?: string; url?: string } => {
      const link = MARKDOWN_LINK_BYLINE.exec(text);
      if (!link) return { name: text };
      const [, name = "", url = "", rest = ""] = link;
      return { name: rest ? `${name.trim()} ${rest.trim()}` : name.trim(), url };
    }),
    z.strictObject({
      name: nonEmpty,
      email: z.email("must be an e-mail address").optional(),
      url: linkUrl.optional(),
    }),
  ],
  accepts('a name, a Markdown link "[Name](https://…)" or {name, email, url}'),
);

/** Tags may be a list or one comma- (or, without commas, space-) separated string. */
const stringList = z
  .union(
    [z.array(z.union([nonEmpty, z.number().transform(String)])), z.string()],
    accepts("a list or a comma-separated text"),
  )
  .transform((value) => {
    if (Array.isArray(value)) return value;
    const parts = value.includes(",") ? value.split(",") : value.split(/\s+/);
    return parts.map((p) => p.trim()).filter(Boolean);
  });

export const imageSchema = z.union(
  [
    nonEmpty.transform((src): { src: string; alt?: string; caption?: string; credit?: string } => ({ src })),
    z.strictObject({
      src: nonEmpty,
      alt: z.string().optional(),
      caption: z.string().optional(),
      credit: z.string().optional(),
    }),
  ],
  accepts("an image path or URL, or {src, alt, caption, credit}"),
);

export const frontMatterSchema = z.object({
  title: nonEmpty,
  date: isoDate,
  updated: isoDate.optional(),
  // Hugo lowercases slugs (`new-life-for-CRLs` is served as `new-life-for-crls`): so do we.
  slug: z
    .string()
    .transform((slug) => slug.trim().toLowerCase())
    .pipe(
      z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be letters, digits and single hyphens (lowercase is used)"),
    )
    .optional(),
  author: z
    .union(
      [authorSchema, z.array(authorSchema).min(1)],
      accepts('a name, a Markdown link "[Name](https://…)", {name, email, url}, or a list of them'),
    )
    .optional(),
  category: nonEmpty.optional(),
  tags: stringList.optional(),
  summary: z
    .union([nonEmpty.transform((s) => [s]), z.array(nonEmpty)], accepts("a text or a list of texts"))
    .optional(),
  image: imageSchema.optional(),
  related: z.array(nonEmpty).optional(),
  draft: z.boolean().optional(),
});

export type FrontMatter = z.output<typeof frontMatterSchema>;
export type AuthorInput = z.output<typeof authorSchema>;
export type ImageInput = z.output<typeof imageSchema>;

/** Canonical keys and the aliases other generators use for them. */
export const ALIASES: Record<string, keyof FrontMatter> = {
  // Astro's starters and themes, Eleventy's and Ghost's exports.
  pubDate: "date",
  pubDatetime: "date",
  publishDate: "date",
  publishedAt: "date",
  published_at: "date",
  lastmod: "updated",
  modified: "updated",
  updatedDate: "updated",
  modDatetime: "updated",
  updated_at: "updated",
  description: "summary",
  excerpt: "summary",
  authors: "author",
  categories: "category",
  heroImage: "image",
  cover: "image",
  featured_image: "image",
  featuredImage: "image",
  images: "image",
};

/**
 * Keys that are understood but carry nothing of their own: the generators' own settings for a
 * page's URL, template, order and menus (Jekyll, Hugo, Zola, Eleventy), which are not unknown.
 */
const IGNORED = new Set([
  "layout",
  "permalink",
  "published",
  "taxonomies",
  "extra",
  // Zola
  "path",
  "template",
  "aliases",
  "weight",
  "in_search_index",
  // Hugo
  "linkTitle",
  "url",
  "type",
  "keywords",
  "translationKey",
  // Jekyll plugins (jekyll-redirect-from) and Eleventy
  "redirect_from",
  "eleventyExcludeFromCollections",
  "eleventyNavigation",
]);

/** Tables whose keys are ours, by generator: Zola's `[taxonomies]` and `[extra]`. */
const NESTED = ["taxonomies", "extra"] as const;

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

/** A site's own front-matter conventions (site.yaml `frontMatter`). */
export interface SiteKeys {
  /** Keys of its own that nothing reads: no warning. */
  known?: string[];
  /** Keys of its own that mean one of ours. */
  keys?: Record<string, string>;
}

/** Folds aliases into canonical keys. `categories` gives its first entry as the category. */
export function normalizeFrontMatter(raw: Record<string, unknown>, siteKeys: SiteKeys = {}): Normalized {
  const known = new Set(siteKeys.known ?? []);
  const aliases: Record<string, string> = { ...ALIASES, ...siteKeys.keys };
  const data: Record<string, unknown> = {};
  const writtenAs: Record<string, string> = {};
  const unknownKeys: string[] = [];
  for (const [key, value] of entriesOf(raw)) {
    // `taxonomies.tags` is read as `tags`.
    const name = key.slice(key.indexOf(".") + 1);
    const mapped = siteKeys.keys?.[key] !== undefined;
    if (!KNOWN_KEYS.has(name) && !mapped) {
      if (!known.has(key)) unknownKeys.push(key);
      continue;
    }
    if (IGNORED.has(name) && !mapped) continue;
    // A key written empty (`description:`, `description: #TODO`) is unset, in every generator.
    if (value === null) continue;
    const canonical = aliases[mapped ? key : name] ?? name;
    // The canonical key, written first or not, wins over its aliases; the first alias over later ones.
    if (canonical !== name && (canonical in raw || canonical in data)) continue;
    if (canonical in data) continue;
    writtenAs[canonical] = key;
    data[canonical] = name === "categories" ? firstCategory(value) : name === "images" ? firstOf(value) : value;
  }
  // Jekyll's `published: false` is a draft; a date under `published` (Ghost, some themes) is the date.
  if (raw.published === false && data.draft === undefined) {
    data.draft = true;
    writtenAs.draft = "published";
  } else if (typeof raw.published === "string" && data.date === undefined) {
    data.date = raw.published;
    writtenAs.date = "published";
  }
  for (const key of ["title", "date"] as const) writtenAs[key] ??= key;
  return { data, writtenAs, unknownKeys };
}

/**
 * The top-level keys, then those of Zola's tables as `taxonomies.tags`, `extra.image`…: the
 * canonical key of a nested one is its last part; a top-level key of the same name wins.
 */
function entriesOf(raw: Record<string, unknown>): [string, unknown][] {
  const entries = Object.entries(raw);
  for (const table of NESTED) {
    const inner = raw[table];
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) continue;
    for (const [key, value] of Object.entries(inner)) {
      const ours = KNOWN_KEYS.has(key) && !IGNORED.has(key);
      // `[extra]` is the site's own by definition; a taxonomy we do not know is worth a warning.
      if ((ours && !(key in raw)) || (!ours && table === "taxonomies")) entries.push([`${table}.${key}`, value]);
    }
  }
  return entries;
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function firstCategory(value: unknown): unknown {
  if (Array.isArray(value)) return value[0];
  if (typeof value === "string") return value.split(",")[0]?.trim();
  return value;
}
