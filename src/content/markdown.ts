import MarkdownIt from "markdown-it";
import type sanitizeHtml from "sanitize-html";
import { xmlChars } from "../xml-chars.js";
import { lazyPackage } from "./lazy-package.js";
import { SYNTAX_CLASSES, withSyntax } from "./markdown-syntax.js";

// CommonMark plus GFM tables (markdown-it enables tables by default) and the syntax of
// ./markdown-syntax.ts. Raw HTML is allowed in the source but everything passes through the
// sanitizer below.
const md = withSyntax(new MarkdownIt({ html: true, typographer: false }));
// The same, parsing a text with no `{` in it: markdown-it-attrs has nothing to find there.
const braceless = withSyntax(new MarkdownIt({ html: true, typographer: false }), { curlyAttributes: false });

const sanitizer = lazyPackage<typeof sanitizeHtml>("sanitize-html");

/** sanitize-html's default tags and ours (a function: the package is loaded on first use). */
const allowedTags = () => [
  ...sanitizer().defaults.allowedTags,
  "img",
  "figure",
  "figcaption",
  "del",
  "ins",
  "sup",
  "sub",
  "details",
  "summary",
  // Media a post embeds itself (Hugo and Jekyll posts write them as raw HTML).
  "video",
  "audio",
  "source",
  "picture",
  "track",
];

/** Embeds from these players become a link to the video: feed readers strip iframes, and the CSP frames nothing. */
const EMBEDS: [RegExp, (id: string) => string, string][] = [
  [
    /^https?:\/\/(?:www\.)?(?:youtube(?:-nocookie)?\.com\/embed\/|youtu\.be\/)([\w-]{6,})/,
    (id) => `https://www.youtube.com/watch?v=${id}`,
    "YouTube",
  ],
  [/^https?:\/\/player\.vimeo\.com\/video\/(\d+)/, (id) => `https://vimeo.com/${id}`, "Vimeo"],
];

function sanitizeOptions(baseUrl: string): sanitizeHtml.IOptions {
  const absolute = (value: string | undefined) => (value === undefined ? undefined : absolutize(value, baseUrl));
  return {
    allowedTags: allowedTags(),
    allowedAttributes: {
      a: ["href", "title", "hreflang", "rel", "class"],
      ...Object.fromEntries(
        Object.keys(SYNTAX_CLASSES)
          .filter((tag) => tag !== "a")
          .map((tag) => [tag, ["class"]]),
      ),
      img: ["src", "alt", "title", "width", "height", "loading"],
      th: ["align", "colspan", "rowspan", "scope"],
      td: ["align", "colspan", "rowspan"],
      code: ["class"],
      ol: ["start"],
      video: ["src", "poster", "controls", "width", "height", "preload", "loop", "muted", "playsinline"],
      audio: ["src", "controls", "preload", "loop", "muted"],
      source: ["src", "srcset", "type", "media", "sizes"],
      track: ["src", "kind", "srclang", "label", "default"],
      "*": ["id", "lang", "dir"],
    },
    allowedClasses: { ...SYNTAX_CLASSES, code: [/^language-[\w-]+$/] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowedIframeHostnames: [],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, href: absolute(attribs.href) ?? "" } }),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: absolute(attribs.src) ?? "" } }),
      video: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, src: absolute(attribs.src) ?? "", poster: absolute(attribs.poster) ?? "" },
      }),
      audio: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: absolute(attribs.src) ?? "" } }),
      source: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: absolute(attribs.src) ?? "" } }),
      iframe: (_tagName, attribs): sanitizeHtml.Tag => {
        for (const [pattern, watchUrl, player] of EMBEDS) {
          const id = pattern.exec(attribs.src ?? "")?.[1];
          if (id) return { tagName: "a", attribs: { href: watchUrl(id) }, text: `Watch the video on ${player}` };
        }
        return { tagName: "iframe", attribs: {} };
      },
    },
    exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href && !frame.text.trim(),
  };
}

/** Resolves a link against the post URL; leaves anchors-only, mailto and invalid links as they are. */
export function absolutize(value: string, baseUrl: string): string {
  const trimmed = value.trim();
  if (trimmed === "" || trimmed.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, baseUrl).href;
  } catch {
    return trimmed;
  }
}

/** Markdown body → sanitized HTML with absolute links, safe for feeds and pages. */
export function renderBody(markdown: string, postUrl: string): string {
  return renderPostBody(markdown, postUrl).html;
}

/** The body as HTML, and its opening words as escaped text for descriptions (at most `excerptChars`). */
export function renderPostBody(
  markdown: string,
  postUrl: string,
  excerptChars = 280,
): { html: string; excerpt: string; tooDeep: boolean } {
  const env: RenderEnv = { postUrl };
  const text = xmlChars(markdown);
  const tokens = (text.includes("{") ? md : braceless).parse(text, env);
  const html = renderTokens(tokens, env);
  return { html, excerpt: excerpt(tokens, excerptChars), tooDeep: deepest(tokens) >= md.options.maxNesting - 1 };
}

/** Parsed Markdown → sanitized HTML: through the sanitizer only when the tokens need it. */
function renderTokens(tokens: ReturnType<typeof md.parse>, env: RenderEnv): string {
  return needsSanitizer(tokens)
    ? sanitize(md.renderer.render(tokens, md.options, env), env.postUrl)
    : xmlChars(trusted.renderer.render(tokens, trusted.options, env)).trim();
}

/** The deepest nesting level in a token tree: markdown-it drops what lies past `maxNesting`. */
function deepest(tokens: ReturnType<typeof md.parse>): number {
  let max = 0;
  for (const t of tokens) max = Math.max(max, t.level, t.children ? deepest(t.children) : 0);
  return max;
}

/** The text of the first blocks, cut at a word, escaped for HTML. */
function excerpt(tokens: ReturnType<typeof md.parse>, maxChars: number): string {
  let text = "";
  for (const token of tokens) {
    if (token.type !== "inline" || text.length > maxChars) continue;
    const words = (token.children ?? [])
      .map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type.endsWith("break") ? " " : ""))
      .join("");
    text = `${text} ${words}`.replace(/\s+/g, " ").trim();
  }
  if (text.length > maxChars) text = `${text.slice(0, maxChars).replace(/\s+\S*$/, "")}…`;
  return md.utils.escapeHtml(text);
}

/** The same as `renderBody`, always through the sanitizer: the reference the fast path must equal. */
export function renderBodySanitized(markdown: string, postUrl: string): string {
  return sanitize(md.render(xmlChars(markdown)), postUrl);
}

/**
 * Markdown without raw HTML renders to markup the sanitizer would keep as it is, once its
 * links are made absolute and table cells lose their inline `style` (the CSP forbids it).
 * That common case skips the sanitizer, the slowest step of a build; anything else —
 * raw HTML, or a link to another scheme — goes through it.
 */
function needsSanitizer(tokens: ReturnType<typeof md.parse>): boolean {
  const check = (list: ReturnType<typeof md.parse>): boolean =>
    list.some((t) => {
      if (t.type === "html_block" || t.type === "html_inline") return true;
      const url = t.type === "link_open" ? t.attrGet("href") : t.type === "image" ? t.attrGet("src") : null;
      if (url !== null && !SAFE_URL.test(String(url))) return true;
      if (t.type === "fence" && t.info.trim() !== "" && !/^[\w-]+(\s|$)/.test(t.info.trim())) return true;
      return t.children ? check(t.children) : false;
    });
  return check(tokens);
}

/** Relative references and http(s)/mailto URLs: what the sanitizer allows in both links and images. */
const SAFE_URL = /^(?![a-z][a-z0-9+.-]*:)(?!\/\/)|^(https?|mailto):/i;

/** What renderer rules learn about the document: the URL links are resolved against. */
type RenderEnv = { postUrl: string } & Record<string, unknown>;

// The same parser, with a renderer that does what the sanitizer would do to safe markup.
// xhtmlOut: the sanitizer writes void elements as `<img ... />`.
const trusted = withSyntax(new MarkdownIt({ html: true, typographer: false, xhtmlOut: true }));
for (const [rule, attr] of [
  ["link_open", "href"],
  ["image", "src"],
] as const) {
  const original = trusted.renderer.rules[rule] ?? trusted.renderer.renderToken.bind(trusted.renderer);
  trusted.renderer.rules[rule] = (tokens, idx, options, env, self) => {
    const token = tokens[idx] as (typeof tokens)[number];
    const value = token.attrGet(attr);
    if (value !== null) token.attrSet(attr, absolutize(String(value), (env as RenderEnv).postUrl));
    return original(tokens, idx, options, env, self);
  };
}
for (const rule of ["th_open", "td_open"] as const) {
  trusted.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx] as (typeof tokens)[number];
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
    return self.renderToken(tokens, idx, options);
  };
}

/**
 * A summary bullet (inline Markdown), parsed once: as sanitized inline HTML and as plain text
 * (`inlineText`). Plain Markdown skips the sanitizer, as a body does.
 */
export function renderSummary(markdown: string, postUrl: string): { html: string; text: string } {
  const env: RenderEnv = { postUrl };
  const text = xmlChars(markdown);
  const tokens = (text.includes("{") ? md : braceless).parseInline(text, env);
  // The text first: rendering may rewrite link attributes, never the text tokens it reads.
  const plain = tokensText(tokens[0]?.children ?? []);
  return { html: renderTokens(tokens, env), text: plain };
}

/** Inline Markdown (a summary bullet) → sanitized inline HTML. */
export function renderInline(markdown: string, postUrl: string): string {
  return renderSummary(markdown, postUrl).html;
}

/** The same as `renderInline`, always through the sanitizer: the reference its fast path must equal. */
export function renderInlineSanitized(markdown: string, postUrl: string): string {
  return sanitize(md.renderInline(xmlChars(markdown)), postUrl);
}

/** Inline Markdown → plain text, for places where markup is not allowed (JSON `summary`, meta tags). */
export function inlineText(markdown: string): string {
  return tokensText(md.parseInline(xmlChars(markdown), {})[0]?.children ?? []);
}

function tokensText(tokens: ReturnType<typeof md.parseInline>): string {
  return tokens
    .map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type === "softbreak" ? " " : ""))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

/** Markup in a name (tag, category, byline, caption) is read as HTML and reduced to its text: names are plain text. */
export function stripMarkup(text: string): string {
  if (!/<[a-zA-Z/!?]/.test(text)) return text;
  // sanitize-html returns escaped text; undo its four escapes, `&amp;` last.
  return sanitizer()(text, { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function sanitize(html: string, postUrl: string): string {
  // Again after sanitizing: it decodes character references such as `&#1;` in raw HTML.
  return xmlChars(sanitizer()(html, sanitizeOptions(postUrl))).trim();
}
