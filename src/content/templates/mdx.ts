import { lineAt, type TemplateResult } from "./context.js";

/**
 * MDX as Markdown: `import`/`export` lines are removed, `{/* comments *\/}` too, and a
 * component (a capitalised tag such as `<Callout type="info">…</Callout>`) is rendered as its
 * children, with one warning per component name. Code blocks stay as written.
 */
export function renderMdx(body: string): TemplateResult {
  const warnings: TemplateResult["warnings"] = [];
  const seen = new Set<string>();
  const parts = body.split(/(^ {0,3}(?:`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}(?:`{3,}|~{3,})[^\S\n]*$)/m);
  let offset = 0;
  const out = parts.map((part, i) => {
    const start = offset;
    offset += part.length;
    if (i % 2 === 1) return part; // a fenced code block
    // Components first, while offsets are still those of the original text.
    return part
      .replace(/<\/?([A-Z][\w.]*)(?:\s[^<>]*?)?\s*\/?>/g, (_tag, name: string, at: number) => {
        if (!seen.has(name)) {
          seen.add(name);
          warnings.push({
            line: lineAt(body, start + at),
            message: `MDX component <${name}> cannot be rendered here; its children are kept`,
          });
        }
        return "";
      })
      .replace(/^(?:import|export)\s[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*?(?:;|['"][^\n]*['"]\s*;?)[^\S\n]*$/gm, "")
      .replace(/\{\/\*[\s\S]*?\*\/\}/g, "");
  });
  return { body: out.join(""), warnings };
}
