import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AMPERSAND_TITLE, MARKUP_TITLE, measuredTable } from "./title-ways.js";

/**
 * README.md says how titles are written and why, with a table of what each real reader shows
 * for each way: the table is measured here, so the README cannot drift from the readers.
 */
describe("the README's table of readers × ways of writing a title", () => {
  const readme = readFileSync("README.md", "utf8");
  for (const title of [MARKUP_TITLE, AMPERSAND_TITLE]) {
    it(`is what the readers show for "${title}"`, async () => {
      const table = await measuredTable(title);
      expect(readme).toContain(table);
    }, 60_000);
  }
});
