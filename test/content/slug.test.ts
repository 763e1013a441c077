import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSlug, fileDate, fileSlug, termSlug } from "../../src/content/slug.js";

/** Names of every kind a tag, category or author may have. */
const NAMES = [
  "New York",
  "C++",
  "C#",
  "Défense",
  "日本",
  "R&D",
  "a@b",
  "  Spaces  ",
  "UPPER case",
  "Ünïcödé Straße",
  "Привет мир",
  "中文 标签",
  "한국어",
  "Ελληνικά",
  "A/B",
  "50% off",
  "x?y=z#frag",
  "e.g.",
  "Node.js",
  "I'm here",
  "tab\there",
  "new\nline",
  "---",
  "",
  "🎉",
  "İstanbul",
];

describe("termSlug", () => {
  it.each([
    ["New York", "new-york"],
    ["C++", "c-plus-plus"],
    ["C#", "c-sharp"],
    ["Défense", "defense"],
    ["R&D", "r-and-d"],
    ["a & b", "a-and-b"],
    ["Kraków", "krakow"],
    ["Émile Zola", "emile-zola"],
    ["  Padded  ", "padded"],
    ["UPPER CASE", "upper-case"],
  ])("%j → %j", (name, slug) => {
    expect(termSlug(name)).toBe(slug);
  });

  it('keeps the letters of scripts without a transliteration ("日本")', () => {
    expect(termSlug("日本")).toBe("日本");
    expect(encodeURIComponent(termSlug("日本"))).toBe("%E6%97%A5%E6%9C%AC");
    expect(termSlug("한국어")).toBe("한국어");
  });

  it("joins words of such scripts with a hyphen", () => {
    expect(termSlug("中文 标签")).toBe("中文-标签");
  });

  it("gives symbols words so names don't collapse", () => {
    const slugs = ["C", "C++", "C#", "F#", "R&D", "RD"].map(termSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it("never returns an empty slug", () => {
    for (const name of ["", "---", "🎉", "   ", "!!!"]) {
      expect(termSlug(name), JSON.stringify(name)).not.toBe("");
    }
  });

  it.each(NAMES)("%j: stable (same input, same output)", (name) => {
    expect(termSlug(name)).toBe(termSlug(name));
    expect(termSlug(String(name))).toBe(termSlug(`${name}`));
  });

  it.each(NAMES)("%j: lowercase", (name) => {
    const slug = termSlug(name);
    expect(slug).toBe(slug.toLowerCase());
  });

  it.each(NAMES)("%j: URL-safe (one path segment, no spaces or reserved characters)", (name) => {
    const slug = termSlug(name);
    expect(slug).not.toMatch(/[\s/\\?#%&+=:@'".]/);
    expect(slug).not.toMatch(/^-|-$|--/);
    expect(() => encodeURIComponent(slug)).not.toThrow();
    expect(decodeURIComponent(encodeURIComponent(slug))).toBe(slug);
    // Only letters, digits and hyphens: ASCII slugs need no escaping at all.
    expect(slug).toMatch(/^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u);
    if (/^[\x20-\x7e]*$/.test(slug)) expect(encodeURIComponent(slug)).toBe(slug);
  });

  it("does not depend on case or accents of Latin names", () => {
    expect(termSlug("DÉFENSE")).toBe(termSlug("défense"));
    expect(termSlug("NEW YORK")).toBe(termSlug("new york"));
    expect(termSlug("c++")).toBe(termSlug("C++"));
  });

  // A tag written "JavaScript" in one post and "javascript" in another must be one tag page.
  it.each([
    ["JavaScript", "javascript"],
    ["TypeScript", "typescript"],
    ["GitHub", "github"],
    ["iPhone", "iphone"],
  ])("does not depend on camel case: %j and %j share a slug", (camel, lower) => {
    expect(termSlug(camel)).toBe(termSlug(lower));
    expect(termSlug(camel)).toBe(lower);
  });

  // "Scripts without a Latin transliteration keep their letters" — also next to Latin words.
  it("keeps non-Latin letters next to Latin ones, so different names get different slugs", () => {
    expect(termSlug("Python 入門")).not.toBe(termSlug("Python 応用"));
    expect(termSlug("日本 Japan")).not.toBe(termSlug("Japan"));
  });
});

describe("fileSlug", () => {
  it("drops the directory, the date prefix and the extension", () => {
    expect(fileSlug("posts/2025-03-30-us-combat-base-japan.md")).toBe("us-combat-base-japan");
    expect(fileSlug("posts/japan.markdown")).toBe("japan");
    expect(fileSlug("C:\\posts\\2025-03-30-windows.md")).toBe("windows");
  });

  it("slugifies what is left", () => {
    expect(fileSlug("posts/2025-03-30-Japan Base.MD")).toBe("japan-base");
    expect(fileSlug("posts/C++ tips.md")).toBe("c-plus-plus-tips");
    expect(fileSlug("posts/日本.md")).toBe("日本");
  });

  it("strips a date prefix once, with one-digit month and day as Jekyll allows", () => {
    expect(fileSlug("posts/2025-3-30-x.md")).toBe("x");
    expect(fileSlug("posts/25-03-30-x.md")).toBe("25-03-30-x");
    expect(fileSlug("posts/2025-03-30-2025-04-01-x.md")).toBe("2025-04-01-x");
    expect(fileSlug("posts/x-2025-03-30-y.md")).toBe("x-2025-03-30-y");
  });

  it("is a valid front-matter slug", () => {
    for (const file of ["posts/2025-03-30-Hello, World!.md", "posts/R&D.md", "posts/a.b.md"]) {
      expect(fileSlug(file), file).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
  });
});

describe("fileDate", () => {
  it("returns the YYYY-MM-DD prefix of the file name", () => {
    expect(fileDate("posts/2025-03-30-japan.md")).toBe("2025-03-30");
    expect(fileDate("C:\\posts\\2025-03-30-japan.md")).toBe("2025-03-30");
  });

  it("reads Jekyll's one-digit month and day as YYYY-MM-DD", () => {
    expect(fileDate("posts/2025-3-7-japan.md")).toBe("2025-03-07");
  });

  it("returns undefined without a full prefix followed by a hyphen", () => {
    expect(fileDate("posts/japan.md")).toBeUndefined();
    expect(fileDate("posts/2025-03-30.md")).toBeUndefined();
    expect(fileDate("posts/2025-330-japan.md")).toBeUndefined();
    expect(fileDate("posts/x-2025-03-30-japan.md")).toBeUndefined();
  });

  it("looks at the file name only, not at directories", () => {
    expect(fileDate("2025-03-30-drafts/japan.md")).toBeUndefined();
  });
});

describe("the shortcut for names that are slugs already", () => {
  it("gives what the full rule gives, for any name of words of ASCII letters and digits joined by hyphens", () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
    const name = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join("-"));
    fc.assert(
      fc.property(name, (n) => {
        expect(termSlug(n)).toBe(computeSlug(n));
      }),
      { numRuns: 2000 },
    );
  });

  it("still bounds a long one", () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join("-");
    expect(termSlug(long)).toBe(computeSlug(long));
    expect(termSlug(long).length).toBeLessThan(long.length);
  });
});
