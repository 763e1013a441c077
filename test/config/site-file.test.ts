import { describe, expect, it } from "vitest";
import { siteFileSchema } from "../../src/config/site-config.js";
import { fileProblems, parseSiteFile } from "../../src/config/site-file.js";
import { formatProblem } from "../../src/content/problem.js";

/** Every problem of a site file's text, as `npm run build` prints them. */
function problemsOf(text: string, name = "site.yaml"): string[] {
  const { file, problems } = parseSiteFile(name, text);
  if (file) problems.push(...fileProblems(file, siteFileSchema));
  return problems.map(formatProblem);
}

describe("site.yaml", () => {
  it("is valid when empty, or when it holds known keys with good values", () => {
    expect(problemsOf("")).toEqual([]);
    expect(problemsOf("# nothing but a comment\n")).toEqual([]);
    expect(
      problemsOf(
        "title: A\nauthor:\n  name: B\n  email: b@example.com\nitemsPerFeed: 10\nwebsubHub: https://hub.example/\n",
      ),
    ).toEqual([]);
  });

  it("names the file, the line and the key of a bad value", () => {
    expect(problemsOf("title: Fine\n\nitemsPerFeed: 500\n")).toEqual([
      "site.yaml:3: itemsPerFeed: Too big: expected number to be <=100",
    ]);
    expect(problemsOf("author:\n  name: A\n  email: not-an-address\n")).toEqual([
      "site.yaml:3: author.email: Invalid email address",
    ]);
    expect(problemsOf("title:\n")).toEqual(["site.yaml:1: title: Invalid input: expected string, received null"]);
    expect(problemsOf("websubHub: javascript:alert(1)\n")).toEqual(["site.yaml:1: websubHub: must be an http(s) URL"]);
    expect(problemsOf("baseUrl: ftp://example.com\n", "conf/other.yaml")).toEqual([
      "conf/other.yaml:1: baseUrl: must be an http(s) URL",
    ]);
  });

  it("refuses an unknown key, with a did-you-mean when it is a typo of a known one", () => {
    expect(problemsOf("titel: A\nauthor:\n  nmae: B\ncolour: red\n")).toEqual([
      'site.yaml:1: titel: unknown setting; did you mean "title"? (the README lists every setting)',
      'site.yaml:3: author.nmae: unknown setting; did you mean "author.name"? (the README lists every setting)',
      "site.yaml:4: colour: unknown setting (the README lists every setting)",
    ]);
    expect(problemsOf("CacheMaxAge: 10\n")).toEqual([
      'site.yaml:1: CacheMaxAge: unknown setting; did you mean "cacheMaxAge"? (the README lists every setting)',
    ]);
  });

  it("reports YAML mistakes at their line", () => {
    expect(problemsOf("title: A\ntitle: B\n")).toEqual(["site.yaml:2: yaml: Map keys must be unique"]);
    expect(problemsOf("title: A\ndescription: B\n\tlanguage: en\n")).toEqual([
      "site.yaml:3: yaml: Tabs are not allowed as indentation",
    ]);
    expect(problemsOf("- a list\n")).toEqual(["site.yaml:1: site.yaml: must be a mapping of `key: value` lines"]);
  });

  it("is read as data: a tag that other YAML loaders run as code is refused", () => {
    expect(problemsOf('title: !!js/function "function () { return 1 }"\n')).toEqual([
      "site.yaml:1: yaml: Unresolved tag: tag:yaml.org,2002:js/function",
    ]);
  });
});
