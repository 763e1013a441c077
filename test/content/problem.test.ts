import { describe, expect, it } from "vitest";
import { type Problem, problemLines } from "../../src/content/problem.js";

const warning = (file: string, field = "lang"): Problem => ({
  file,
  line: 3,
  field,
  message: "unknown key, ignored",
  severity: "warning",
});

describe("problemLines", () => {
  it("prints a warning repeated in many files once, with the count of the others", () => {
    const problems = Array.from({ length: 830 }, (_, i) => warning(`posts/p${i}.md`));
    expect(problemLines(problems)).toEqual([
      "posts/p0.md:3: warning: lang: unknown key, ignored (and in 829 more files)",
    ]);
  });

  it("keeps every error, in order, and each kind of warning at its first place", () => {
    const error: Problem = { file: "posts/b.md", line: 2, field: "date", message: "required", severity: "error" };
    const lines = problemLines([warning("posts/a.md"), error, warning("posts/c.md"), warning("posts/c.md", "colour")]);
    expect(lines).toEqual([
      "posts/a.md:3: warning: lang: unknown key, ignored (and in 1 more file)",
      "posts/b.md:2: date: required",
      "posts/c.md:3: warning: colour: unknown key, ignored",
    ]);
  });

  it("never folds errors, even identical ones", () => {
    const error: Problem = { file: "posts/b.md", line: 2, field: "date", message: "required", severity: "error" };
    expect(problemLines([error, { ...error, file: "posts/c.md" }])).toHaveLength(2);
  });
});
