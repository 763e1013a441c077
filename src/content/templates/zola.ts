import { lineAt, referencedPostUrl, type TemplateContext, type TemplateResult } from "./context.js";
import { type EmbedKind, embedHtml } from "./embeds.js";

/**
 * Zola's shortcodes: `{{ name(key="value") }}` inline and `{% name(…) %}body{% end %}` around
 * a body. Zola has no built-in ones; the embeds every theme ships (youtube, vimeo, gist) are
 * rendered, and any other keeps its body, with one warning.
 */
export function renderZolaShortcodes(body: string, ctx: TemplateContext): TemplateResult {
  const warnings: TemplateResult["warnings"] = [];
  const own = (name: string, offset: number, kept: boolean) =>
    warnings.push({
      line: lineAt(body, offset),
      message: `Zola shortcode "${name}" is this site's own and cannot be run here; ${kept ? "its body is kept" : "it is left out"}`,
    });
  const withBodies = body.replace(BLOCK, (_match, name: string, _args: string, inner: string, offset: number) => {
    own(name, offset, true);
    return inner;
  });
  const out = withBodies.replace(INLINE, (match, name: string, args: string, offset: number) => {
    const kind = EMBED_KINDS[name];
    if (!kind) {
      own(name, body.indexOf(match) >= 0 ? body.indexOf(match) : offset, false);
      return "";
    }
    const named = parseArgs(args);
    const id = named.id ?? named.url?.replace(/^https?:\/\/[^/]+\//, "") ?? "";
    return embedHtml(kind, id);
  });
  // Zola's internal links, `[text](@/blog/post.md#part)` and `[ref]: @/…`: the post's URL here.
  const linked = out.replace(
    INTERNAL_LINK,
    (_m, open: string, path: string) => open + referencedPostUrl(path, ctx.baseUrl),
  );
  return { body: linked, warnings };
}

/** Whether `body` has any Zola shortcode. */
export function hasZolaShortcodes(body: string): boolean {
  return INLINE_TEST.test(body) || /\{%\s*[A-Za-z_]\w*\(/.test(body) || /(\]\(|\]:\s*)@\//.test(body);
}

const INTERNAL_LINK = /(\]\(|^\s{0,3}\[[^\]]+\]:\s*)@\/([^)\s]+)/gm;
const INLINE = /\{\{\s*([A-Za-z_]\w*)\(([^)]*)\)\s*\}\}/g;
const INLINE_TEST = /\{\{\s*[A-Za-z_]\w*\([^)]*\)\s*\}\}/;
const BLOCK = /\{%\s*([A-Za-z_]\w*)\(([^)]*)\)\s*%\}([\s\S]*?)\{%\s*end\s*%\}/g;
const EMBED_KINDS: Record<string, EmbedKind> = { youtube: "youtube", vimeo: "vimeo", gist: "gist" };

function parseArgs(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [, key, double, single, bare] of text.matchAll(
    /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^,\s]+))/g,
  )) {
    if (key) args[key] = double ?? single ?? bare ?? "";
  }
  return args;
}
