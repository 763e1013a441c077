import slugify from "@sindresorhus/slugify";

// Symbols that carry meaning in tag names ("C++", "C#", "R&D") get words, so they don't collapse.
const REPLACEMENTS: [string, string][] = [
  ["&", " and "],
  ["+", " plus "],
  ["#", " sharp "],
  ["@", " at "],
];

/**
 * A stable, lowercase, URL-safe slug for a tag, category or author name.
 * Latin scripts are transliterated ("Défense" → "defense"); scripts that have no
 * transliteration ("日本") keep their letters, lowercased, and are percent-encoded in URLs.
 */
export function termSlug(name: string): string {
  const latin = slugify(name, { customReplacements: REPLACEMENTS });
  if (latin) return latin;
  const unicode = name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return unicode || "untitled";
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})-/;

/** Slug of a post from its file name: without a `YYYY-MM-DD-` prefix and extension. */
export function fileSlug(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.(md|markdown)$/i, "");
  return termSlug(base.replace(DATE_PREFIX, ""));
}

/** The `YYYY-MM-DD` prefix of a file name, if it has one. */
export function fileDate(fileName: string): string | undefined {
  return DATE_PREFIX.exec(fileName.replace(/^.*[\\/]/, ""))?.[1];
}
