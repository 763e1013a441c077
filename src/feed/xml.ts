import { type Element, xml2js } from "xml-js";
import { xmlChars } from "../xml-chars.js";

/**
 * How each kind of text is written in each XML format: the one rule, and the one writer that
 * applies it. The author's text goes in as it is; a reader that decodes the XML gets it back.
 *
 * | kind            | RSS 2.0                              | Atom 1.0, OPML 2.0       |
 * |-----------------|--------------------------------------|--------------------------|
 * | plain text      | element text, `&#x26;` `&#x3C;` `&#x3E;` | element text (Atom `type="text"`), `&amp;` `&lt;` `&gt;` |
 * | HTML            | CDATA (`content:encoded`, `description`) | CDATA, `type="html"`  |
 * | attribute value | `&amp;` `&lt;` `&gt;` `&quot;`, never a numeric reference | the same |
 * | URL             | as an attribute value, in attributes and in element text | the same |
 *
 * RSS plain text uses hexadecimal references: every reader measured reads them as it reads
 * `&amp;`, and the W3C validator (after the RSS Best Practices Profile) warns on `&amp;` or CDATA
 * in a title holding `<`. Attribute values never use them: @rowanmanning/feed-parser returns a
 * `&#x26;` in an attribute literally.
 * Characters XML cannot carry are dropped everywhere (`xmlChars`). HTML pages are JSX (Hono
 * escapes) and `escapeHtml` below. README.md ("Titles that look like markup") has the measurement.
 */
export type XmlFormat = "rss" | "atom" | "opml";

export type { Element };

/** Attribute values as the author wrote them; an undefined one is left out. */
export type Attributes = Record<string, string | number | undefined>;

const entities = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const hexRefs = (value: string) => value.replace(/&/g, "&#x26;").replace(/</g, "&#x3C;").replace(/>/g, "&#x3E;");

/** RSS elements whose text is a URL or an identifier, written as attribute values are. */
const RSS_URL_ELEMENTS = new Set(["link", "guid", "docs", "url", "comments"]);

/** Element text of `element` in `format`. */
export function escapeText(value: string, format: XmlFormat, element = ""): string {
  const text = xmlChars(value);
  return format === "rss" && !RSS_URL_ELEMENTS.has(element) ? hexRefs(text) : entities(text);
}

/** An attribute value, in every format. */
export function escapeAttr(value: string): string {
  return entities(xmlChars(value)).replace(/"/g, "&quot;");
}

/** HTML as a CDATA section: each `]]>` is split across two sections, so the HTML decodes exactly. */
export function cdata(html: string): string {
  return `<![CDATA[${xmlChars(html).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/** Plain text as HTML text or a double-quoted HTML attribute value (the lead figure, the Related block). */
export function escapeHtml(text: string): string {
  return entities(text).replace(/"/g, "&quot;");
}

/** An element with attributes (values as written by the author) and children. */
export function el(name: string, attributes: Attributes = {}, children: Element[] = []): Element {
  const attrs = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  return { type: "element", name, attributes: attrs, elements: children };
}

/** An element holding plain text. */
export function textEl(name: string, value: string, attributes: Attributes = {}): Element {
  return el(name, attributes, [{ type: "text", text: value }]);
}

/** An element holding HTML. */
export function htmlEl(name: string, html: string, attributes: Attributes = {}): Element {
  return el(name, attributes, [{ type: "cdata", cdata: html }]);
}

/**
 * The one parse step of `feed`'s output: a real XML parser (sax, through xml-js) turns it into
 * a tree of decoded values, which the format's module adapts and `writeXml` writes.
 */
export function parseXml(xml: string): Element {
  return xml2js(xml, { compact: false, trim: false, captureSpacesBetweenElements: false }) as Element;
}

/** The element children of `parent` named `name`. */
export function children(parent: Element, name: string): Element[] {
  return (parent.elements ?? []).filter((e) => e.type === "element" && e.name === name);
}

/** The first child element named `name`; throws when there is none (the skeleton `feed` wrote changed). */
export function child(parent: Element, name: string): Element {
  const found = children(parent, name)[0];
  if (!found) throw new Error(`feed output has no <${name}> in <${parent.name ?? "document"}>`);
  return found;
}

/** Inserts `nodes` ahead of the first child named `name` (at the end when there is none). */
export function insertBefore(parent: Element, name: string, nodes: Element[]): void {
  const kids = parent.elements ?? [];
  const at = kids.findIndex((e) => e.name === name);
  kids.splice(at < 0 ? kids.length : at, 0, ...nodes);
  parent.elements = kids;
}

/**
 * Writes a document tree with the rule above, indented by two spaces. An element holding
 * only elements is indented; one holding text or CDATA is written on one line.
 */
export function writeXml(doc: Element, format: XmlFormat): string {
  const lines: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  for (const node of doc.elements ?? []) {
    if (node.type === "instruction") lines.push(`<?${node.name} ${node.instruction ?? ""}?>`);
    else if (node.type === "element") lines.push(writeElement(node, format, ""));
  }
  return `${lines.join("\n")}\n`;
}

function writeElement(element: Element, format: XmlFormat, indent: string): string {
  const name = element.name as string;
  const attrs = Object.entries(element.attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeAttr(String(value))}"`)
    .join("");
  const kids = element.elements ?? [];
  if (kids.length === 0) return `${indent}<${name}${attrs}/>`;
  if (kids.every((k) => k.type === "element")) {
    const inner = kids.map((k) => writeElement(k, format, `${indent}  `)).join("\n");
    return `${indent}<${name}${attrs}>\n${inner}\n${indent}</${name}>`;
  }
  const inner = kids
    .map((k) => {
      if (k.type === "text") return escapeText(String(k.text ?? ""), format, name);
      if (k.type === "cdata") return cdata(String(k.cdata ?? ""));
      if (k.type === "element") return writeElement(k, format, "");
      return "";
    })
    .join("");
  return `${indent}<${name}${attrs}>${inner}</${name}>`;
}

/**
 * For a value `feed` writes as element text: its writer (xml-js) first turns every `&amp;`
 * back into `&`, so a literal `&amp;` the author wrote would be lost before `parseXml` sees it.
 */
export function feedText(value: string): string {
  return xmlChars(value).replace(/&amp;/g, "&amp;amp;");
}

/** Adds the instruction that styles the feed for a browser (see README "In a browser"). */
export function withStylesheet(doc: Element, stylesheet: string | undefined): Element {
  if (!stylesheet) return doc;
  const pi: Element = {
    type: "instruction",
    name: "xml-stylesheet",
    instruction: `type="text/css" href="${escapeAttr(stylesheet)}"`,
  };
  return { ...doc, elements: [pi, ...(doc.elements ?? []).filter((e) => e.type !== "instruction")] };
}
