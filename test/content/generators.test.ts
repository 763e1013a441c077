import { describe, expect, it } from "vitest";
import { parsePost, siteParseOptions } from "../../src/content/parse.js";
import type { Post } from "../../src/content/post.js";
import type { Problem } from "../../src/content/problem.js";

// Posts as each generator's own users write them (fixtures written for these tests).
const OPTS = { defaultAuthor: { name: "Desk" } };
const parse = (text: string, file = "posts/x.md") => parsePost(file, text, OPTS);

function postOf(text: string): { post: Post; warnings: Problem[] } {
  const { post, problems } = parse(text);
  expect(problems.filter((p) => p.severity === "error")).toEqual([]);
  expect(post).toBeDefined();
  return { post: post as Post, warnings: problems };
}

function errorOf(text: string): Problem {
  const { post, problems } = parse(text);
  expect(post).toBeUndefined();
  expect(problems).toHaveLength(1);
  return problems[0] as Problem;
}

describe("Zola and Hugo: TOML between +++ lines", () => {
  const zola = [
    "+++",
    'title = "Rust & the borrow checker"',
    "date = 2022-07-08",
    "updated = 2022-07-09T10:00:00+02:00",
    'description = "Why it helps."',
    "",
    "[taxonomies]",
    'tags = ["Rust", "Compilers"]',
    'categories = ["Programming"]',
    "",
    "[extra]",
    'image = "/images/crab.png"',
    "comments = true",
    "+++",
    "",
    "The body.",
    "",
  ].join("\n");

  it("reads the keys, Zola's [taxonomies] and [extra], and TOML's own dates", () => {
    const { post, warnings } = postOf(zola);
    expect(post.title).toBe("Rust & the borrow checker");
    expect(post.date.toISOString()).toBe("2022-07-08T00:00:00.000Z");
    expect(post.updated.toISOString()).toBe("2022-07-09T08:00:00.000Z");
    expect(post.summary).toEqual(["Why it helps."]);
    expect(post.tags.map((t) => t.name)).toEqual(["Rust", "Compilers"]);
    expect(post.category?.name).toBe("Programming");
    expect(post.image?.src).toBe("/images/crab.png");
    expect(post.body.trim()).toBe("The body.");
    expect(warnings).toEqual([]);
  });

  it("names the line of a key inside a table", () => {
    const bad = zola.replace('tags = ["Rust", "Compilers"]', 'tags = [""]');
    const e = errorOf(bad);
    expect(e).toMatchObject({ field: "taxonomies.tags[0]", line: 8 });
  });

  it("warns about a taxonomy it does not know, at its line", () => {
    const { warnings } = postOf(zola.replace("[extra]", 'series = ["Intro"]\n\n[extra]'));
    expect(warnings).toMatchObject([{ field: "taxonomies.series", line: 11, severity: "warning" }]);
  });

  it("reports invalid TOML at its line", () => {
    const e = errorOf('+++\ntitle = "T"\ndate = \n+++\nBody\n');
    expect(e).toMatchObject({ field: "front matter", line: 3 });
    expect(e.message).toMatch(/^invalid TOML/);
  });

  it("refuses a front matter that is not closed", () => {
    expect(errorOf('+++\ntitle = "T"\nBody\n').message).toMatch(/not closed.*\+\+\+/);
  });
});

describe("Zola: a post dated only by its `path`", () => {
  const undated = (path: string) =>
    ["+++", `path = "${path}"`, 'title = "Lifetimes, again"', 'aliases = ["old/lifetimes"]', "+++", "", "Text."].join(
      "\n",
    );

  it("takes the date from a dated path, with or without a section, and keeps quiet about Zola's keys", () => {
    const { post, warnings } = postOf(undated("2021/03/04/lifetimes-again"));
    expect(post.date.toISOString()).toBe("2021-03-04T00:00:00.000Z");
    expect(warnings).toEqual([]);
    expect(postOf(undated("/notes/2020/12/31/x")).post.date.toISOString()).toBe("2020-12-31T00:00:00.000Z");
  });

  it("a date in front matter wins over the path", () => {
    const text = undated("2021/03/04/x").replace('title = "', 'date = 2021-03-05\ntitle = "');
    expect(postOf(text).post.date.toISOString()).toBe("2021-03-05T00:00:00.000Z");
  });

  it("a path without a date still leaves the date missing", () => {
    expect(errorOf(undated("lifetimes-again")).field).toBe("date");
  });
});

describe("Jekyll's file names and Astro's entry ids", () => {
  it("a one-digit month and day in the file name date the post, as Jekyll reads them", () => {
    const { post, problems } = parse("---\ntitle: Proxies\n---\nText.\n", "posts/2016-3-7-git-proxy.mdx");
    expect(problems).toEqual([]);
    expect(post?.date.toISOString()).toBe("2016-03-07T00:00:00.000Z");
    expect(post?.slug).toBe("git-proxy");
  });

  it("related posts written as their file names are their slugs", () => {
    const text =
      "---\ntitle: Audio\ndate: 2017-07-28\nrelated:\n  - 2017-7-28-mixing-audio\n  - ffmpeg-pipes\n---\nText.\n";
    expect(postOf(text).post.related).toEqual(["mixing-audio", "ffmpeg-pipes"]);
  });
});

describe("Hugo: a JSON object at the top of the file", () => {
  const hugo = '{\n  "title": "JSON post",\n  "date": "2021-05-01T09:00:00Z",\n  "tags": ["a", "b"]\n}\n\nBody here.\n';

  it("reads it as data and the rest as the body", () => {
    const { post } = postOf(hugo);
    expect(post.title).toBe("JSON post");
    expect(post.tags.map((t) => t.name)).toEqual(["a", "b"]);
    expect(post.body.trim()).toBe("Body here.");
  });

  it("names the line of a bad value, and of a duplicate key", () => {
    expect(errorOf(hugo.replace('"tags": ["a", "b"]', '"tags": [""]'))).toMatchObject({ field: "tags[0]", line: 4 });
    const dup = errorOf('{\n  "title": "A",\n  "title": "B"\n}\nBody\n');
    expect(dup).toMatchObject({ line: 3, field: "front matter" });
    expect(dup.message).toMatch(/unique.*line 2/);
  });

  it("braces inside strings do not end the object", () => {
    const { post } = postOf('{"title": "a } b { c", "date": "2021-05-01"}\nBody\n');
    expect(post.title).toBe("a } b { c");
  });
});

describe("Astro: its starters' keys and dates", () => {
  it("pubDate written `Jul 08 2022`, updatedDate, heroImage", () => {
    const { post } = postOf(
      '---\ntitle: "First post"\npubDate: "Jul 08 2022"\nupdatedDate: "Jul 10 2022"\nheroImage: "/blog-placeholder-3.jpg"\n---\nHi\n',
    );
    expect(post.date.toISOString()).toBe("2022-07-08T00:00:00.000Z");
    expect(post.updated.toISOString()).toBe("2022-07-10T00:00:00.000Z");
    expect(post.image?.src).toBe("/blog-placeholder-3.jpg");
  });

  it("pubDatetime and modDatetime (AstroPaper)", () => {
    const { post } = postOf(
      "---\ntitle: T\npubDatetime: 2023-01-30T15:57:52.737Z\nmodDatetime: 2023-02-01T10:00:00Z\n---\nHi\n",
    );
    expect(post.date.toISOString()).toBe("2023-01-30T15:57:52.737Z");
    expect(post.updated.toISOString()).toBe("2023-02-01T10:00:00.000Z");
  });
});

describe("Jekyll and Hugo conventions", () => {
  it("Jekyll's date with a one-digit hour and a zone", () => {
    const { post } = postOf("---\ntitle: T\ndate: 2013-11-22 5:00:00 +0100\n---\nHi\n");
    expect(post.date.toISOString()).toBe("2013-11-22T04:00:00.000Z");
  });

  it("a capitalised slug is lowercased, as Hugo serves it", () => {
    expect(postOf("---\ntitle: T\ndate: 2024-01-01\nslug: new-life-for-CRLs\n---\nHi\n").post.slug).toBe(
      "new-life-for-crls",
    );
  });

  it("Hugo's `images` list gives the lead image", () => {
    expect(postOf("---\ntitle: T\ndate: 2024-01-01\nimages: [/a.png, /b.png]\n---\nHi\n").post.image?.src).toBe(
      "/a.png",
    );
  });

  it("a date under `published` is the date; `published: false` still a draft", () => {
    expect(postOf("---\ntitle: T\npublished: 2024-02-03\n---\nHi\n").post.date.toISOString()).toBe(
      "2024-02-03T00:00:00.000Z",
    );
    expect(postOf("---\ntitle: T\ndate: 2024-01-01\npublished: false\n---\nHi\n").post.draft).toBe(true);
  });

  it("a byline written as a Markdown link is a name and a URL", () => {
    const { post } = postOf(
      "---\ntitle: T\ndate: 2024-01-01\nauthor: '[Severin Neumann](https://github.com/svrnm) (Cisco)'\n---\nHi\n",
    );
    expect(post.authors).toEqual([
      { name: "Severin Neumann (Cisco)", url: "https://github.com/svrnm", slug: "severin-neumann-cisco" },
    ]);
  });

  it("an ambiguous date is an error that lists the accepted forms", () => {
    const e = errorOf("---\ntitle: T\ndate: 07/08/2022\n---\nHi\n");
    expect(e).toMatchObject({ line: 3, field: "date" });
    expect(e.message).toMatch(/RFC 2822/);
  });
});

describe("template syntax is rendered as the post's generator renders it", () => {
  const site = { author: { name: "Desk" }, baseUrl: "https://news.example.com", title: "News" };
  const options = siteParseOptions(site);

  it("Liquid in a Jekyll post, with a warning for a plugin tag at its file line", () => {
    const text = "---\ntitle: T\ndate: 2024-01-01\n---\n{{ site.title }} {{ page.title }}\n\n{% mytag %}\n";
    const { post, problems } = parsePost("posts/2024-01-01-t.md", text, options);
    expect(post?.body.trim()).toBe("News T");
    expect(problems).toMatchObject([{ file: "posts/2024-01-01-t.md", line: 7, field: "body", severity: "warning" }]);
  });

  it("Hugo shortcodes in a TOML post, and Liquid-looking code left alone there", () => {
    const text =
      '+++\ntitle = "T"\ndate = 2024-01-01\nsource = "https://a.example/"\n+++\n[src]({{% param source %}}) `{{ .Title }}`\n';
    expect(parsePost("posts/t.md", text, options).post?.body.trim()).toBe("[src](https://a.example/) `{{ .Title }}`");
  });

  it("MDX components by the file's extension", () => {
    const text = "---\ntitle: T\ndate: 2024-01-01\n---\nimport X from './x';\n\n<X>child</X>\n";
    const { post, problems } = parsePost("posts/t.mdx", text, options);
    expect(post?.body.trim()).toBe("child");
    expect(problems).toMatchObject([{ line: 7, field: "body" }]);
  });
});

describe("a site's own front-matter keys (site.yaml frontMatter)", () => {
  const text = "---\ntitle: T\npublished_on: Jul 08 2022\nhero: /h.png\nlang: en\n---\nHi\n";

  it("maps its keys to ours and keeps quiet about the ones declared known", () => {
    const { post, problems } = parsePost("posts/t.md", text, {
      defaultAuthor: { name: "Desk" },
      siteKeys: { keys: { published_on: "date", hero: "image" }, known: ["lang"] },
    });
    expect(post?.date.toISOString()).toBe("2022-07-08T00:00:00.000Z");
    expect(post?.image?.src).toBe("/h.png");
    expect(problems).toEqual([]);
  });

  it("without them, the date is missing and the keys are warnings", () => {
    const { post, problems } = parsePost("posts/t.md", text, { defaultAuthor: { name: "Desk" } });
    expect(post).toBeUndefined();
    expect(problems.map((p) => p.field).sort()).toEqual(["date", "hero", "lang", "published_on"]);
  });

  it("a site that names its generator gets only that generator's syntax", () => {
    const astro = siteParseOptions({
      author: { name: "D" },
      baseUrl: "https://x.example",
      title: "X",
      generator: "astro",
    });
    const body = "---\ntitle: T\ndate: 2024-01-01\n---\n{{ site.title }}\n";
    expect(parsePost("posts/t.md", body, astro).post?.body.trim()).toBe("{{ site.title }}");
  });
});

describe("an HTML file without front matter", () => {
  it("is skipped with a warning, as Jekyll copies it as a page asset; a Markdown one is still an error", () => {
    const html = parsePost("posts/bundle/report.html", "<table><tr><td>1</td></tr></table>\n", {
      defaultAuthor: { name: "D" },
    });
    expect(html.post).toBeUndefined();
    expect(html.problems).toMatchObject([{ field: "file", severity: "warning", line: 1 }]);
    const md = parsePost("posts/notes.md", "Just text.\n", { defaultAuthor: { name: "D" } });
    expect(md.problems).toMatchObject([{ field: "front matter", severity: "error" }]);
  });
});
