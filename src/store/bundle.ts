/**
 * Items are packed into bundle files, so a site of 100,000 posts stays within the number of
 * files Workers Static Assets accepts. A slug's bundle follows from the slug alone (a hash),
 * so finding an item needs no index. A bundle is one line per item after a header line of
 * slugs, so a reader parses only the item it needs.
 */

/** Average items per bundle is between half this and this. */
export const ITEMS_PER_BUNDLE = 16;

/** Number of bundles for `count` items: a power of two, so it changes rarely as a site grows. */
export function bundleCount(count: number): number {
  let n = 1;
  while (n * ITEMS_PER_BUNDLE < count) n *= 2;
  return n;
}

/** The bundle holding `slug`, 0 ≤ result < `bundles`. FNV-1a over UTF-16 units: the same on every runtime. */
export function bundleOf(slug: string, bundles: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) {
    h ^= slug.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % bundles;
}

/** One bundle's text from `[slug, item JSON]` pairs. JSON text never holds a raw newline. */
export function packBundle(entries: [slug: string, json: string][]): string {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${JSON.stringify(sorted.map((e) => e[0]))}\n${sorted.map((e) => e[1]).join("\n")}\n`;
}

/** Slug → item JSON text of one bundle; the items themselves are not parsed. */
export function unpackBundle(text: string): Map<string, string> {
  const lines = text.split("\n");
  const slugs = JSON.parse(lines[0] ?? "[]") as string[];
  return new Map(slugs.map((slug, i) => [slug, lines[i + 1] ?? "null"]));
}
