/**
 * Helpers shared by the hostile-input tests (issue 6): in-memory sites, safe YAML,
 * an independent oracle of the characters a feed can carry, and an HTML scanner
 * that finds anything executable in rendered HTML.
 */
import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import { stringify } from "yaml";
import { type CompileOutput, compileSite, type SourceFile } from "../../src/compiler/compile.js";
import { loadSiteConfig } from "../../src/config/site-config.js";
import { createApp } from "../../src/http/app.js";
import { settingsReader } from "../../src/http/settings.js";
import { ContentStore } from "../../src/store/store.js";

export const SITE_URL = "https://news.example.com";
export const SITE = loadSiteConfig({ SITE_URL });
/** Every generated post is dated before this. */
export const NOW = new Date("2026-06-01T00:00:00Z");
/** A real JPEG, served to the compiler as `/images/x.jpg`. */
export const JPEG = new Uint8Array(readFileSync("public/images/us-combat-base-japan.jpg"));

export const readPublicFile = (urlPath: string): Uint8Array | undefined =>
  urlPath === "/images/x.jpg" ? JPEG : undefined;

/** Compiles posts in memory, the way `buildSite` does minus the file system. */
export function compile(files: SourceFile[]): CompileOutput {
  return compileSite({ files, site: SITE, now: NOW, readPublicFile });
}

/** The app serving a compiled site straight from the compiler's in-memory files. */
export function memoryApp(output: CompileOutput): Hono {
  const files = output.files;
  const store = new ContentStore(async (path) => {
    const text = files.get(path);
    return text === undefined ? undefined : new TextEncoder().encode(text);
  });
  return createApp({ store, asset: async () => undefined, settings: settingsReader(store, {}) });
}

/**
 * Front matter as YAML that says exactly `data`: every string double-quoted on one line,
 * escaped where YAML needs it (controls, lone surrogates, non-characters).
 */
export function yamlFrontMatter(data: Record<string, unknown>): string {
  return stringify(data, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN", lineWidth: 0 });
}

export function postText(data: Record<string, unknown>, body: string): string {
  return `---\n${yamlFrontMatter(data)}---\n\n${body}\n`;
}

/**
 * Independent oracle of what survives into a feed: XML 1.0 characters (tab, LF, CR,
 * U+0020–U+D7FF, U+E000–U+FFFD, astral planes) minus those XML discourages and the project
 * also drops (DEL, C1 controls, U+FDD0–U+FDEF, U+FFFD). Walks code points, so a lone
 * surrogate is one unit and is dropped.
 */
export function carried(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const ok =
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0x7e) ||
      (cp >= 0xa0 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfdcf) ||
      (cp >= 0xfdf0 && cp <= 0xfffc) ||
      cp >= 0x10000;
    if (ok) out += ch;
  }
  return out;
}

/** A title or name as published: carried characters, one line, runs of white space as one space. */
export function oneLine(text: string): string {
  return carried(text).replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------
// HTML scanning
// ---------------------------------------------------------------------------

export interface StartTag {
  /** Where the tag starts in the text. */
  offset: number;
  name: string;
  /** Attribute names lowercased, values with character references decoded. */
  attrs: [string, string][];
  /** The raw text of a raw-text element (script, style, …) up to its end tag. */
  text?: string;
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  colon: ":",
  tab: "\t",
  newline: "\n",
  lpar: "(",
  rpar: ")",
  sol: "/",
  nbsp: "\u00a0",
};

/** Decodes the character references a browser decodes in attribute values (the ones that matter here). */
export function decodeRefs(value: string): string {
  return value.replace(/&(#[0-9]+|#x[0-9a-f]+|[a-z]+);?/gi, (ref, body: string) => {
    if (body[0] === "#") {
      const cp =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
    }
    return NAMED[body.toLowerCase()] ?? ref;
  });
}

/**
 * Start tags of an HTML text as a browser's tokenizer reads them: comments, end tags and
 * doctypes skipped, the text of raw-text elements (script, style, …) skipped too.
 */
export function startTags(html: string): StartTag[] {
  const tags: StartTag[] = [];
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[lt + 1] === "!" || html[lt + 1] === "?" || html[lt + 1] === "/") {
      const end = html.indexOf(">", lt + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(html[lt + 1] ?? "")) {
      i = lt + 1;
      continue;
    }
    let j = lt + 1;
    while (j < n && !/[\s/>]/.test(html[j] as string)) j++;
    const name = html.slice(lt + 1, j).toLowerCase();
    const attrs: [string, string][] = [];
    for (;;) {
      while (j < n && /[\s/]/.test(html[j] as string)) j++;
      if (j >= n || html[j] === ">") break;
      const start = j;
      j++; // the first character of a name may be anything but space, `/` and `>`, even `=`
      while (j < n && !/[\s/>=]/.test(html[j] as string)) j++;
      const attr = html.slice(start, j).toLowerCase();
      while (j < n && /\s/.test(html[j] as string)) j++;
      let value = "";
      if (html[j] === "=") {
        j++;
        while (j < n && /\s/.test(html[j] as string)) j++;
        const quote = html[j];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, j + 1);
          value = html.slice(j + 1, end < 0 ? n : end);
          j = end < 0 ? n : end + 1;
        } else {
          const begin = j;
          while (j < n && !/[\s>]/.test(html[j] as string)) j++;
          value = html.slice(begin, j);
        }
      }
      attrs.push([attr, decodeRefs(value)]);
    }
    const tag: StartTag = { offset: lt, name, attrs };
    tags.push(tag);
    i = j + 1;
    if (/^(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)$/.test(name)) {
      // Not toLowerCase(): it changes lengths ("İ" becomes two code units) and so offsets.
      const end = new RegExp(`</${name}`, "gi");
      end.lastIndex = i;
      const close = end.exec(html)?.index ?? -1;
      tag.text = html.slice(i, close < 0 ? n : close);
      i = close < 0 ? n : close;
    }
  }
  return tags;
}

/** Tags that run code, load other documents, submit data or restyle the page. */
const FORBIDDEN_TAGS = new Set([
  "script",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "param",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "option",
  "style",
  "svg",
  "math",
  "template",
  "noscript",
  "portal",
  "base",
  "meta",
  "link",
  // <video>, <audio> and <source> are allowed media (issue 15), as inert as <img>: their
  // handlers and URL schemes are still scanned below.
  "marquee",
  "isindex",
]);

const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "xlink:href",
  "data",
  "poster",
  "background",
  "codebase",
  "cite",
  "longdesc",
  "lowsrc",
  "dynsrc",
  "ping",
  "manifest",
  "srcset",
]);

/** The scheme a browser would see: ASCII white space and controls are ignored inside it. */
export function schemeOf(url: string): string | undefined {
  const compact = [...url]
    .filter((ch) => {
      const c = ch.charCodeAt(0);
      return c > 0x20 && !(c >= 0x7f && c <= 0x9f);
    })
    .join("");
  return /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
}

export interface ScanOptions {
  /**
   * A whole page: in its `<head>` (only there), allow the layout's `<meta>` without
   * `http-equiv` and `<link>` of the kinds a layout uses (canonical, stylesheet, alternate, icon).
   */
  page?: boolean;
}

const LAYOUT_META_ATTRIBUTES = new Set(["charset", "name", "property", "content"]);
const LAYOUT_LINK_RELS = /^(canonical|stylesheet|alternate|icon|shortcut icon|apple-touch-icon|author|license)$/;

/**
 * A page's structured data: `<script type="application/ld+json">` is a data block browsers never run,
 * as long as its text cannot end the element early or open a comment: no `<` at all, and valid JSON.
 */
function isJsonLd(tag: StartTag): boolean {
  if (tag.name !== "script" || tag.attrs.length !== 1 || tag.attrs[0]?.[0] !== "type") return false;
  if (tag.attrs[0][1] !== "application/ld+json" || tag.text === undefined || tag.text.includes("<")) return false;
  try {
    JSON.parse(tag.text);
    return true;
  } catch {
    return false;
  }
}

/** Everything executable or document-changing in `html`, described; empty when the HTML is inert. */
export function dangers(html: string, options: ScanOptions = {}): string[] {
  const found: string[] = [];
  const headEnd = options.page ? html.search(/<\/head>/i) : -1;
  for (const tag of startTags(html)) {
    const attrNames = tag.attrs.map(([name]) => name);
    const attr = (name: string) => tag.attrs.find(([a]) => a === name)?.[1];
    const inHead = tag.offset < headEnd;
    const layoutMeta = tag.name === "meta" && attrNames.every((a) => LAYOUT_META_ATTRIBUTES.has(a));
    const layoutLink =
      tag.name === "link" &&
      LAYOUT_LINK_RELS.test(attr("rel") ?? "") &&
      attrNames.every((a) => ["rel", "href", "type", "title", "sizes"].includes(a));
    if (FORBIDDEN_TAGS.has(tag.name) && !(inHead && (layoutMeta || layoutLink)) && !(options.page && isJsonLd(tag))) {
      found.push(`<${tag.name}> element`);
    }
    for (const [name, value] of tag.attrs) {
      if (name.startsWith("on")) found.push(`<${tag.name} ${name}=…> event handler`);
      else if (name === "style") found.push(`<${tag.name} style=…> attribute`);
      else if (name === "srcdoc" || name === "http-equiv") found.push(`<${tag.name} ${name}=…> attribute`);
      else if (URL_ATTRIBUTES.has(name)) {
        for (const url of name === "srcset" ? value.split(",") : [value]) {
          const scheme = schemeOf(url);
          const imageData = tag.name === "img" && name === "src" && scheme === "data";
          if (
            scheme === "javascript" ||
            scheme === "vbscript" ||
            scheme === "livescript" ||
            (scheme === "data" && !imageData)
          )
            found.push(`<${tag.name} ${name}="${value.slice(0, 60)}"> ${scheme}: URL`);
        }
      }
    }
  }
  return found;
}
