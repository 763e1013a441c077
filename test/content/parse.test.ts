import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATE_FORMS } from "../../src/content/date.js";
import { parsePost } from "../../src/content/parse.js";
import type { Post } from "../../src/content/post.js";
import { formatProblem, type Problem } from "../../src/content/problem.js";

const OPTS = { defaultAuthor: { name: "Desk" } };
const FILE = "posts/x.md";

/** A post file: `---`, the given front-matter lines, `---`, then the body. Line 1 is the opening `---`. */
const doc = (frontMatter: string, body = "Body text.\n") => `---\n${frontMatter}\n---\n${body}`;

const parse = (text: string, file = FILE) => parsePost(file, text, OPTS);

/** 1-based line of the first line of `text` that contains `needle`. */
function lineNo(text: string, needle: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`test bug: ${JSON.stringify(needle)} is not in the text`);
  return index + 1;
}

function postOf(text: string, file = FILE): Post {
  const result = parse(text, file);
  expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  expect(result.post).toBeDefined();
  return result.post as Post;
}

function errorsOf(text: string, file = FILE): Problem[] {
  const result = parse(text, file);
  expect(result.post).toBeUndefined();
  const errors = result.problems.filter((p) => p.severity === "error");
  expect(errors.length).toBeGreaterThan(0);
  return errors;
}

function onlyError(text: string, file = FILE): Problem {
  const errors = errorsOf(text, file);
  expect(errors).toHaveLength(1);
  return errors[0] as Problem;
}

function warningsOf(text: string): Problem[] {
  return parse(text).problems.filter((p) => p.severity === "warning");
}

// Dates must not depend on the machine's time zone: run this file away from UTC.
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "America/New_York";
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe("a valid post", () => {
  const text = doc(
    [
      'title: "US plans a new combat base in Japan"',
      "date: 2025-03-30T08:45:00Z",
      "updated: 2025-03-30T15:10:00Z",
      "author: Barbara Kwiatkowska",
      "category: World",
      "tags: [Japan, United States, Defence]",
      "summary:",
      '  - "**A combat-ready base:** not only a host."',
      "image:",
      "  src: /images/base.jpg",
      '  alt: "Map"',
      "related: [pacific-fisheries-agreement]",
    ].join("\n"),
    "The lead paragraph.\n\n## What is the base for?\n",
  );

  it("has every field, typed and normalised", () => {
    const post = postOf(text, "posts/2025-03-30-us-combat-base-japan.md");
    expect(post.file).toBe("posts/2025-03-30-us-combat-base-japan.md");
    expect(post.slug).toBe("us-combat-base-japan");
    expect(post.title).toBe("US plans a new combat base in Japan");
    expect(post.date.toISOString()).toBe("2025-03-30T08:45:00.000Z");
    expect(post.updated.toISOString()).toBe("2025-03-30T15:10:00.000Z");
    expect(post.authors).toEqual([{ name: "Barbara Kwiatkowska", slug: "barbara-kwiatkowska" }]);
    expect(post.category).toEqual({ name: "World", slug: "world" });
    expect(post.tags).toEqual([
      { name: "Japan", slug: "japan" },
      { name: "United States", slug: "united-states" },
      { name: "Defence", slug: "defence" },
    ]);
    expect(post.summary).toEqual(["**A combat-ready base:** not only a host."]);
    expect(post.image).toEqual({ src: "/images/base.jpg", alt: "Map" });
    expect(post.related).toEqual(["pacific-fisheries-agreement"]);
    expect(post.draft).toBe(false);
    expect(post.body).toBe("The lead paragraph.\n\n## What is the base for?\n");
  });

  it("has no problems at all", () => {
    expect(parse(text).problems).toEqual([]);
  });

  it("uses the default author, updated = date, no tags, no summary when they are absent", () => {
    const post = postOf(doc("title: T\ndate: 2025-03-30"));
    expect(post.authors).toEqual([{ name: "Desk", slug: "desk" }]);
    expect(post.updated.getTime()).toBe(post.date.getTime());
    expect(post.tags).toEqual([]);
    expect(post.summary).toEqual([]);
    expect(post.related).toEqual([]);
    expect(post.category).toBeUndefined();
    expect(post.image).toBeUndefined();
  });
});

describe("required keys", () => {
  it("a missing title is 'required', on the title field", () => {
    const e = onlyError(doc("date: 2025-03-30"));
    expect(e).toMatchObject({ file: FILE, field: "title", message: "required", severity: "error" });
  });

  it("a missing title points at the start of the front matter (line 1)", () => {
    expect(onlyError(doc("date: 2025-03-30")).line).toBe(1);
  });

  it("a missing date is 'required', on the date field, line 1", () => {
    const e = onlyError(doc("title: T"));
    expect(e).toMatchObject({ file: FILE, line: 1, field: "date", severity: "error" });
    expect(e.message).toBe("required");
  });

  it("empty front matter reports title as required", () => {
    const errors = errorsOf("---\n---\nBody\n");
    expect(errors.find((e) => e.field === "title")?.message).toBe("required");
    expect(errors.map((e) => e.field)).toContain("date");
  });

  it("a blank title is an error on title", () => {
    const text = doc('title: "  "\ndate: 2025-03-30');
    expect(onlyError(text)).toMatchObject({ field: "title", message: "must not be empty" });
  });
});

describe("dates", () => {
  it("the test really runs away from UTC", () => {
    expect(new Date(2025, 0, 15).getTimezoneOffset()).not.toBe(0);
  });

  it("a date-only value means midnight UTC", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30")).date.toISOString()).toBe("2025-03-30T00:00:00.000Z");
  });

  it("a date-time without a zone means UTC", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30T08:45:00")).date.toISOString()).toBe("2025-03-30T08:45:00.000Z");
  });

  it("a date-time with an offset is converted", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30T08:45:00+02:00")).date.toISOString()).toBe(
      "2025-03-30T06:45:00.000Z",
    );
  });

  it.each(["2025-02-30", "yesterday", "2025-13-01", "30.03.2025"])(
    "date: %s is an error naming the date field",
    (value) => {
      const e = onlyError(doc(`title: T\ndate: ${value}`));
      expect(e.field).toBe("date");
      expect(e.severity).toBe("error");
      expect(e.message).toContain(value);
    },
  );

  it("an invalid date is reported on the line where `date:` is written", () => {
    const text = doc("title: T\nauthor: Ann\ndate: 2025-02-30\ncategory: World");
    expect(onlyError(text).line).toBe(lineNo(text, "date:"));
    expect(onlyError(text).line).toBe(4);
  });

  it('date: "yesterday" is reported on its own line', () => {
    const text = doc("title: T\ndate: yesterday");
    expect(onlyError(text).line).toBe(3);
  });

  it("updated earlier than date is a warning, and updated falls back to date", () => {
    const result = parse(doc("title: T\ndate: 2025-03-30\nupdated: 2025-03-29T10:00:00"));
    expect(result.post?.updated.toISOString()).toBe("2025-03-30T00:00:00.000Z");
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ field: "updated", severity: "warning" });
    expect(result.problems[0]?.message).toMatch(/before `date`/);
  });

  it("the updated-before-date warning points at the updated line", () => {
    const text = doc("title: T\ndate: 2025-03-30\nupdated: 2025-03-29");
    expect(warningsOf(text)[0]?.line).toBe(lineNo(text, "updated:"));
  });

  it("an invalid updated is an error on updated", () => {
    expect(onlyError(doc("title: T\ndate: 2025-03-30\nupdated: soon"))).toMatchObject({
      field: "updated",
      severity: "error",
    });
  });

  it("takes the date from a YYYY-MM-DD- file-name prefix when the front matter has none", () => {
    const post = postOf(doc("title: T"), "posts/2025-03-04-hello-world.md");
    expect(post.date.toISOString()).toBe("2025-03-04T00:00:00.000Z");
    expect(post.slug).toBe("hello-world");
  });

  it("prefers the front-matter date over the file-name prefix", () => {
    const post = postOf(doc("title: T\ndate: 2025-05-06"), "posts/2025-03-04-x.md");
    expect(post.date.toISOString()).toBe("2025-05-06T00:00:00.000Z");
  });

  it("an impossible file-name date is an error on date", () => {
    expect(onlyError(doc("title: T"), "posts/2025-02-30-x.md")).toMatchObject({ field: "date", severity: "error" });
  });
});

describe("authors", () => {
  it("a string is one author", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\nauthor: Ann Lee")).authors).toEqual([
      { name: "Ann Lee", slug: "ann-lee" },
    ]);
  });

  it("an object keeps email and url", () => {
    const post = postOf(
      doc(
        "title: T\ndate: 2025-03-30\nauthor:\n  name: Ann Lee\n  email: ann@news.example\n  url: https://ann.example/",
      ),
    );
    expect(post.authors).toEqual([
      { name: "Ann Lee", slug: "ann-lee", email: "ann@news.example", url: "https://ann.example/" },
    ]);
  });

  it("a list mixes names and objects, in order", () => {
    const post = postOf(
      doc("title: T\ndate: 2025-03-30\nauthor:\n  - Ann Lee\n  - name: Bo Chen\n    email: bo@x.example"),
    );
    expect(post.authors).toEqual([
      { name: "Ann Lee", slug: "ann-lee" },
      { name: "Bo Chen", slug: "bo-chen", email: "bo@x.example" },
    ]);
  });

  it("a list with duplicates keeps each author once (first spelling)", () => {
    const post = postOf(doc("title: T\ndate: 2025-03-30\nauthor: [Ann Lee, Bo Chen, ann lee, {name: Ann Lee}]"));
    expect(post.authors.map((a) => a.name)).toEqual(["Ann Lee", "Bo Chen"]);
  });

  it("an invalid e-mail address is an error on author.email", () => {
    const text = doc("title: T\ndate: 2025-03-30\nauthor:\n  name: Ann\n  email: nope");
    expect(onlyError(text)).toMatchObject({ field: "author.email", message: "must be an e-mail address" });
  });

  it.each([
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
  ])("an author url %s is an error on author.url, with its line", (url) => {
    const text = doc(`title: T\ndate: 2025-03-30\nauthor:\n  name: Ann\n  url: ${JSON.stringify(url)}`);
    const error = onlyError(text);
    expect(formatProblem(error)).toBe(`${FILE}:${lineNo(text, "url:")}: author.url: must be an http(s) or mailto: URL`);
  });

  it("an author url may be http, https or mailto", () => {
    for (const url of ["http://ann.example/", "https://ann.example/about", "mailto:ann@news.example"]) {
      const post = postOf(doc(`title: T\ndate: 2025-03-30\nauthor:\n  name: Ann\n  url: ${url}`));
      expect(post.authors[0]?.url).toBe(url);
    }
  });

  it("an invalid e-mail in a list is an error on author[1].email", () => {
    const text = doc("title: T\ndate: 2025-03-30\nauthor:\n  - Ann\n  - name: Bo\n    email: nope");
    expect(onlyError(text)).toMatchObject({ field: "author[1].email", message: "must be an e-mail address" });
  });

  it.each([
    [
      "author: 42",
      "author",
      'must be a name, a Markdown link "[Name](https://…)", {name, email, url}, or a list of them',
    ],
    ["tags: 4", "tags", "must be a list or a comma-separated text"],
    ["summary: 3", "summary", "must be a text or a list of texts"],
    ["image: 5", "image", "must be an image path or URL, or {src, alt, caption, credit}"],
  ])("%s, of no form the field takes, says which forms it takes", (line, field, message) => {
    const text = doc(`title: T\ndate: 2025-03-30\n${line}`);
    expect(formatProblem(onlyError(text))).toBe(`${FILE}:${lineNo(text, `${field}:`)}: ${field}: ${message}`);
  });

  it("an empty author list is an error on author", () => {
    expect(onlyError(doc("title: T\ndate: 2025-03-30\nauthor: []")).field).toBe("author");
  });
});

describe("tags, summary, image, category, related", () => {
  it("tags as a list", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\ntags: [Japan, New York]")).tags).toEqual([
      { name: "Japan", slug: "japan" },
      { name: "New York", slug: "new-york" },
    ]);
  });

  it('tags as a comma-separated string ("a, b")', () => {
    const post = postOf(doc("title: T\ndate: 2025-03-30\ntags: New York, C++"));
    expect(post.tags.map((t) => t.name)).toEqual(["New York", "C++"]);
    expect(post.tags.map((t) => t.slug)).toEqual(["new-york", "c-plus-plus"]);
  });

  it('tags as a space-separated string ("a b")', () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\ntags: japan defence")).tags.map((t) => t.name)).toEqual([
      "japan",
      "defence",
    ]);
  });

  it("tags that differ only in case or accents are kept once, first spelling", () => {
    const post = postOf(doc("title: T\ndate: 2025-03-30\ntags: [Défense, defense, DEFENSE, Japan]"));
    expect(post.tags).toEqual([
      { name: "Défense", slug: "defense" },
      { name: "Japan", slug: "japan" },
    ]);
  });

  // parse.ts: "Tags that differ only in case or accents share a slug".
  it("camel-case tags share a slug with their lowercase spelling (JavaScript / javascript)", () => {
    const post = postOf(doc("title: T\ndate: 2025-03-30\ntags: [JavaScript, javascript]"));
    expect(post.tags).toEqual([{ name: "JavaScript", slug: "javascript" }]);
  });

  it("an empty tag in a list is an error on tags[1]", () => {
    expect(onlyError(doc('title: T\ndate: 2025-03-30\ntags: [a, ""]'))).toMatchObject({
      field: "tags[1]",
      message: "must not be empty",
    });
  });

  it("summary as a string is one bullet", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\nsummary: One point.")).summary).toEqual(["One point."]);
  });

  it("summary as a list keeps every bullet in order", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\nsummary:\n  - One.\n  - Two.")).summary).toEqual(["One.", "Two."]);
  });

  it("image as a URL string", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\nimage: https://img.example/a.jpg")).image).toEqual({
      src: "https://img.example/a.jpg",
    });
  });

  it("image as an object", () => {
    const post = postOf(
      doc('title: T\ndate: 2025-03-30\nimage:\n  src: /images/a.jpg\n  alt: A\n  caption: C\n  credit: "© X"'),
    );
    expect(post.image).toEqual({ src: "/images/a.jpg", alt: "A", caption: "C", credit: "© X" });
  });

  it("an empty image src is an error on image.src", () => {
    expect(onlyError(doc('title: T\ndate: 2025-03-30\nimage:\n  src: ""\n  alt: A'))).toMatchObject({
      field: "image.src",
      message: "must not be empty",
    });
  });

  it("category is a term with a slug", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\ncategory: Science & Tech")).category).toEqual({
      name: "Science & Tech",
      slug: "science-and-tech",
    });
  });

  it("draft: true is a draft", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\ndraft: true")).draft).toBe(true);
  });
});

describe("slug", () => {
  it("defaults to the file name without the date prefix and extension", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30"), "posts/2025-03-30-us-combat-base-japan.md").slug).toBe(
      "us-combat-base-japan",
    );
    expect(postOf(doc("title: T\ndate: 2025-03-30"), "posts/Hello World.markdown").slug).toBe("hello-world");
  });

  it("an explicit slug wins over the file name", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\nslug: my-post-2"), "posts/2025-03-30-other.md").slug).toBe(
      "my-post-2",
    );
  });

  it.each(["Bad Slug", "a--b", "-a", "café"])("slug: %s is an error on slug", (slug) => {
    const e = onlyError(doc(`title: T\ndate: 2025-03-30\nslug: ${slug}`));
    expect(e).toMatchObject({ field: "slug", severity: "error" });
    expect(e.message).toMatch(/lowercase/);
  });

  it("an invalid slug is reported on the slug line", () => {
    const text = doc("title: T\ndate: 2025-03-30\nslug: Bad Slug");
    expect(onlyError(text).line).toBe(4);
  });
});

describe("unknown keys and aliases", () => {
  it("an unknown key is a warning, not an error, and the post is still parsed", () => {
    const result = parse(doc("title: T\ndate: 2025-03-30\ncolour: red"));
    expect(result.post?.title).toBe("T");
    expect(result.problems).toEqual([
      expect.objectContaining({ field: "colour", severity: "warning", message: "unknown key, ignored" }),
    ]);
  });

  it("the unknown-key warning is on the line of that key", () => {
    const text = doc("title: T\ndate: 2025-03-30\ncolour: red\ncategory: World");
    expect(warningsOf(text)[0]?.line).toBe(lineNo(text, "colour:"));
    expect(warningsOf(text)[0]?.line).toBe(4);
  });

  it("layout and permalink are ignored silently", () => {
    expect(parse(doc("title: T\ndate: 2025-03-30\nlayout: post\npermalink: /x/")).problems).toEqual([]);
  });

  it("categories: the first one is the category", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\ncategories: [World, Asia]")).category).toEqual({
      name: "World",
      slug: "world",
    });
  });

  it("description and excerpt are the summary", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\ndescription: D")).summary).toEqual(["D"]);
    expect(postOf(doc("title: T\ndate: 2025-03-30\nexcerpt: E")).summary).toEqual(["E"]);
  });

  it("lastmod and modified are updated", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\nlastmod: 2025-04-01")).updated.toISOString()).toBe(
      "2025-04-01T00:00:00.000Z",
    );
    expect(postOf(doc("title: T\ndate: 2025-03-30\nmodified: 2025-04-02T10:00:00Z")).updated.toISOString()).toBe(
      "2025-04-02T10:00:00.000Z",
    );
  });

  it("authors is author", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\nauthors: [Ann, Bo]")).authors.map((a) => a.slug)).toEqual([
      "ann",
      "bo",
    ]);
  });

  it("published: false is a draft; published: true is not", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\npublished: false")).draft).toBe(true);
    expect(postOf(doc("title: T\ndate: 2025-03-30\npublished: true")).draft).toBe(false);
  });

  it("errors name the key as written (alias), with its path", () => {
    expect(onlyError(doc("title: T\ndate: 2025-03-30\nlastmod: soon")).field).toBe("lastmod");
    expect(onlyError(doc("title: T\ndate: 2025-03-30\nauthors:\n  - name: Bo\n    url: not-a-url")).field).toBe(
      "authors[0].url",
    );
  });

  it("the canonical key wins over its alias even when the alias is written first", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30\ndescription: D\nsummary: S")).summary).toEqual(["S"]);
  });
});

describe("front matter framing", () => {
  it("a file without front matter is an error on line 1", () => {
    const e = onlyError("# Just a heading\n\nBody\n");
    expect(e).toMatchObject({ line: 1, field: "front matter", severity: "error" });
    expect(e.message).toMatch(/missing/);
  });

  it("an empty file is an error", () => {
    expect(onlyError("").field).toBe("front matter");
  });

  it("front matter that is never closed is an error", () => {
    const e = onlyError("---\ntitle: T\ndate: 2025-03-30\n\nBody without a closing line\n");
    expect(e).toMatchObject({ line: 1, field: "front matter" });
    expect(e.message).toMatch(/not closed/);
  });

  it("front matter that is not a mapping is an error", () => {
    expect(onlyError("---\n- a\n- b\n---\nBody\n")).toMatchObject({
      field: "front matter",
      message: "must be a mapping of keys to values",
    });
  });

  it("the body is everything after the closing line", () => {
    expect(postOf(doc("title: T\ndate: 2025-03-30", "First.\n\n---\n\nAfter a rule.\n")).body).toBe(
      "First.\n\n---\n\nAfter a rule.\n",
    );
  });

  it("a post whose file ends right after the closing line has an empty body", () => {
    expect(postOf("---\ntitle: T\ndate: 2025-03-30\n---").body).toBe("");
  });

  it("comments in the front matter are fine", () => {
    expect(postOf("---\n# a comment\n\ntitle: T # trailing\ndate: 2025-03-30\n---\nB\n").title).toBe("T");
  });
});

describe("malformed YAML", () => {
  const text = doc("title: T\ndate: 2025-03-30\nfoo: : bar\ncategory: World");

  it("is an error on 'front matter' that says invalid YAML", () => {
    const e = onlyError(text);
    expect(e.field).toBe("front matter");
    expect(e.message).toMatch(/^invalid YAML: /);
  });

  it("maps the YAML line to the file line (the YAML starts on file line 2)", () => {
    expect(onlyError(text).line).toBe(lineNo(text, "foo: : bar"));
    expect(onlyError(text).line).toBe(4);
  });

  it("a duplicate key is an error on the line of the duplicate", () => {
    const dup = doc("title: T\ndate: 2025-03-30\ntitle: U");
    const e = onlyError(dup);
    expect(e.field).toBe("front matter");
    expect(e.message).toMatch(/unique/i);
    expect(e.line).toBe(4);
  });
});

describe("code in front matter is refused and never run", () => {
  const g = globalThis as { __pwned?: unknown };

  it.each(["js", "javascript", "JS", "Javascript"])("---%s is refused with a clear message", (lang) => {
    g.__pwned = undefined;
    const e = onlyError(`---${lang}\n{ title: (globalThis.__pwned = true, "T"), date: "2025-01-01" }\n---\nBody\n`);
    expect(e).toMatchObject({ line: 1, field: "front matter", severity: "error" });
    expect(e.message).toMatch(/JavaScript front matter is not allowed/);
    expect(e.message).toMatch(/YAML/);
    expect(g.__pwned).toBeUndefined();
  });

  it("the refused JavaScript did not run (the same file would set a global if it did)", () => {
    g.__pwned = undefined;
    const result = parse(
      '---js\n(function () { globalThis.__pwned = true; return { title: "T", date: "2025-01-01" }; })()\n---\nBody\n',
    );
    expect(result.post).toBeUndefined();
    expect(result.problems[0]?.message).toMatch(/not allowed/);
    expect(g.__pwned).toBeUndefined();
  });

  it.each([
    ["coffee", "CoffeeScript"],
    ["json", "JSON"],
    ["toml", "TOML"],
  ])("---%s is refused", (lang, name) => {
    const e = onlyError(`---${lang}\n{"title": "T", "date": "2025-01-01"}\n---\nBody\n`);
    expect(e.field).toBe("front matter");
    expect(e.message).toContain(`${name} front matter is not allowed`);
  });

  it("an unknown language is an error, not a crash", () => {
    expect(onlyError("---perl\ntitle: T\n---\nBody\n").field).toBe("front matter");
  });

  it("---yaml and ---yml are plain YAML", () => {
    expect(postOf("---yaml\ntitle: T\ndate: 2025-03-30\n---\nB\n").title).toBe("T");
    expect(postOf("---yml\ntitle: T\ndate: 2025-03-30\n---\nB\n").title).toBe("T");
  });

  it("YAML tags from js-yaml's unsafe schema are not evaluated", () => {
    g.__pwned = undefined;
    const result = parse(doc('title: !!js/function "function () { globalThis.__pwned = true }"\ndate: 2025-03-30'));
    expect(g.__pwned).toBeUndefined();
    if (result.post) expect(typeof result.post.title).toBe("string");
  });

  it("a __proto__ key does not pollute Object.prototype", () => {
    parse(doc("title: T\ndate: 2025-03-30\n__proto__:\n  polluted: yes"));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("YAML alias bomb (billion laughs)", () => {
  const lol = (name: string, ref: string) => `${name}: &${name} [${Array(9).fill(`*${ref}`).join(", ")}]`;
  const bomb = doc(
    [
      "title: T",
      "date: 2025-03-30",
      'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
      lol("b", "a"),
      lol("c", "b"),
      lol("d", "c"),
      lol("e", "d"),
      lol("f", "e"),
      lol("g", "f"),
      lol("h", "g"),
      lol("i", "h"),
      "tags: *i",
    ].join("\n"),
  );

  it("is an error on the front matter, found without expanding it", { timeout: 2_000 }, () => {
    const e = onlyError(bomb);
    expect(e.field).toBe("front matter");
    expect(e.message).toMatch(/alias/i);
  });

  it("a few ordinary aliases are still fine", () => {
    const post = postOf(doc("title: T\ndate: 2025-03-30\nx-tags: &t [a, b]\ntags: *t"));
    expect(post.tags.map((t) => t.slug)).toEqual(["a", "b"]);
  });
});

describe("BOM and CRLF", () => {
  const crlf =
    "\uFEFF---\r\ntitle: T\r\ndate: 2025-03-30\r\ncolour: red\r\ntags:\r\n  - a\r\n  - ''\r\ncategory: World\r\n---\r\nBody\r\n";

  it("a UTF-8 BOM and CRLF line endings parse", () => {
    const result = parse("\uFEFF---\r\ntitle: T\r\ndate: 2025-03-30\r\n---\r\nBody line\r\n");
    expect(result.problems).toEqual([]);
    expect(result.post?.title).toBe("T");
    expect(result.post?.date.toISOString()).toBe("2025-03-30T00:00:00.000Z");
    expect(result.post?.body.trim()).toBe("Body line");
  });

  it("the title does not keep a stray \\r", () => {
    expect(postOf("---\r\ntitle: T\r\ndate: 2025-03-30\r\n---\r\nB\r\n").title).toBe("T");
  });

  // Windows editors save CRLF; the README's own example ends its front matter with `related: [...]`.
  it.each([
    ['title: "Quoted"', "title", "Quoted"],
    ["title: 'Quoted'", "title", "Quoted"],
    [
      "tags: [a, b]",
      "tags",
      [
        { name: "a", slug: "a" },
        { name: "b", slug: "b" },
      ],
    ],
  ])("CRLF front matter whose last line is %s parses", (last, key, expected) => {
    const head = key === "title" ? "" : "title: T\r\n";
    const text = `---\r\n${head}date: 2025-03-30\r\n${last}\r\n---\r\nBody\r\n`;
    const result = parse(text);
    expect(result.problems).toEqual([]);
    expect(result.post?.[key as keyof Post]).toEqual(expected);
  });

  it("line numbers stay right with a BOM and CRLF", () => {
    const problems = parse(crlf).problems;
    expect(problems.find((p) => p.field === "colour")?.line).toBe(4);
    expect(problems.find((p) => p.field === "tags[1]")?.line).toBe(7);
  });
});

describe("line numbers of nested fields", () => {
  it("tags[1] points at the second list item", () => {
    const text = doc("title: T\ndate: 2025-03-30\ntags:\n  - a\n  - ''\n  - c");
    const e = onlyError(text);
    expect(e.field).toBe("tags[1]");
    expect(e.line).toBe(6);
  });

  it("image.src points at the src line", () => {
    const text = doc('title: T\ndate: 2025-03-30\nimage:\n  alt: A\n  src: ""');
    const e = onlyError(text);
    expect(e.field).toBe("image.src");
    expect(e.line).toBe(lineNo(text, "src:"));
    expect(e.line).toBe(6);
  });

  it("author[1].email points at the email line", () => {
    const text = doc("title: T\ndate: 2025-03-30\nauthor:\n  - Ann\n  - name: Bo\n    email: nope");
    expect(onlyError(text).line).toBe(7);
  });

  it("post.lines records the line of each key as written", () => {
    const post = postOf(doc("title: T\ndate: 2025-03-30\ncategories: [World]\nauthors: Ann"));
    expect(post.lines).toMatchObject({ title: 2, date: 3, category: 4, author: 5 });
  });
});

describe("formatProblem", () => {
  it("formats an error as `file:LINE: field: message`", () => {
    expect(formatProblem({ file: "posts/x.md", line: 4, field: "date", message: "required", severity: "error" })).toBe(
      "posts/x.md:4: date: required",
    );
  });

  it("marks warnings", () => {
    expect(
      formatProblem({
        file: "posts/x.md",
        line: 5,
        field: "colour",
        message: "unknown key, ignored",
        severity: "warning",
      }),
    ).toBe("posts/x.md:5: warning: colour: unknown key, ignored");
  });

  it("keeps nested field paths", () => {
    expect(formatProblem({ file: "posts/y.md", line: 9, field: "tags[1]", message: "m", severity: "error" })).toBe(
      "posts/y.md:9: tags[1]: m",
    );
  });

  it("formats a real parse error with the file line of `date:`", () => {
    const e = onlyError(doc("title: T\ndate: yesterday"), "posts/x.md");
    expect(formatProblem(e)).toBe(`posts/x.md:3: date: not a date: "yesterday"; write ${DATE_FORMS}`);
  });

  it("is one line", () => {
    const e = onlyError(doc("title: T\ndate: 2025-03-30\nfoo: : bar"));
    expect(formatProblem(e)).not.toMatch(/\n/);
    expect(formatProblem(e)).toMatch(/^posts\/x\.md:\d+: front matter: invalid YAML: /);
  });
});
