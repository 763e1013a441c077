import type * as LiquidJs from "liquidjs";
import type { Context, Liquid, TagToken, TopLevelToken } from "liquidjs";

/** The shape of a tag implementation (liquidjs does not export its name for it). */
type TagImplOptions = Parameters<Liquid["registerTag"]>[1] & object;

import { lazyPackage } from "../lazy-package.js";
import { firstLine } from "../problem.js";
import { escapeHtml, referencedPostUrl, type TemplateContext, type TemplateResult } from "./context.js";
import { type EmbedKind, embedHtml } from "./embeds.js";
import { fenced } from "./hugo.js";

/**
 * Jekyll's (and Eleventy's) Liquid, rendered with liquidjs: `site.*` from the site settings,
 * `site.data.*` from its data files, `page.*` from the post's front matter, `include` from its
 * include files only (an in-memory map: no template reads the file system), and Jekyll's own
 * tags (`highlight`, `link`, `post_url`) and filters. liquidjs is a sandbox: nothing a post
 * writes runs as code.
 *
 * Fenced code blocks are left as written, but for `{% raw %}` markers: Hugo and Astro posts
 * show template code there, and Jekyll authors wrap theirs in `raw` to get the same result.
 * A tag of a site's own plugin cannot be run: its inner content is kept, with one warning.
 */
export function renderLiquid(body: string, page: Record<string, unknown>, ctx: TemplateContext): TemplateResult {
  const warnings: TemplateResult["warnings"] = [];
  const { text, restore } = protectFences(body);
  const engine = new (liquidjs().Liquid)({
    jekyllInclude: true,
    ownPropertyOnly: true,
    strictFilters: false,
    strictVariables: false,
    templates: ctx.includes ?? {},
    extname: "",
  });
  registerJekyll(engine, ctx);
  registerEmbeds(engine);
  for (const name of unknownTags(engine, text)) {
    const block = new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`).test(text);
    engine.registerTag(name, tolerantTag(name, block, warnings));
  }
  const scope = {
    // Eleventy's global data files are top-level variables (`{{ metadata.title }}`).
    ...(ctx.generator === "eleventy" && ctx.data),
    site: { ...ctx.site, url: ctx.baseUrl, baseurl: "", data: ctx.data ?? {} },
    page,
    jekyll: { environment: "production" },
  };
  try {
    return { body: restore(engine.parseAndRenderSync(text, scope)), warnings };
  } catch (e) {
    // A template liquidjs cannot parse: its text is kept, without the template syntax.
    const position = /line:(\d+)/.exec(String((e as Error).message))?.[1];
    warnings.push({
      line: position ? Number(position) : 1,
      message: `Liquid could not be rendered (${firstLine((e as Error).message)}); its template tags are left out`,
    });
    return { body: restore(text.replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g, "")), warnings };
  }
}

const liquidjs = lazyPackage<typeof LiquidJs>("liquidjs");

/** Whether `body` has any Liquid syntax (cheap test before the work). */
export function hasLiquid(body: string): boolean {
  return /\{%|\{\{/.test(body);
}

/** Jekyll's tags and filters on top of standard Liquid. */
function registerJekyll(engine: Liquid, ctx: TemplateContext): void {
  engine.registerTag("highlight", {
    parse(token: TagToken, remain: TopLevelToken[]) {
      this.language = token.args.trim().split(/\s+/)[0] ?? "";
      this.templates = [];
      const stream = this.liquid.parser
        .parseStream(remain)
        .on("tag:endhighlight", () => stream.stop())
        .on("template", (tpl: unknown) => this.templates.push(tpl))
        .on("end", () => {
          throw new Error(`tag ${token.getText()} not closed`);
        });
      stream.start();
    },
    *render(context: Context): Generator<unknown, string, string> {
      const code = yield this.liquid.renderer.renderTemplates(this.templates, context);
      return fenced(code, this.language);
    },
  });
  for (const name of ["link", "post_url"]) {
    engine.registerTag(name, {
      parse(token: TagToken) {
        this.reference = token.args.trim();
      },
      render() {
        return referencedPostUrl(this.reference, ctx.baseUrl);
      },
    });
  }
  const toDate = (value: unknown) => new Date(value instanceof Date ? value : String(value));
  const filters: Record<string, (value: unknown, ...args: unknown[]) => unknown> = {
    relative_url: (value) => String(value ?? ""),
    absolute_url: (value) => new URL(String(value ?? ""), `${ctx.baseUrl}/`).href,
    date_to_xmlschema: (value) => toDate(value).toISOString(),
    date_to_rfc822: (value) => toDate(value).toUTCString(),
    date_to_string: (value) =>
      toDate(value).toLocaleDateString("en-GB", { day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" }),
    date_to_long_string: (value) =>
      toDate(value).toLocaleDateString("en-GB", { day: "2-digit", month: "long", year: "numeric", timeZone: "UTC" }),
    xml_escape: (value) => escapeHtml(String(value ?? "")),
    cgi_escape: (value) => encodeURIComponent(String(value ?? "")).replace(/%20/g, "+"),
    uri_escape: (value) => encodeURI(String(value ?? "")),
    number_of_words: (value) =>
      String(value ?? "")
        .split(/\s+/)
        .filter(Boolean).length,
    jsonify: (value) => JSON.stringify(value ?? null),
    slugify: (value) =>
      String(value ?? "")
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, "-")
        .replace(/^-|-$/g, ""),
    // The body is Markdown already: it is rendered once, after the templates.
    markdownify: (value) => String(value ?? ""),
    smartify: (value) => String(value ?? ""),
    normalize_whitespace: (value) => String(value ?? "").replace(/\s+/g, " "),
    array_to_sentence_string: (value, connector = "and") => {
      const list = Array.isArray(value) ? value.map(String) : [String(value ?? "")];
      return list.length < 2 ? list.join("") : `${list.slice(0, -1).join(", ")} ${connector} ${list.at(-1)}`;
    },
  };
  for (const [name, filter] of Object.entries(filters)) engine.registerFilter(name, filter);
}

/** Embed tags of common Jekyll and Eleventy plugins: `{% youtube ID %}`, `{% vimeo ID %}`, `{% gist user/id %}`. */
function registerEmbeds(engine: Liquid): void {
  const kinds: Record<string, EmbedKind> = { youtube: "youtube", vimeo: "vimeo", gist: "gist", tweet: "x" };
  for (const [name, kind] of Object.entries(kinds)) {
    engine.registerTag(name, {
      parse(token: TagToken) {
        this.id = token.args.trim().replace(/^["']|["']$/g, "");
      },
      render() {
        const id = String(this.id);
        const videoId = /(?:v=|youtu\.be\/|embed\/)([\w-]{6,})/.exec(id)?.[1] ?? id;
        return embedHtml(kind, kind === "youtube" ? videoId : id.replace(/^https?:\/\/[^/]+\//, ""));
      },
    });
  }
}

/** Tag names in `text` that the engine does not know (a site's own plugins). */
function unknownTags(engine: Liquid, text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name] of text.matchAll(/\{%-?\s*([A-Za-z_][\w-]*)/g)) {
    if (!name || name.startsWith("end")) continue;
    if (!(name in engine.tags)) names.add(name);
  }
  return names;
}

function tolerantTag(name: string, block: boolean, warnings: TemplateResult["warnings"]): TagImplOptions {
  return {
    parse(token: TagToken, remain: TopLevelToken[]) {
      warnings.push({
        line: token.getPosition()[0] ?? 1,
        message: `Liquid tag "${name}" is this site's own and cannot be run here; ${block ? "its inner content is kept" : "it is left out"}`,
      });
      this.templates = [];
      if (!block) return;
      const stream = this.liquid.parser
        .parseStream(remain)
        .on(`tag:end${name}`, () => stream.stop())
        .on("template", (tpl: unknown) => this.templates.push(tpl))
        .on("end", () => stream.stop());
      stream.start();
    },
    *render(context: Context): Generator<unknown, unknown, unknown> {
      return yield this.liquid.renderer.renderTemplates(this.templates, context);
    },
  };
}

/**
 * Replaces each fenced code block with a placeholder Liquid leaves alone, and gives the
 * function that puts them back (without their `{% raw %}` markers).
 */
function protectFences(body: string): { text: string; restore: (text: string) => string } {
  const blocks: string[] = [];
  const text = body.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1?\2[`~]*[^\S\n]*$|(?![\s\S]))/gm, (block) => {
    blocks.push(block.replace(/\{%-?\s*(?:end)?raw\s*-?%\}/g, ""));
    return `FENCEDCODEBLOCK${blocks.length - 1}ENDFENCEDCODEBLOCK`;
  });
  return {
    text,
    restore: (rendered) =>
      rendered.replace(/FENCEDCODEBLOCK(\d+)ENDFENCEDCODEBLOCK/g, (_, n) => blocks[Number(n)] ?? ""),
  };
}
