/**
 * The ways an RSS or Atom title can be written, and what each real reader shows for each:
 * the measurement behind the choice README.md explains ("Titles that look like markup").
 */
import { type FeedKind, newsboat, READERS, type Reader } from "./readers.js";

/** A title that looks like markup, and one that only holds an ampersand. */
export const MARKUP_TITLE = "Tom & Jerry <b>";
export const AMPERSAND_TITLE = "Meet & Greet";

const amp = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const hex = (s: string) => s.replace(/&/g, "&#x26;").replace(/</g, "&#x3C;").replace(/>/g, "&#x3E;");

export interface Way {
  kind: FeedKind;
  name: string;
  /** The `<title>` element, for a title in plain text. */
  element(title: string): string;
}

export const WAYS: Way[] = [
  { kind: "rss", name: "RSS text, `&amp;`", element: (t) => `<title>${amp(t)}</title>` },
  { kind: "rss", name: "RSS text, `&#x26;`", element: (t) => `<title>${hex(t)}</title>` },
  { kind: "rss", name: "RSS CDATA", element: (t) => `<title><![CDATA[${t}]]></title>` },
  { kind: "rss", name: "RSS HTML, escaped twice", element: (t) => `<title>${amp(amp(t))}</title>` },
  { kind: "atom", name: 'Atom `type="text"`', element: (t) => `<title type="text">${amp(t)}</title>` },
  { kind: "atom", name: 'Atom `type="html"`', element: (t) => `<title type="html">${amp(amp(t))}</title>` },
  {
    kind: "atom",
    name: 'Atom `type="xhtml"`',
    element: (t) => `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${amp(t)}</div></title>`,
  },
];

/** A minimal valid feed of one item with the given `<title>` element. */
export function feedWith(kind: FeedKind, titleElement: string): string {
  if (kind === "rss") {
    return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://news.example.com/</link><description>D</description>
<item>${titleElement}<link>https://news.example.com/a</link><guid isPermaLink="false">tag:news.example.com,2026-01-01:/a</guid>
<pubDate>Thu, 01 Jan 2026 10:00:00 GMT</pubDate><description>Body</description></item></channel></rss>`;
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>https://news.example.com/atom.xml</id><title>T</title>
<updated>2026-01-01T10:00:00Z</updated><author><name>A</name></author>
<entry>${titleElement}<id>tag:news.example.com,2026-01-01:/a</id><link href="https://news.example.com/a"/>
<updated>2026-01-01T10:00:00Z</updated><summary>Body</summary></entry></feed>`;
}

/** The readers measured, in table order. */
export const MEASURED: Reader[] = [...READERS.filter((r) => r.formats.includes("rss")), newsboat];

/** What `reader` shows for `title` written in `way`: the title string it returns. */
export async function shown(reader: Reader, way: Way, title: string): Promise<string> {
  const items = await reader.read(feedWith(way.kind, way.element(title)), way.kind);
  const value: unknown = items[0]?.title;
  if (typeof value !== "string") return "(an object, not a string)";
  return value === "" ? "(empty)" : value;
}

/** The README table: one row per way, one column per reader; ✓ when it shows the title as written. */
export async function measuredTable(title: string): Promise<string> {
  const cell = (text: string) => (text === title ? "✓" : text.startsWith("(") ? text : `\`${text}\``);
  const rows = [`| written as | ${MEASURED.map((r) => r.name).join(" | ")} |`];
  rows.push(`|${" --- |".repeat(MEASURED.length + 1)}`);
  for (const way of WAYS) {
    const cells = await Promise.all(MEASURED.map(async (r) => cell(await shown(r, way, title))));
    rows.push(`| ${way.name} | ${cells.join(" | ")} |`);
  }
  return rows.join("\n");
}
