import { describe, expect, it } from "vitest";
import { renderMdx } from "../../../src/content/templates/mdx.js";
import { renderZolaShortcodes } from "../../../src/content/templates/zola.js";

describe("Zola shortcodes", () => {
  const ctx = { baseUrl: "https://news.example.com", site: {} };
  it("youtube becomes a linked thumbnail; a body shortcode keeps its body, with a warning", () => {
    expect(renderZolaShortcodes('{{ youtube(id="dQw4w9WgXcQ") }}', ctx).body).toContain(
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    );
    const { body, warnings } = renderZolaShortcodes('a\n{% note(kind="info") %}\nInside\n{% end %}\nb', ctx);
    expect(body).toBe("a\n\nInside\n\nb");
    expect(warnings).toEqual([
      { line: 2, message: 'Zola shortcode "note" is this site\'s own and cannot be run here; its body is kept' },
    ]);
  });
});

describe("MDX", () => {
  it("drops imports and exports, renders components as their children, warns once per component", () => {
    const { body, warnings } = renderMdx(
      "import Callout from '../components/Callout.astro';\nexport const meta = { a: 1 };\n\n<Callout type=\"info\">\nRead **this**.\n</Callout>\n\n<Callout>again</Callout>\n{/* a comment */}\n",
    );
    expect(body).not.toMatch(/import|export|Callout|comment/);
    expect(body).toContain("Read **this**.");
    expect(body).toContain("again");
    expect(warnings).toEqual([
      { line: 4, message: "MDX component <Callout> cannot be rendered here; its children are kept" },
    ]);
  });

  it("keeps code blocks as written", () => {
    const code = "```jsx\nimport X from 'x';\n<Button />\n```";
    expect(renderMdx(code).body).toBe(code);
  });
});
