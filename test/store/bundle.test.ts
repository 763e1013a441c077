import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bundleCount, bundleOf, ITEMS_PER_BUNDLE, packBundle, unpackBundle } from "../../src/store/bundle.js";

describe("bundleCount", () => {
  it.each([
    [0, 1],
    [1, 1],
    [16, 1],
    [17, 2],
    [1000, 64],
    [10_000, 1024],
    [100_000, 8192],
  ])("%i items → %i bundles", (items, bundles) => {
    expect(bundleCount(items)).toBe(bundles);
  });

  it("keeps 100,000 posts' items in fewer than 10,000 files, 8 to 16 items per file on average", () => {
    for (const n of [1000, 5000, 20_000, 100_000]) {
      const average = n / bundleCount(n);
      expect(average).toBeGreaterThan(ITEMS_PER_BUNDLE / 2);
      expect(average).toBeLessThanOrEqual(ITEMS_PER_BUNDLE);
    }
    expect(bundleCount(100_000)).toBeLessThan(10_000);
  });
});

describe("bundleOf", () => {
  it("is within range and depends only on the slug", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.integer({ min: 0, max: 17 }), (slug, log) => {
        const n = 2 ** log;
        const b = bundleOf(slug, n);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(n);
        expect(bundleOf(slug, n)).toBe(b);
      }),
    );
  });

  it("spreads realistic slugs evenly: no bundle holds more than three times the average", () => {
    const slugs = Array.from({ length: 10_000 }, (_, i) => `story-number-${i}-about-the-city`);
    const counts = new Array(bundleCount(slugs.length)).fill(0);
    for (const s of slugs) counts[bundleOf(s, counts.length)]++;
    const average = slugs.length / counts.length;
    expect(Math.max(...counts)).toBeLessThan(3 * average);
    expect(counts.filter((c) => c === 0)).toHaveLength(0);
  });
});

describe("packBundle / unpackBundle", () => {
  it("round-trips any items, whatever their text, in slug order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1 }), fc.jsonValue()), { selector: (e) => e[0], maxLength: 20 }),
        (entries) => {
          const packed = packBundle(entries.map(([slug, value]) => [slug, JSON.stringify(value) ?? "null"]));
          const lines = unpackBundle(packed);
          expect([...lines.keys()]).toEqual(entries.map((e) => e[0]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          for (const [slug, value] of entries) expect(lines.get(slug)).toBe(JSON.stringify(value) ?? "null");
        },
      ),
    );
  });

  it("gives the same bytes whatever order the items come in", () => {
    const a = packBundle([
      ["b", '{"n":2}'],
      ["a", '{"n":1}'],
    ]);
    expect(a).toBe(
      packBundle([
        ["a", '{"n":1}'],
        ["b", '{"n":2}'],
      ]),
    );
    expect(a).toBe('["a","b"]\n{"n":1}\n{"n":2}\n');
  });
});
