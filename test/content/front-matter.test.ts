import fc from "fast-check";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { readFrontMatter } from "../../src/content/front-matter.js";

// gray-matter is given the front matter only; the body is cut by readFrontMatter itself. Both must
// be what gray-matter makes of the whole file.
function wholeFile(source: string): { data: unknown; body: string } {
  const parsed = matter(source, { engines: { yaml: (text: string) => (parseYaml(text) ?? {}) as object } });
  return { data: parsed.data, body: parsed.content };
}

const PIECES = ["---", "----", "--- ", "---x", "\n", "\r", "a: 1", "b: [x, y]", "# c", "text", " ", "---\n", "\n---"];

describe("readFrontMatter (YAML)", () => {
  it("reads the data and the body as gray-matter does from the whole file", () => {
    let read = 0;
    const rest = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((p) => p.join(""));
    fc.assert(
      fc.property(fc.constantFrom("---\n", "---yaml\n", "--- \n"), rest, (open, tail) => {
        const source = open + tail;
        const block = readFrontMatter(source);
        if (!("data" in block)) return;
        read++;
        expect({ data: block.data, body: block.body }).toEqual(wholeFile(source));
      }),
      { numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(300);
  });

  it("cuts the body after the first closing line", () => {
    for (const source of [
      "---\n---\nbody",
      "---\na: 1\n---\n\nbody\n---\nmore",
      "---\na: 1\n---",
      "---\na: 1\n---\r\nb",
    ]) {
      const block = readFrontMatter(source);
      expect("data" in block && block.body).toBe(wholeFile(source).body);
    }
  });
});
