import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { xmlChars } from "../xml-chars.js";

// CommonMark plus GFM tables (markdown-it enables tables by default). Raw HTML is
// allowed in the source but everything passes through the sanitizer below.
const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  "img",
  "figure",
  "figcaption",
  "del",
  "ins",
  "sup",
  "sub",
  "details",
  "summary",
];

function sanitizeOptions(baseUrl: string): sanitizeHtml.IOptions {
  const absolute = (value: string | undefined) => (value === undefined ? undefined : absolutize(value, baseUrl));
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "hreflang", "rel"],
      img: ["src", "alt", "title", "width", "height", "loading"],
      th: ["align", "colspan", "rowspan", "scope"],
      td: ["align", "colspan", "rowspan"],
      code: ["class"],
      ol: ["start"],
      "*": ["id", "lang", "dir"],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, href: absolute(attribs.href) ?? "" } }),
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, src: absolute(attribs.src) ?? "" } }),
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
  return sanitize(md.render(xmlChars(markdown)), postUrl);
}

/** Inline Markdown (a summary bullet) → sanitized inline HTML. */
export function renderInline(markdown: string, postUrl: string): string {
  return sanitize(md.renderInline(xmlChars(markdown)), postUrl);
}

/** Inline Markdown → plain text, for places where markup is not allowed (JSON `summary`, meta tags). */
export function inlineText(markdown: string): string {
  const tokens = md.parseInline(xmlChars(markdown), {})[0]?.children ?? [];
  return tokens
    .map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type === "softbreak" ? " " : ""))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

/** The first words of a post as escaped HTML text, for feeds' descriptions when there is no summary. */
export function excerptHtml(html: string, maxChars = 280): string {
  const text = sanitizeHtml(html.replace(/<\/(p|h\d|li|td|th|pre|blockquote)>/g, "$& "), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= maxChars) return text;
  const cut = text
    .slice(0, maxChars)
    .replace(/\s+\S*$/, "")
    .replace(/&[^;\s]*$/, "");
  return `${cut}…`;
}

/** Markup in a name (tag, category, byline, caption) is read as HTML and reduced to its text: names are plain text. */
export function stripMarkup(text: string): string {
  if (!/<[a-zA-Z/!?]/.test(text)) return text;
  // sanitize-html returns escaped text; undo its four escapes, `&amp;` last.
  return sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function sanitize(html: string, postUrl: string): string {
  // Again after sanitizing: it decodes character references such as `&#1;` in raw HTML.
  return xmlChars(sanitizeHtml(html, sanitizeOptions(postUrl))).trim();
}
