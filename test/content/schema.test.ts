import { describe, expect, it } from "vitest";
import { DATE_FORMS } from "../../src/content/date.js";
import {
  ALIASES,
  authorSchema,
  frontMatterSchema,
  imageSchema,
  isoDate,
  KNOWN_KEYS,
  normalizeFrontMatter,
} from "../../src/content/schema.js";

/** The smallest valid front matter, plus what the test is about. */
const valid = (extra: Record<string, unknown>) => ({ title: "T", date: "2025-03-30", ...extra });

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

describe("isoDate", () => {
  it("passes a Date through unchanged", () => {
    const d = new Date("2025-03-30T08:45:00Z");
    const r = isoDate.safeParse(d);
    expect(r.success).toBe(true);
    expect(r.data?.getTime()).toBe(d.getTime());
  });

  it("rejects an invalid Date object and names the bad value", () => {
    expect(isoDate.safeParse(new Date("nope")).success).toBe(false);
    const [issue] = issuesOf(isoDate.safeParse("2025-02-30"));
    expect(issue?.message).toBe(`not a date: "2025-02-30"; write ${DATE_FORMS}`);
  });
});

describe("authorSchema", () => {
  it("turns a plain name into { name }", () => {
    expect(authorSchema.parse("Barbara Kwiatkowska")).toEqual({ name: "Barbara Kwiatkowska" });
  });

  it("trims names and refuses blank ones", () => {
    expect(authorSchema.parse("  Ann  ")).toEqual({ name: "Ann" });
    expect(authorSchema.safeParse("   ").success).toBe(false);
  });

  it("accepts an object with name, email and url", () => {
    const a = { name: "Ann", email: "ann@news.example", url: "https://news.example/ann" };
    expect(authorSchema.parse(a)).toEqual(a);
  });

  it("rejects a bad e-mail address with a readable message on the email path", () => {
    expect(issuesOf(authorSchema.safeParse({ name: "Ann", email: "not-an-address" }))).toContainEqual({
      path: "email",
      message: "must be an e-mail address",
    });
  });

  it("rejects a relative url", () => {
    expect(issuesOf(authorSchema.safeParse({ name: "Ann", url: "/ann" }))).toContainEqual({
      path: "url",
      message: "must be an absolute URL",
    });
  });

  it("is strict: an unknown author key is an error", () => {
    expect(authorSchema.safeParse({ name: "Ann", twitter: "@ann" }).success).toBe(false);
  });
});

describe("imageSchema", () => {
  it("turns a URL string into { src }", () => {
    expect(imageSchema.parse("https://img.example/a.jpg")).toEqual({ src: "https://img.example/a.jpg" });
  });

  it("accepts { src, alt, caption, credit }", () => {
    const image = { src: "/images/a.jpg", alt: "A", caption: "C", credit: "© X" };
    expect(imageSchema.parse(image)).toEqual(image);
  });

  it("requires a non-empty src", () => {
    expect(imageSchema.safeParse({ alt: "no src" }).success).toBe(false);
    expect(issuesOf(imageSchema.safeParse({ src: "" }))).toContainEqual({ path: "src", message: "must not be empty" });
  });

  it("is strict: an unknown image key is an error", () => {
    expect(imageSchema.safeParse({ src: "/a.jpg", width: 10 }).success).toBe(false);
  });
});

describe("frontMatterSchema", () => {
  it("requires title and date", () => {
    const paths = issuesOf(frontMatterSchema.safeParse({})).map((i) => i.path);
    expect(paths).toContain("title");
    expect(paths).toContain("date");
  });

  it("refuses a blank title", () => {
    expect(issuesOf(frontMatterSchema.safeParse(valid({ title: "  " })))).toContainEqual({
      path: "title",
      message: "must not be empty",
    });
  });

  it("reads tags from a list, keeping numbers as strings", () => {
    expect(frontMatterSchema.parse(valid({ tags: ["Japan", 2025] })).tags).toEqual(["Japan", "2025"]);
  });

  it('reads tags from a comma-separated string ("a, b")', () => {
    expect(frontMatterSchema.parse(valid({ tags: "New York, C++ , ,Défense" })).tags).toEqual([
      "New York",
      "C++",
      "Défense",
    ]);
  });

  it('reads tags from a space-separated string ("a b") when there is no comma', () => {
    expect(frontMatterSchema.parse(valid({ tags: "japan  defence\tasia" })).tags).toEqual(["japan", "defence", "asia"]);
  });

  it("refuses an empty tag in a list", () => {
    expect(issuesOf(frontMatterSchema.safeParse(valid({ tags: ["a", " "] })))).toContainEqual({
      path: "tags.1",
      message: "must not be empty",
    });
  });

  it("reads summary as one string or a list", () => {
    expect(frontMatterSchema.parse(valid({ summary: "One point." })).summary).toEqual(["One point."]);
    expect(frontMatterSchema.parse(valid({ summary: ["One.", "Two."] })).summary).toEqual(["One.", "Two."]);
  });

  it("reads author as a string, an object or a list", () => {
    expect(frontMatterSchema.parse(valid({ author: "Ann" })).author).toEqual({ name: "Ann" });
    expect(frontMatterSchema.parse(valid({ author: { name: "Ann" } })).author).toEqual({ name: "Ann" });
    expect(frontMatterSchema.parse(valid({ author: ["Ann", { name: "Bo" }] })).author).toEqual([
      { name: "Ann" },
      { name: "Bo" },
    ]);
  });

  it("refuses an empty author list", () => {
    expect(frontMatterSchema.safeParse(valid({ author: [] })).success).toBe(false);
  });

  it("accepts only letters, digits and single hyphens in slug, lowercased", () => {
    expect(frontMatterSchema.parse(valid({ slug: "us-base-2025" })).slug).toBe("us-base-2025");
    expect(frontMatterSchema.parse(valid({ slug: "New-Life-for-CRLs" })).slug).toBe("new-life-for-crls");
    for (const slug of ["two words", "a--b", "-a", "a-", "a_b", "a/b", ""]) {
      expect(frontMatterSchema.safeParse(valid({ slug })).success, slug).toBe(false);
    }
  });

  it("requires draft to be a boolean", () => {
    expect(frontMatterSchema.parse(valid({ draft: true })).draft).toBe(true);
    expect(frontMatterSchema.safeParse(valid({ draft: "yes" })).success).toBe(false);
  });

  it("validates updated as an ISO date", () => {
    expect(frontMatterSchema.parse(valid({ updated: "2025-04-01" })).updated?.toISOString()).toBe(
      "2025-04-01T00:00:00.000Z",
    );
    expect(issuesOf(frontMatterSchema.safeParse(valid({ updated: "soon" }))).map((i) => i.path)).toEqual(["updated"]);
  });
});

describe("normalizeFrontMatter", () => {
  it("maps every documented alias to its canonical key", () => {
    expect(ALIASES).toMatchObject({
      lastmod: "updated",
      modified: "updated",
      description: "summary",
      excerpt: "summary",
      authors: "author",
      categories: "category",
    });
    for (const key of [...Object.keys(ALIASES), "title", "date", "slug", "layout", "permalink", "published"]) {
      expect(KNOWN_KEYS.has(key), key).toBe(true);
    }
  });

  it("folds aliases into canonical keys and remembers how each was written", () => {
    const n = normalizeFrontMatter({
      title: "T",
      lastmod: "2025-04-01",
      excerpt: "E",
      authors: ["Ann"],
      categories: ["World", "Asia"],
    });
    expect(n.data).toEqual({ title: "T", updated: "2025-04-01", summary: "E", author: ["Ann"], category: "World" });
    expect(n.writtenAs).toMatchObject({
      updated: "lastmod",
      summary: "excerpt",
      author: "authors",
      category: "categories",
      title: "title",
      date: "date",
    });
    expect(n.unknownKeys).toEqual([]);
  });

  it("takes the first of comma-separated categories", () => {
    expect(normalizeFrontMatter({ categories: "World, Asia" }).data.category).toBe("World");
  });

  it("maps description and modified too", () => {
    const n = normalizeFrontMatter({ description: "D", modified: "2025-04-02" });
    expect(n.data).toEqual({ summary: "D", updated: "2025-04-02" });
  });

  it("turns published: false into a draft, and published: true into nothing", () => {
    const off = normalizeFrontMatter({ published: false });
    expect(off.data.draft).toBe(true);
    expect(off.writtenAs.draft).toBe("published");
    expect(normalizeFrontMatter({ published: true }).data.draft).toBeUndefined();
  });

  it("ignores layout and permalink without calling them unknown", () => {
    const n = normalizeFrontMatter({ layout: "post", permalink: "/x/" });
    expect(n.data).toEqual({});
    expect(n.unknownKeys).toEqual([]);
  });

  it("lists unknown keys, in order, and drops them from the data", () => {
    const n = normalizeFrontMatter({ title: "T", colour: "red", mood: 3 });
    expect(n.unknownKeys).toEqual(["colour", "mood"]);
    expect(n.data).toEqual({ title: "T" });
  });

  it("lets the canonical key win over its alias when the canonical key is written first", () => {
    const n = normalizeFrontMatter({ summary: "S", description: "D" });
    expect(n.data.summary).toBe("S");
    expect(n.writtenAs.summary).toBe("summary");
  });

  // schema.ts promises "the canonical key, written first or not, wins over its alias".
  it("lets the canonical key win over its alias when the alias is written first", () => {
    const n = normalizeFrontMatter({ description: "D", summary: "S" });
    expect(n.data.summary).toBe("S");
    expect(n.writtenAs.summary).toBe("summary");
  });
});
