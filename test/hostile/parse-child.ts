/**
 * Parses one post file in a process of its own and prints a summary as JSON, so that a test
 * can bound a parse that might never end: it kills this process instead of hanging itself.
 *
 *   tsx test/hostile/parse-child.ts FILE
 */
import { readFileSync } from "node:fs";
import { parsePost } from "../../src/content/parse.js";

const file = process.argv[2] as string;
const result = parsePost(file, readFileSync(file, "utf8"), { defaultAuthor: { name: "Site" } });
const errors = result.problems.filter((p) => p.severity === "error");
process.stdout.write(
  JSON.stringify({
    published: result.post !== undefined,
    errors: errors.slice(0, 5),
    warnings: result.problems.length - errors.length,
  }),
);
