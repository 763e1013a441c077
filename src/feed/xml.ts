import { xmlChars } from "../xml-chars.js";

/**
 * Escaping for the `feed` package, whose XML writer (xml-js) has three gaps:
 * attribute values are written without escaping `&` or `<`; text first turns every
 * `&amp;` back into `&` before escaping; and CDATA splits only the first `]]>`.
 * Each helper prepares a value for one of those paths so the output is always
 * well-formed and round-trips exactly. Characters XML cannot carry are dropped.
 */

/** For a value xml-js writes as element text. */
export function xmlText(value: string): string {
  // xml-js replaces `&amp;` with `&` before escaping; feeding it `&amp;amp;` yields `&amp;` again.
  return xmlChars(value).replace(/&amp;/g, "&amp;amp;");
}

/** For an attribute value xml-js writes as-is (it escapes only `"`). */
export function xmlAttr(value: string): string {
  // `>` too, although XML allows it: no tag we write then holds a raw `>` (see `hexCharRefs`).
  return xmlChars(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** For HTML written into CDATA: `]]>` becomes `]]&gt;`, which means the same in HTML. */
export function cdataHtml(html: string): string {
  return xmlChars(html).replace(/]]>/g, "]]&gt;");
}

/** Plain text as HTML, for elements whose type is HTML (Atom `type="html"`, RSS titles). */
export function escapeHtml(text: string): string {
  return xmlChars(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Replaces the root element's start tag (and adds a stylesheet instruction) in `feed`'s output. */
export function replaceRoot(xml: string, root: string, startTag: string, stylesheet?: string): string {
  const pi = stylesheet ? `<?xml-stylesheet type="text/css" href="${xmlAttr(stylesheet)}"?>\n` : "";
  const at = xml.indexOf(`<${root}`);
  const end = xml.indexOf(">", at);
  if (at < 0 || end < 0) throw new Error(`feed output has no <${root}> element`);
  return `${xml.slice(0, at)}${pi}${startTag}${xml.slice(end + 1)}`;
}

const CDATA_OR_TAG = /(<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>)/;
/** Attributes holding text rather than a URL (Atom category labels, OPML outline text). */
const TEXT_ATTRIBUTE = /(\s(?:label|term|title|text)=")([^"]*)"/g;

const hex = (text: string) => text.replace(/&amp;/g, "&#x26;").replace(/&lt;/g, "&#x3C;");

/**
 * Writes `&` and `<` in text as hexadecimal character references, as the RSS Best Practices
 * Profile asks, so that plain text holding `&amp;` or `<b` is never mistaken for HTML. The
 * XML means exactly the same. CDATA sections are left alone, and URL attributes keep the
 * `&amp;` that every parser, strict or lax, knows.
 */
export function hexCharRefs(xml: string): string {
  return xml
    .split(CDATA_OR_TAG)
    .map((part, i) => {
      if (i % 2 === 0) return hex(part);
      if (part.startsWith("<![CDATA[")) return part;
      return part.replace(TEXT_ATTRIBUTE, (_, start: string, value: string) => `${start}${hex(value)}"`);
    })
    .join("");
}
