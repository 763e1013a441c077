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

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * One bundle's bytes, with each item's JSON decoded only when asked for: a page needs one
 * item of each bundle it touches, and decoding a whole bundle costs more than reading it.
 */
export class Bundle {
  readonly bytes: Uint8Array;
  #ranges = new Map<string, [start: number, end: number]>();

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    const headerEnd = lineEnd(bytes, 0);
    const slugs = JSON.parse(decoder.decode(bytes.subarray(0, headerEnd)) || "[]") as string[];
    let start = headerEnd + 1;
    for (const slug of slugs) {
      const end = lineEnd(bytes, start);
      this.#ranges.set(slug, [start, end]);
      start = end + 1;
    }
  }

  slugs(): string[] {
    return [...this.#ranges.keys()];
  }

  /** The item's JSON text; undefined when the bundle does not hold the slug. */
  json(slug: string): string | undefined {
    const range = this.#ranges.get(slug);
    return range && decoder.decode(this.bytes.subarray(range[0], range[1]));
  }
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const end = bytes.indexOf(0x0a, from);
  return end < 0 ? bytes.length : end;
}

/** Slug → item JSON text of a whole bundle (the build and tests; a request uses `Bundle`). */
export function unpackBundle(bundle: string | Uint8Array): Map<string, string> {
  const b = new Bundle(typeof bundle === "string" ? encoder.encode(bundle) : bundle);
  return new Map(b.slugs().map((slug) => [slug, b.json(slug) as string]));
}
