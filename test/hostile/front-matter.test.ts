import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import matter from "gray-matter";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { loadPostFiles } from "../../src/compiler/load.js";
import { parsePost } from "../../src/content/parse.js";
import type { Problem } from "../../src/content/problem.js";
import type { Item } from "../../src/store/data-layout.js";
import { fromDir, fromOutput, itemJson, itemOf } from "../support/site-data.js";
import { compile, SITE_URL } from "./support.js";

/**
 * Issue 6: front matter that would run code, blow up memory, nest without end, or come in
 * another encoding. Each post works, or fails with a clear error naming the file, the line
 * and the field — in bounded time (the test timeouts) and bounded memory.
 */

const tmp = mkdtempSync(join(tmpdir(), "feedloom-front-matter-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const OPTIONS = { defaultAuthor: { name: "Site Author" } };
const errorsOf = (problems: Problem[]) => problems.filter((p) => p.severity === "error");

/** Runs `fn` and reports how much the heap grew (retained garbage included: the bounds are generous). */
function measured<T>(fn: () => T): { value: T; heapGrowthMiB: number } {
  const before = process.memoryUsage().heapUsed;
  const value = fn();
  return { value, heapGrowthMiB: (process.memoryUsage().heapUsed - before) / 2 ** 20 };
}

/** A folder of posts written byte for byte, and the paths problems name them by. */
function postsDir(name: string, files: Record<string, string | Uint8Array>) {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return { dir, path: (file: string) => relative(process.cwd(), join(dir, file)).split("\\").join("/") };
}

function build(dir: string, out: string) {
  return buildSite({ postsDir: dir, publicDir: "public", outDir: join(tmp, out), env: { SITE_URL } });
}

const VALID = "---\ntitle: A valid post\ndate: 2025-01-01\n---\n\nBody.\n";

// ---------------------------------------------------------------------------

declare global {
  // Set by the payload below if it ever runs.
  var __feedloomFrontMatterRan: string[] | undefined;
}

/** JavaScript front matter that, if evaluated, records `tag` in a global and writes `canary`. */
function codePayload(opener: string, tag: string, canary: string): string {
  return `${opener}
(function () {
  (globalThis.__feedloomFrontMatterRan ??= []).push(${JSON.stringify(tag)});
  require("fs").writeFileSync(${JSON.stringify(canary)}, "the front matter ran");
  return { title: "Ran", date: "2025-01-01" };
})()
---

Body.
`;
}

describe("front matter that is code", () => {
  it("is live code: gray-matter's defaults would run it (the control)", () => {
    const canary = join(tmp, "control-canary");
    const file = matter(codePayload("---js", "control", canary));
    expect(file.data).toEqual({ title: "Ran", date: "2025-01-01" });
    expect(globalThis.__feedloomFrontMatterRan).toContain("control");
    expect(existsSync(canary)).toBe(true);
  });

  it.each(["---js", "---javascript", "---JS", "---Javascript", "---coffee", "---cson", "---json", "---toml"])(
    "%s is refused with a clear error and never evaluated",
    (opener) => {
      const canary = join(tmp, `canary-${opener.slice(3)}`);
      const result = parsePost("posts/code.md", codePayload(opener, opener, canary), OPTIONS);
      expect(result.post).toBeUndefined();
      expect(result.problems).toEqual([
        {
          file: "posts/code.md",
          line: 1,
          field: "front matter",
          message: expect.stringMatching(/not allowed.*use YAML/),
          severity: "error",
        },
      ]);
      expect(globalThis.__feedloomFrontMatterRan ?? []).not.toContain(opener);
      expect(existsSync(canary)).toBe(false);
    },
  );

  it("`--- js` (with a space) is not front matter at all, and does not run either", () => {
    const canary = join(tmp, "canary-space-js");
    const result = parsePost("posts/code.md", codePayload("--- js", "space", canary), OPTIONS);
    expect(result.post).toBeUndefined();
    expect(errorsOf(result.problems)).toMatchObject([{ line: 1, field: "front matter" }]);
    expect(existsSync(canary)).toBe(false);
  });

  it("is refused by `buildSite`, which publishes the other posts", () => {
    const canary = join(tmp, "canary-build");
    const { dir, path } = postsDir("code-posts", {
      "2025-01-01-valid.md": VALID,
      "2025-01-02-code.md": codePayload("---javascript", "build", canary),
    });
    const result = build(dir, "code-out");
    expect(errorsOf(result.problems)).toEqual([
      expect.objectContaining({ file: path("2025-01-02-code.md"), line: 1, field: "front matter" }),
    ]);
    expect(result.stats.published).toBe(1);
    expect(existsSync(canary)).toBe(false);
    expect(globalThis.__feedloomFrontMatterRan ?? []).not.toContain("build");
  });

  // gray-matter looks the language after `---` up in a plain object: names inherited from
  // Object.prototype find a function there instead of "not registered". Nothing runs, but the
  // error must still be about the front matter's language, not about fields that are present.
  it.each(["constructor", "valueOf", "toString", "hasOwnProperty", "isPrototypeOf", "eval", "python"])(
    "---%s (no such front-matter language) gets one error about the front matter on line 1",
    (language) => {
      const text = `---${language}\ntitle: A title\ndate: 2025-01-01\n---\n\nBody.\n`;
      const result = parsePost("posts/lang.md", text, OPTIONS);
      expect(result.post).toBeUndefined();
      expect(errorsOf(result.problems)).toEqual([
        {
          file: "posts/lang.md",
          line: 1,
          field: "front matter",
          message: expect.stringMatching(new RegExp(`${language}|YAML`)),
          severity: "error",
        },
      ]);
    },
  );
});

// ---------------------------------------------------------------------------

/** "Billion laughs": nine levels of nine aliases, 9^9 strings if expanded. */
const LAUGHS = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...Array.from({ length: 9 }, (_, i) => {
    const [name, previous] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)];
    return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`;
  }),
];

describe("YAML alias bombs", () => {
  it.each([
    ["in an unknown key", `---\ntitle: Laughs\ndate: 2025-01-01\n${LAUGHS.join("\n")}\n---\n\nBody.\n`],
    ["in the title", `---\n${LAUGHS.join("\n")}\ntitle: *j\ndate: 2025-01-01\n---\n\nBody.\n`],
    ["in the tags", `---\ntitle: Laughs\ndate: 2025-01-01\n${LAUGHS.join("\n")}\ntags: *j\n---\n\nBody.\n`],
  ])(
    "%s: refused with an error naming the front matter, in bounded memory",
    (_, text) => {
      const { value, heapGrowthMiB } = measured(() => parsePost("posts/laughs.md", text, OPTIONS));
      expect(value.post).toBeUndefined();
      expect(errorsOf(value.problems)).toEqual([
        expect.objectContaining({
          file: "posts/laughs.md",
          field: "front matter",
          message: expect.stringMatching(/alias/i),
        }),
      ]);
      expect(heapGrowthMiB).toBeLessThan(64);
    },
    10_000,
  );

  it("a few aliases, as people use them, still work", () => {
    const text =
      "---\ntitle: &t Anchored title\ndate: 2025-01-01\ntags: &tags [a, b]\nsummary: [*t]\ncategories: *tags\n---\n\nBody.\n";
    const result = parsePost("posts/aliases.md", text, OPTIONS);
    expect(errorsOf(result.problems)).toEqual([]);
    expect(result.post).toMatchObject({
      title: "Anchored title",
      summary: ["Anchored title"],
      category: { name: "a" },
    });
  });
});

// ---------------------------------------------------------------------------

const FIVE_MB = 5 * 2 ** 20;
const PARAGRAPH = "A paragraph of ordinary news text, with *some* emphasis and a [link](https://example.org/).\n\n";
const fill = (unit: string, bytes = FIVE_MB) => unit.repeat(Math.ceil(bytes / unit.length));

describe("huge documents (5 MB)", () => {
  it.each([
    ["a 5 MB body", `---\ntitle: Long\ndate: 2025-01-01\n---\n\n${fill(PARAGRAPH)}`],
    ["a 5 MB title", `---\ntitle: "${fill("word ")}"\ndate: 2025-01-01\n---\n\nBody.\n`],
    ["a 5 MB summary bullet", `---\ntitle: Long\ndate: 2025-01-01\nsummary: ["${fill("word ")}"]\n---\n\nBody.\n`],
    [
      "5 MB of YAML comments",
      `---\ntitle: Long\ndate: 2025-01-01\n${fill("# a comment line in the front matter\n")}---\n\nBody.\n`,
    ],
  ])(
    "%s is published, in bounded memory",
    (_, text) => {
      const { value: out, heapGrowthMiB } = measured(() => compile([{ path: "posts/2025-01-01-long.md", text }]));
      expect(errorsOf(out.problems)).toEqual([]);
      expect(out.stats.published).toBe(1);
      const item = itemOf(fromOutput(out), "long") as Item;
      if (!text.includes("# a comment")) {
        expect(item.title.length + item.contentHtml.length + (item.summary[0]?.length ?? 0)).toBeGreaterThan(
          FIVE_MB * 0.9,
        );
      }
      expect(heapGrowthMiB).toBeLessThan(1024);
    },
    60_000,
  );

  // Parsed in a child process that is killed at the bound: an in-process parse that never
  // ends could not be interrupted by the test timeout.
  it("5 MB of front-matter keys gives its warnings (or an error) within 60 s", async () => {
    const keys = Array.from(
      { length: Math.ceil(FIVE_MB / 20) },
      (_, i) => `key${String(i).padStart(6, "0")}: 12345678`,
    );
    const file = join(tmp, "many-keys.md");
    writeFileSync(file, `---\ntitle: Many keys\ndate: 2025-01-01\n${keys.join("\n")}\n---\n\nBody.\n`);
    const result = await new Promise<{ killed: boolean; stdout: string; stderr: string }>((done) => {
      execFile(
        join(process.cwd(), "node_modules/.bin/tsx"),
        ["test/hostile/parse-child.ts", file],
        { timeout: 60_000, maxBuffer: 16 * 2 ** 20 },
        (error, stdout, stderr) => done({ killed: Boolean(error?.killed), stdout, stderr }),
      );
    });
    expect(result.killed, `parsing ${keys.length} keys (5 MB) did not end within 60 s`).toBe(false);
    const summary = JSON.parse(result.stdout) as { published: boolean; errors: Problem[]; warnings: number };
    if (summary.published) expect(summary.warnings).toBe(keys.length);
    else expect(summary.errors[0]).toMatchObject({ field: "front matter" });
  }, 90_000);
});

// ---------------------------------------------------------------------------

const DEPTH = 10_000;

/** Runs `npm run build` (the CLI under tsx) on a folder of posts, its heap capped, killed at the bound. */
function runBuildCli(posts: string, out: string, heapMiB: number) {
  return new Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }>((done) => {
    execFile(
      join(process.cwd(), "node_modules/.bin/tsx"),
      ["src/compiler/cli.ts"],
      {
        timeout: 60_000,
        maxBuffer: 16 * 2 ** 20,
        env: {
          ...process.env,
          POSTS_DIR: posts,
          OUT_DIR: out,
          PUBLIC_DIR: "public",
          SITE_URL,
          NODE_OPTIONS: `--max-old-space-size=${heapMiB}`,
        },
      },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === "number" ? error.code : null) : 0,
          killed: Boolean(error?.killed),
          stdout,
          stderr,
        }),
    );
  });
}

describe(`deep nesting (${DEPTH} levels)`, () => {
  // Through the real build in a child process: in this process, vitest's source-map hook on
  // Error.prepareStackTrace turns the YAML parser's stack overflow into a fatal V8 crash
  // ("RegExpCompiler Allocation failed") of the test worker. Under tsx, as `npm run build`
  // runs, the overflow is caught and reported. The heap cap bounds the memory.
  it("front matter: each post gets an invalid-YAML error on its line, the others are published", async () => {
    const nested = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i + 1)}- `).join("\n");
    const { dir, path } = postsDir("deep-posts", {
      "2025-01-01-valid.md": VALID,
      "2025-01-02-brackets.md": `---\ntitle: ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}\ndate: 2025-01-01\n---\n\nBody.\n`,
      "2025-01-03-unclosed.md": `---\ntitle: ${"[".repeat(DEPTH)}\ndate: 2025-01-01\n---\n\nBody.\n`,
      "2025-01-04-braces.md": `---\ntitle: ${"{a: ".repeat(DEPTH)}1${"}".repeat(DEPTH)}\ndate: 2025-01-01\n---\n\nBody.\n`,
      "2025-01-05-unknown-key.md": `---\ntitle: Deep\ndate: 2025-01-01\nextra: ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}\n---\n\nBody.\n`,
      "2025-01-06-block.md": `---\ntitle: Deep\ndate: 2025-01-01\nextra:\n${nested}x\n---\n\nBody.\n`,
    });
    const result = await runBuildCli(dir, join(tmp, "deep-out"), 512);
    expect(result.killed, "the build did not end within 60 s").toBe(false);
    expect(result.stderr).not.toMatch(/FATAL|out of memory/i);
    const lines = result.stderr.split("\n").filter((l) => l.includes(": front matter: "));
    const reported = (file: string) => lines.find((l) => l.startsWith(`${path(file)}:`));
    for (const [file, line] of [
      ["2025-01-02-brackets.md", 2],
      ["2025-01-03-unclosed.md", 2],
      ["2025-01-04-braces.md", 2],
      ["2025-01-05-unknown-key.md", 4],
    ] as const) {
      expect(reported(file), file).toMatch(new RegExp(`^[^:]+:${line}: front matter: invalid YAML`));
    }
    // The block sequence is valid YAML to some depth: the error is on one of its lines, or the post is published.
    const block = reported("2025-01-06-block.md");
    if (block !== undefined) {
      const line = Number(block.slice(path("2025-01-06-block.md").length + 1).split(":")[0]);
      expect(line).toBeGreaterThanOrEqual(4);
      expect(line).toBeLessThanOrEqual(3005);
    }
    expect(result.stdout).toMatch(block === undefined ? /^2 posts published/ : /^1 posts published/);
    expect(result.code).toBe(1);
  }, 90_000);

  it.each([
    ["block quotes", `${"> ".repeat(DEPTH)}deep`],
    ["brackets", `${"[".repeat(DEPTH)}deep${"](a)".repeat(DEPTH)}`],
    ["emphasis", `${"*".repeat(DEPTH)}deep${"*".repeat(DEPTH)}`],
    ["raw <div>s", `${"<div>".repeat(DEPTH)}deep${"</div>".repeat(DEPTH)}`],
    ["unclosed raw <span>s", `<p>${"<span>".repeat(DEPTH)}deep`],
    ["list items", Array.from({ length: 2000 }, (_, i) => `${" ".repeat(2 * i)}- deep`).join("\n")],
  ])(
    "a body of nested %s is published whole (or says what it dropped), in bounded memory",
    (_, body) => {
      const { value: out, heapGrowthMiB } = measured(() =>
        compile([{ path: "posts/2025-01-01-deep.md", text: `---\ntitle: Deep\ndate: 2025-01-01\n---\n\n${body}\n` }]),
      );
      expect(errorsOf(out.problems)).toEqual([]);
      const item = itemOf(fromOutput(out), "deep") as Item;
      // Published whole, or — if the renderer gives up at some depth — not silently cut:
      // a problem on the body says that text was dropped.
      if (!item.contentHtml.includes("deep")) {
        expect(out.problems, "the innermost text was dropped without a word").toContainEqual(
          expect.objectContaining({ file: "posts/2025-01-01-deep.md", field: "body" }),
        );
      }
      expect(heapGrowthMiB).toBeLessThan(512);
    },
    30_000,
  );
});

// ---------------------------------------------------------------------------

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(utf8(p)) : Buffer.from(p))));

describe("encodings and line endings, read from disk", () => {
  it.each([
    ["a Latin-1 é on line 2", bytes("---\ntitle: Caf", [0xe9], "\ndate: 2025-01-01\n---\n\nBody.\n"), 2],
    ["UTF-16 with its byte-order mark", Buffer.from(`\ufeff${VALID}`, "utf16le"), 1],
    [
      "a CESU-8 surrogate on line 5",
      bytes("---\ntitle: T\ndate: 2025-01-01\ntags: [a]\nsummary: [", [0xed, 0xa0, 0x80], "]\n---\n"),
      5,
    ],
    ["an overlong `.` on line 6", bytes("---\ntitle: T\ndate: 2025-01-01\n---\n\nDot ", [0xc0, 0xae], "\n"), 6],
    ["a sequence cut at the end of the file", bytes(VALID, [0xe2, 0x82]), 7],
    [
      "an invalid byte on line 4 after a real U+FFFD on line 2",
      bytes("---\ntitle: Replacement \ufffd sign\ndate: 2025-01-01\nsummary: [caf", [0xe9], "]\n---\n"),
      4,
    ],
  ])("%s: refused, naming the file, the line and what to do", (name, content, line) => {
    const file = `${name.replace(/\W+/g, "-")}.md`;
    const { dir, path } = postsDir(`encoding-${file}`, { [file]: content, "2025-01-01-valid.md": VALID });
    const loaded = loadPostFiles(dir);
    expect(loaded.problems).toEqual([
      { file: path(file), line, field: "file", message: expect.stringMatching(/UTF-8/), severity: "error" },
    ]);
    expect(loaded.files.map((f) => f.path)).toEqual([path("2025-01-01-valid.md")]);
    const result = build(dir, `encoding-out-${file}`);
    expect(errorsOf(result.problems)).toEqual(loaded.problems);
    expect(result.stats).toMatchObject({ published: 1, broken: 1 });
  });

  const POST =
    "---\ntitle: Line endings\ndate: 2025-01-01\nauthor: Ana Author\ntags: [a, b]\nsummary:\n  - First bullet\n---\n\nFirst paragraph,\nsecond line.\n\n```\ncode\n```\n";
  const BROKEN = "---\ntitle: Broken\ndate: 2025-01-01\ntags: [a, b]\nupdated: 2025-02-30\n---\n\nBody.\n";
  const VARIANTS: [string, (text: string) => string | Uint8Array][] = [
    ["a UTF-8 BOM", (t) => bytes([0xef, 0xbb, 0xbf], t)],
    ["CRLF", (t) => t.replace(/\n/g, "\r\n")],
    ["CR only", (t) => t.replace(/\n/g, "\r")],
    ["a BOM and CRLF", (t) => bytes([0xef, 0xbb, 0xbf], t.replace(/\n/g, "\r\n"))],
    // In this order a CR is never followed by a lone LF, which would make one CRLF of two line breaks.
    [
      "mixed line endings",
      (t) =>
        t
          .split("\n")
          .map((l, i) => l + ["\n", "\r", "\r\n"][i % 3])
          .join(""),
    ],
  ];

  it.each(VARIANTS)("%s: the same post, byte for byte, and the same error lines", (name, variant) => {
    const reference = postsDir(`lf-${name.replace(/\W+/g, "-")}`, {
      "2025-01-01-line-endings.md": POST,
      "2025-01-02-broken.md": BROKEN,
    });
    const other = postsDir(`variant-${name.replace(/\W+/g, "-")}`, {
      "2025-01-01-line-endings.md": variant(POST),
      "2025-01-02-broken.md": variant(BROKEN),
    });
    const expected = build(reference.dir, `lf-out-${name.replace(/\W+/g, "-")}`);
    const actual = build(other.dir, `variant-out-${name.replace(/\W+/g, "-")}`);
    expect(expected.stats.published).toBe(1);
    expect(actual.stats.published).toBe(1);
    // buildSite writes the data files as they are made: they are read back from disk.
    const item = itemJson(fromDir(join(tmp, `lf-out-${name.replace(/\W+/g, "-")}`)), "line-endings");
    expect(item).toBeDefined();
    expect(itemJson(fromDir(join(tmp, `variant-out-${name.replace(/\W+/g, "-")}`)), "line-endings")).toBe(item);
    expect(errorsOf(actual.problems)).toEqual([
      {
        file: other.path("2025-01-02-broken.md"),
        line: 5,
        field: "updated",
        message: expect.any(String),
        severity: "error",
      },
    ]);
    expect(errorsOf(expected.problems)[0]?.line).toBe(5);
  });
});
