import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, LineCounter, parse, parseDocument } from "yaml";
import { generateCorpus, postFile } from "../../bench/corpus.js";
import { readFrontMatter } from "../../src/content/front-matter.js";
import { readSimpleYaml } from "../../src/content/simple-yaml.js";

/** What `yaml` makes of a text: its data and the line of each top-level key. */
function slow(text: string): { data: unknown; keyLines: Map<string, number> } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  const keyLines = new Map<string, number>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = pair.key as unknown as { value: unknown; range: [number] };
      keyLines.set(String(key.value), lines.linePos(key.range[0]).line);
    }
  }
  return { data: parse(text), keyLines };
}

// Values near the edges of what the shortcut reads: each is either read as `yaml` reads it, or refused.
const SCALARS = [
  '"plain quoted"',
  '""',
  '" spaced "',
  '"a: b # c"',
  '"© Feedloom | x"',
  '"with \\"escape\\""',
  '"back\\\\slash"',
  '"tab\there"',
  '"emoji 😀"',
  '"bom\uFEFF"',
  '"line\u2028sep"',
  "plain words",
  "Yes",
  "no",
  "on",
  "null",
  "Null",
  "True",
  "FALSE",
  "NaN",
  "Infinity",
  "123",
  "1e3",
  "0x1F",
  "+1",
  ".inf",
  "~",
  "2021-11-01T21:09:59.000Z",
  "2025-01-21",
  "2025-01-21T10:00:00+01:00",
  "2025-01-21 10:00:00",
  "/images/a-b_c.jpg",
  "it's",
  "a & b",
  "a (b) c+d",
  "a #b",
  "a:b",
  "a: b",
  "-x",
  "- x",
  "&anchor x",
  "*alias",
  "!tag x",
  "'single'",
  "?x",
  "@x",
  "`x",
  "%x",
  "a  b",
  "é",
  "x ",
  "[a, b]",
  '["a", "b c"]',
  "[a,b]",
  "[a , b]",
  "[]",
  "[ a ]",
  '["a]", b]',
  "[a, [b]]",
  "{a: b}",
];
const KEYS = ["title", "date", "tags", "image", "a", "B_c-d", "title", "0key", "_x", "__proto__", "key with space"];

const key = fc.constantFrom(...KEYS);
/** Ones the shortcut reads, drawn more often so that most documents are read. */
const READ = [
  '"plain quoted"',
  '" spaced "',
  '"a: b # c"',
  "plain words",
  "2025-01-21",
  "/images/a-b_c.jpg",
  '["a", "b c"]',
];
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...READ) },
  { weight: 1, arbitrary: fc.constantFrom(...SCALARS) },
);
// Whole entries (a key and its value, list or map), now and then a line of something else.
const entry = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(key, fc.array(value, { minLength: 1, maxLength: 3 }))
      .map(([k, vs]) => [`${k}:`, ...vs.map((v) => `  - ${v}`)].join("\n")),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(key, fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }))
      .map(([k, pairs]) => [`${k}:`, ...pairs.map(([n, v]) => `  ${n}: ${v}`)].join("\n")),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "# comment",
      "   - x",
      "    more",
      "\ttitle: x",
      "title:  x",
      "title:x",
      "title: x # c",
      "a:",
      "  - x",
      "  a: x",
    ),
  },
);
const documents = fc.array(entry, { minLength: 1, maxLength: 6 }).map((lines) => `\n${lines.join("\n")}`);

describe("readSimpleYaml", () => {
  it("reads what it reads exactly as yaml does: the data and every top-level key's line", () => {
    let read = 0;
    fc.assert(
      fc.property(documents, (text) => {
        const fast = readSimpleYaml(text);
        if (fast === undefined) return;
        read++;
        const reference = slow(text);
        expect(reference).toBeDefined();
        expect(fast.data).toEqual(reference?.data);
        expect(Object.keys(fast.data)).toEqual(Object.keys(reference?.data as object));
        expect(fast.keyLines).toEqual(reference?.keyLines);
      }),
      { numRuns: 20000 },
    );
    expect(read).toBeGreaterThan(1000);
  });

  it("reads the front matter of every corpus post", () => {
    for (const post of generateCorpus(50, 3).posts) {
      const file = postFile(post);
      const text = file.slice(3, file.indexOf("\n---", 3));
      const fast = readSimpleYaml(text);
      expect(fast).toBeDefined();
      expect(fast?.data).toEqual(parse(text));
    }
  });

  it("leaves the line of a nested key to the YAML parser", () => {
    const block = readFrontMatter('---\ntitle: "T"\nimage:\n  src: /a.jpg\n  alt: "A"\ntags: [a, b]\n---\nbody');
    expect("data" in block && [block.lineOf(["image", "alt"]), block.lineOf(["tags", 1]), block.body]).toEqual([
      5,
      6,
      "body",
    ]);
  });
});
