import { createHash } from "node:crypto";
import slugify from "@sindresorhus/slugify";

// Symbols that carry meaning in tag names ("C++", "C#", "R&D") get words, so they don't collapse.
const SLUGIFY = {
  customReplacements: [
    ["&", " and "],
    ["+", " plus "],
    ["#", " sharp "],
    ["@", " at "],
  ] as [string, string][],
  // "JavaScript" and "javascript" are the same tag.
  decamelize: false,
};

/**
 * A stable, lowercase, URL-safe slug for a tag, category or author name.
 * Latin scripts are transliterated ("Défense" → "defense"); scripts that have no
 * transliteration ("日本") keep their letters, lowercased, and are percent-encoded in URLs.
 */
export function termSlug(name: string): string {
  let slug = known.get(name);
  if (slug === undefined) {
    // A name that is a slug already (most post file names) is what slugify would make of it.
    slug = SLUG_SHAPED.test(name) ? bounded(name, name, MAX_LATIN) : computeSlug(name);
    if (known.size > 100_000) known.clear();
    known.set(name, slug);
  }
  return slug;
}

// A site has a few hundred distinct tags used thousands of times: slugify each name once.
const known = new Map<string, string>();

/** Lowercase ASCII letters and digits in words joined by single hyphens: slugify leaves these as they are. */
const SLUG_SHAPED = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug rule in full, without the cache and the shortcut for names that are slugs already. */
export function computeSlug(name: string): string {
  const latin = slugify(name, SLUGIFY);
  // Every word must survive transliteration, or "Python 入門" and "Python 応用" would both be "python".
  const lossless = name.split(/[\s\p{P}\p{S}]+/u).every((word) => !/\p{L}/u.test(word) || slugify(word, SLUGIFY));
  if (latin && lossless) return bounded(latin, name, MAX_LATIN);
  const unicode = name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return unicode ? bounded(unicode, name, MAX_UNICODE) : "untitled";
}

// Slugs become URL segments and file names (≤ 255 bytes, non-ASCII hex-encoded): keep them short.
const MAX_LATIN = 80;
const MAX_UNICODE = 24;

/** Cuts an over-long slug and adds a hash of the full name, so two long names never share a slug. */
function bounded(slug: string, name: string, max: number): string {
  const chars = [...slug];
  if (chars.length <= max) return slug;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${chars.slice(0, max).join("").replace(/-+$/, "")}-${hash}`;
}

/** Jekyll's own rule: `2016-11-5-title` (one-digit month and day) is as dated as `2016-11-05-title`. */
const DATE_PREFIX = /^(\d{4})-(\d{1,2})-(\d{1,2})-/;

/** Slug of a post from its file name: without a `YYYY-MM-DD-` prefix and extension. */
export function fileSlug(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  let base = (parts.at(-1) ?? "").replace(/\.(md|markdown|mdx|html?)$/i, "");
  // A page bundle (`my-post/index.md`, Hugo and Astro) is named by its folder.
  if (/^index$/i.test(base) && parts.length > 1) base = parts.at(-2) ?? base;
  return termSlug(base.replace(DATE_PREFIX, ""));
}

/** The `YYYY-MM-DD` prefix of a file name (`YYYY-M-D` as Jekyll allows), as `YYYY-MM-DD`, if it has one. */
export function fileDate(fileName: string): string | undefined {
  const parts = fileName.split(/[\\/]/);
  const base = parts.at(-1) ?? "";
  const named = /^index\./i.test(base) && parts.length > 1 ? (parts.at(-2) ?? base) : base;
  const m = DATE_PREFIX.exec(named);
  return m ? `${m[1]}-${m[2]?.padStart(2, "0")}-${m[3]?.padStart(2, "0")}` : undefined;
}

/**
 * A reference to another post written as its file name (`2017-7-28-mixing-audio`, an Astro or
 * Jekyll entry id) is that post's slug; any other reference is taken as written.
 */
export function refSlug(ref: string): string {
  return DATE_PREFIX.test(ref) ? fileSlug(ref) : ref;
}
