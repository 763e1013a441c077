import type { FrontMatterFormat } from "../front-matter.js";
import type { TemplateContext, TemplateResult } from "./context.js";
import { hasHugoShortcodes, renderHugoShortcodes } from "./hugo.js";
import { hasLiquid, renderLiquid } from "./liquid.js";
import { renderMdx } from "./mdx.js";
import { hasZolaShortcodes, renderZolaShortcodes } from "./zola.js";

export type { TemplateContext, TemplateResult, TemplateWarning } from "./context.js";

/** The dialects a body can be written in, each a pass over the body before Markdown. */
type Pass = (body: string, page: Record<string, unknown>, ctx: TemplateContext) => TemplateResult;

const hugo: Pass = (body, page, ctx) => renderHugoShortcodes(body, page, ctx);
const zola: Pass = (body, _page, ctx) => renderZolaShortcodes(body, ctx);
const liquid: Pass = (body, page, ctx) => renderLiquid(body, page, ctx);

/** Which passes each generator's posts get, when the site names its generator. */
const BY_GENERATOR: Record<NonNullable<TemplateContext["generator"]>, Pass[]> = {
  jekyll: [liquid],
  eleventy: [liquid],
  hugo: [hugo],
  zola: [zola],
  astro: [],
};

/**
 * Renders the template syntax of a post's body as its own generator would, before the
 * Markdown: MDX by file extension; then the site's generator when it is named, else the
 * syntax found (TOML or JSON front matter: Hugo's and Zola's shortcodes; YAML: Hugo's
 * shortcodes when there are any, else Liquid). Plain Markdown costs one test per dialect.
 */
export function renderTemplates(
  file: string,
  body: string,
  format: FrontMatterFormat,
  page: Record<string, unknown>,
  ctx: TemplateContext,
): TemplateResult & { templated: boolean } {
  const warnings: TemplateResult["warnings"] = [];
  let text = body;
  let templated = false;
  if (/\.mdx$/i.test(file)) {
    const mdx = renderMdx(text);
    text = mdx.body;
    warnings.push(...mdx.warnings);
  }
  for (const pass of passesFor(text, format, ctx)) {
    templated = true;
    const result = pass(text, page, ctx);
    text = result.body;
    warnings.push(...result.warnings);
  }
  return { body: text, warnings, templated };
}

function passesFor(body: string, format: FrontMatterFormat, ctx: TemplateContext): Pass[] {
  if (ctx.generator) return BY_GENERATOR[ctx.generator];
  const passes: Pass[] = [];
  if (hasHugoShortcodes(body)) passes.push(hugo);
  if (format !== "yaml") {
    if (hasZolaShortcodes(body)) passes.push(zola);
  } else if (passes.length === 0 && hasLiquid(body)) passes.push(liquid);
  return passes;
}
