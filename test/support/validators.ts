/**
 * Feed-validity harness for tests.
 *
 *   checkWellFormedXml(xml)      strict XML 1.0 + namespace well-formedness (sync)
 *   validateAtom(xml)            RFC 4287 RELAX NG schema via jing (async)
 *   parseWithFeedparser(text)    how Python feedparser reads the feed (async)
 *   validateJsonFeed(feed)       JSON Feed 1.1 rules (sync)
 *
 * Every validator returns a list of error strings; an empty list means "ok".
 *
 * System requirements (Debian packages, see .ci/apt-packages.txt):
 *   jing                 -> /usr/bin/jing
 *   python3-feedparser   -> used through /usr/bin/python3 (not the PATH python)
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLValidator } from "fast-xml-parser";

export const ATOM_SCHEMA_PATH = fileURLToPath(new URL("./atom.rnc", import.meta.url).href);
export const FEEDPARSER_SCRIPT_PATH = fileURLToPath(new URL("./feedparser.py", import.meta.url).href);
const JING = "jing";
const PYTHON = "/usr/bin/python3";
const TOOL_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------------------
// XML well-formedness
// ---------------------------------------------------------------------------

/**
 * Strict XML well-formedness check. Returns error strings ("line:col: message");
 * empty means well-formed.
 *
 * fast-xml-parser's XMLValidator checks tag nesting and attribute syntax but
 * (as of 5.12) accepts several things XML 1.0 forbids, which real feeds get
 * wrong, so this adds checks for: characters not allowed in XML 1.0 (e.g.
 * U+0001 copied from a CMS), undefined entity references (&nbsp;), bad
 * character references (&#0;), more than one root element or text outside
 * it, "<" inside attribute values, "]]>" in text, "--" in comments, and
 * undeclared namespace prefixes (e.g. <media:content> without xmlns:media).
 */
export function checkWellFormedXml(xml: string): string[] {
  const text = xml.startsWith("\uFEFF") ? xml.slice(1) : xml;
  const errors = illegalCharErrors(text);
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result !== true) {
    const { code, msg, line, col } = result.err;
    errors.push(`${line ?? "?"}:${col ?? "?"}: ${code}: ${msg}`);
    return errors; // structure is broken; further checks would only add noise
  }
  errors.push(...strictChecks(text));
  return errors;
}

const PREDEFINED_ENTITIES = new Set(["amp", "lt", "gt", "quot", "apos"]);
const XML_NS = "http://www.w3.org/XML/1998/namespace";

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return `${line}:${offset - last}`;
}

function illegalCharErrors(text: string): string[] {
  const errors: string[] = [];
  // With the u flag a lone surrogate is one code point, and not in the ranges.
  const re = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
  for (const m of text.matchAll(re)) {
    const cp = m[0].codePointAt(0) ?? 0;
    errors.push(
      `${lineCol(text, m.index ?? 0)}: character U+${cp.toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML 1.0`,
    );
    if (errors.length >= 5) {
      errors.push("(more illegal characters not listed)");
      break;
    }
  }
  return errors;
}

/** Checks run after XMLValidator has accepted the document's structure. */
function strictChecks(text: string): string[] {
  const errors: string[] = [];
  const at = (offset: number, msg: string) => errors.push(`${lineCol(text, offset)}: ${msg}`);
  const declared = new Set(PREDEFINED_ENTITIES);
  const nsStack: Array<Map<string, string>> = [new Map([["xml", XML_NS]])];
  const resolve = (prefix: string) => {
    for (let i = nsStack.length - 1; i >= 0; i--) {
      const uri = nsStack[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  };
  let depth = 0;
  let rootSeen = false;
  let pos = 0;

  while (pos < text.length) {
    const lt = text.indexOf("<", pos);
    const end = lt === -1 ? text.length : lt;
    if (end > pos) {
      const chunk = text.slice(pos, end);
      if (depth === 0 && chunk.trim() !== "") at(pos, "text is not allowed outside the root element");
      const bad = chunk.indexOf("]]>");
      if (bad !== -1) at(pos + bad, '"]]>" is not allowed in character data');
      checkReferences(chunk, pos, declared, at);
    }
    if (lt === -1) break;
    pos = lt;

    if (text.startsWith("<?", pos)) {
      const close = text.indexOf("?>", pos + 2);
      pos = close === -1 ? text.length : close + 2;
    } else if (text.startsWith("<!--", pos)) {
      const close = text.indexOf("-->", pos + 4);
      const body = text.slice(pos + 4, close === -1 ? text.length : close);
      if (body.includes("--") || body.endsWith("-")) at(pos, '"--" is not allowed inside a comment');
      pos = close === -1 ? text.length : close + 3;
    } else if (text.startsWith("<![CDATA[", pos)) {
      if (depth === 0) at(pos, "CDATA section outside the root element");
      const close = text.indexOf("]]>", pos + 9);
      pos = close === -1 ? text.length : close + 3;
    } else if (text.startsWith("<!DOCTYPE", pos)) {
      pos = readDoctype(text, pos, declared);
    } else if (text.startsWith("</", pos)) {
      const close = text.indexOf(">", pos);
      depth--;
      nsStack.pop();
      pos = close === -1 ? text.length : close + 1;
    } else {
      const tag = readStartTag(text, pos);
      if (depth === 0) {
        if (rootSeen) at(pos, `only one root element is allowed (found another: <${tag.name}>)`);
        rootSeen = true;
      }
      const scope = new Map<string, string>();
      for (const a of tag.attrs) {
        if (a.value.includes("<")) at(a.offset, `"<" is not allowed in the value of attribute "${a.name}"`);
        checkReferences(a.value, a.offset, declared, at);
        if (a.name === "xmlns") scope.set("", a.value);
        else if (a.name.startsWith("xmlns:")) {
          if (a.value === "") at(a.offset, `namespace prefix "${a.name.slice(6)}" cannot be undeclared (xmlns:p="")`);
          scope.set(a.name.slice(6), a.value);
        }
      }
      nsStack.push(scope);
      const prefixOf = (name: string) => (name.includes(":") ? name.slice(0, name.indexOf(":")) : null);
      const elPrefix = prefixOf(tag.name);
      if (elPrefix !== null && resolve(elPrefix) === undefined)
        at(pos, `namespace prefix "${elPrefix}" of element <${tag.name}> is not declared`);
      for (const a of tag.attrs) {
        const p = prefixOf(a.name);
        if (p !== null && p !== "xmlns" && resolve(p) === undefined)
          at(a.offset, `namespace prefix "${p}" of attribute "${a.name}" is not declared`);
      }
      if (tag.selfClosing) nsStack.pop();
      else depth++;
      pos = tag.end;
    }
  }
  if (!rootSeen) errors.push("document has no root element");
  return errors;
}

function checkReferences(
  s: string,
  base: number,
  declared: Set<string>,
  at: (offset: number, msg: string) => void,
): void {
  for (let i = s.indexOf("&"); i !== -1; i = s.indexOf("&", i + 1)) {
    const m = /^&(?:#([0-9]+)|#x([0-9a-fA-F]+)|([A-Za-z_:][-A-Za-z0-9._:]*));/.exec(s.slice(i, i + 64));
    if (!m) {
      at(base + i, '"&" must start an entity or character reference (escape it as &amp;)');
    } else if (m[3] !== undefined) {
      if (!declared.has(m[3])) at(base + i, `undefined entity &${m[3]}; (XML only predefines amp, lt, gt, quot, apos)`);
    } else {
      const cp = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2] ?? "", 16);
      if (!isXmlChar(cp)) at(base + i, `character reference ${m[0]} refers to a character not allowed in XML 1.0`);
    }
  }
}

/** Skips a DOCTYPE (including an internal subset), recording general entity names. */
function readDoctype(text: string, pos: number, declared: Set<string>): number {
  const open = text.indexOf("[", pos);
  const gt = text.indexOf(">", pos);
  if (open !== -1 && (gt === -1 || open < gt)) {
    const close = text.indexOf("]", open);
    const subset = text.slice(open + 1, close === -1 ? text.length : close);
    for (const m of subset.matchAll(/<!ENTITY\s+([A-Za-z_:][-A-Za-z0-9._:]*)\s/g)) if (m[1]) declared.add(m[1]);
    const after = close === -1 ? -1 : text.indexOf(">", close);
    return after === -1 ? text.length : after + 1;
  }
  return gt === -1 ? text.length : gt + 1;
}

interface StartTag {
  name: string;
  attrs: Array<{ name: string; value: string; offset: number }>;
  selfClosing: boolean;
  end: number;
}

/** Reads a start tag at `pos` ("<name ...>"); XMLValidator has already checked its syntax. */
function readStartTag(text: string, pos: number): StartTag {
  const nameMatch = /^<([^\s/>]+)/.exec(text.slice(pos, pos + 512));
  const name = nameMatch?.[1] ?? "";
  const attrs: StartTag["attrs"] = [];
  let i = pos + 1 + name.length;
  const attrRe = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
  for (;;) {
    attrRe.lastIndex = i;
    const m = attrRe.exec(text);
    if (!m) break;
    const value = m[2] ?? m[3] ?? "";
    attrs.push({ name: m[1] ?? "", value, offset: m.index + m[0].length - value.length - 1 });
    i = attrRe.lastIndex;
  }
  const close = text.indexOf(">", i);
  const end = close === -1 ? text.length : close + 1;
  return { name, attrs, selfClosing: text[close - 1] === "/", end };
}

// ---------------------------------------------------------------------------
// Atom: RELAX NG (RFC 4287 Appendix B) via jing
// ---------------------------------------------------------------------------

/**
 * Validates an Atom document against RFC 4287's RELAX NG schema with jing.
 * Returns jing's errors as "line:col: message" (empty = valid). Throws if
 * jing is missing or the schema itself fails to load.
 *
 * The schema's Schematron rules (author required; alternate link or content
 * required) are NOT checked by jing; see the notes at the top of atom.rnc.
 * Costs one JVM start (~0.4-0.8 s) per call.
 */
export async function validateAtom(xml: string): Promise<string[]> {
  return (await validateAtomMany({ feed: xml })).feed ?? [];
}

/** Validates many Atom documents with one jing (one JVM start); errors by document name. */
export async function validateAtomMany(docs: Record<string, string>): Promise<Record<string, string[]>> {
  const dir = await mkdtemp(join(tmpdir(), "atom-validate-"));
  try {
    const names = Object.keys(docs);
    const files = names.map((_, i) => join(dir, `feed-${i}.xml`));
    await Promise.all(names.map((name, i) => writeFile(files[i] as string, docs[name] as string, "utf8")));
    const { code, stdout, stderr } = await run(JING, ["-c", ATOM_SCHEMA_PATH, ...files]);
    const lines = `${stdout}\n${stderr}`
      .split("\n")
      .map((l) => l.trim())
      // The Debian wrapper warns about optional jars it cannot find.
      .filter((l) => l !== "" && !l.startsWith("[warning]"));
    const schemaLines = lines.filter((l) => l.startsWith(ATOM_SCHEMA_PATH));
    if (schemaLines.length > 0) throw new Error(`jing could not use ${ATOM_SCHEMA_PATH}:\n${schemaLines.join("\n")}`);
    const result: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
    let unattributed = 0;
    for (const line of lines) {
      const i = files.findIndex((f) => line.startsWith(`${f}:`));
      if (i < 0) {
        unattributed++;
        continue;
      }
      result[names[i] as string]?.push(line.slice((files[i] as string).length + 1));
    }
    if (code !== 0 && Object.values(result).every((e) => e.length === 0)) {
      throw new Error(`jing exited with code ${code} (${unattributed} unattributed lines): ${lines.join("\n")}`);
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Python feedparser
// ---------------------------------------------------------------------------

export interface FeedparserLink {
  rel: string | null;
  href: string | null;
  type: string | null;
  length: string | null;
  title: string | null;
}

export interface FeedparserPerson {
  name: string | null;
  email: string | null;
  href: string | null;
}

export interface FeedparserTag {
  term: string | null;
  scheme: string | null;
  label: string | null;
}

export interface FeedparserTextDetail {
  type: string | null;
  language: string | null;
  base: string | null;
}

export interface FeedparserFeed {
  title: string | null;
  title_detail: FeedparserTextDetail | null;
  subtitle: string | null;
  link: string | null;
  links: FeedparserLink[];
  id: string | null;
  language: string | null;
  /** Raw date text as in the feed. */
  updated: string | null;
  /** feedparser's parsed date, as ISO 8601 UTC ("...Z"). */
  updated_parsed: string | null;
  published: string | null;
  published_parsed: string | null;
  authors: FeedparserPerson[];
  tags: FeedparserTag[];
  generator: string | null;
  image: Record<string, unknown> | null;
  icon: string | null;
  logo: string | null;
  rights: string | null;
}

export interface FeedparserEntry {
  id: string | null;
  guidislink: boolean | null;
  title: string | null;
  title_detail: FeedparserTextDetail | null;
  /** The title as a reader displays it: HTML-typed titles rendered to text. */
  title_text: string | null;
  link: string | null;
  links: FeedparserLink[];
  /** Sanitized HTML / text (feedparser sanitizes by default). */
  summary: string | null;
  summary_detail: FeedparserTextDetail | null;
  content: Array<{ value: string | null; type: string | null; language: string | null; base: string | null }>;
  published: string | null;
  published_parsed: string | null;
  updated: string | null;
  updated_parsed: string | null;
  authors: FeedparserPerson[];
  tags: FeedparserTag[];
  enclosures: Array<{ href: string | null; type: string | null; length: string | null; rel: string | null }>;
  /** Attributes of each <media:content> (url, medium, type, width, fileSize, ...), all strings. */
  media_content: Array<Record<string, string>>;
  media_thumbnail: Array<Record<string, string>>;
  /** Each <media:credit>: its attributes (role, scheme) plus `content` (the text). */
  media_credit: Array<Record<string, string>>;
  /**
   * feedparser has no own field for <media:description>: it is handled like
   * <description> and lands in `summary` (or in `content` if there already is
   * a summary). This is whatever feedparser exposes under the key (usually null).
   */
  media_description: unknown;
}

export interface FeedparserResult {
  bozo: 0 | 1;
  bozo_exception: string | null;
  /** "atom10", "rss20", "rss", ... ("" if unknown). */
  version: string;
  encoding: string | null;
  namespaces: Record<string, string>;
  feed: FeedparserFeed;
  entries: FeedparserEntry[];
}

/** Parses `text` with Python feedparser (/usr/bin/python3 test/support/feedparser.py). */
export async function parseWithFeedparser(text: string | Uint8Array): Promise<FeedparserResult> {
  const { code, stdout, stderr } = await run(PYTHON, [FEEDPARSER_SCRIPT_PATH], text);
  if (code !== 0) throw new Error(`feedparser.py exited with code ${code}:\n${stderr}`);
  try {
    return JSON.parse(stdout) as FeedparserResult;
  } catch (e) {
    throw new Error(`feedparser.py printed invalid JSON (${String(e)}):\n${stdout.slice(0, 500)}\n${stderr}`);
  }
}

// ---------------------------------------------------------------------------
// JSON Feed 1.1 (https://jsonfeed.org/version/1.1)
// ---------------------------------------------------------------------------

const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";
const FEED_KEYS = new Set([
  "version",
  "title",
  "home_page_url",
  "feed_url",
  "description",
  "user_comment",
  "next_url",
  "icon",
  "favicon",
  "authors",
  "language",
  "expired",
  "hubs",
  "items",
]);
const ITEM_KEYS = new Set([
  "id",
  "url",
  "external_url",
  "title",
  "content_html",
  "content_text",
  "summary",
  "image",
  "banner_image",
  "date_published",
  "date_modified",
  "authors",
  "tags",
  "language",
  "attachments",
]);
const AUTHOR_KEYS = new Set(["name", "url", "avatar"]);
const HUB_KEYS = new Set(["type", "url"]);
const ATTACHMENT_KEYS = new Set(["url", "mime_type", "title", "size_in_bytes", "duration_in_seconds"]);

type Obj = Record<string, unknown>;
type Errors = string[];

/**
 * Checks a JSON Feed 1.1 document (object, or JSON text). Returns errors as
 * "path: message" (empty = valid). Stricter than the spec where we want a
 * clean feed: the deprecated 1.0 `author` is an error, URLs must be absolute,
 * `id` must be a string, and unknown keys are errors unless they are
 * extensions ("_" followed by a letter, allowed on any object).
 */
export function validateJsonFeed(feed: unknown): string[] {
  const errors: Errors = [];
  if (typeof feed === "string") {
    try {
      feed = JSON.parse(feed);
    } catch (e) {
      return [`not valid JSON: ${String(e)}`];
    }
  }
  if (!isObj(feed)) return ["feed: must be a JSON object"];

  checkKeys(feed, FEED_KEYS, "feed", errors);
  if (feed.version !== JSON_FEED_VERSION)
    errors.push(`feed.version: must be exactly "${JSON_FEED_VERSION}" (got ${JSON.stringify(feed.version)})`);
  checkString(feed, "title", "feed", errors, true);
  for (const key of ["description", "user_comment"]) checkString(feed, key, "feed", errors);
  for (const key of ["home_page_url", "feed_url", "next_url", "icon", "favicon"]) checkUrl(feed, key, "feed", errors);
  checkAuthors(feed, "feed", errors);
  checkLanguage(feed, "feed", errors);
  if ("expired" in feed && typeof feed.expired !== "boolean") errors.push("feed.expired: must be a boolean");
  checkHubs(feed, errors);

  if (!Array.isArray(feed.items)) {
    errors.push("feed.items: required, must be an array");
    return errors;
  }
  const seen = new Map<string, number>();
  feed.items.forEach((item, i) => {
    const path = `items[${i}]`;
    if (!isObj(item)) {
      errors.push(`${path}: must be an object`);
      return;
    }
    checkItem(item, path, errors);
    if (typeof item.id === "string" && item.id !== "") {
      const first = seen.get(item.id);
      if (first !== undefined) errors.push(`${path}.id: duplicate of items[${first}].id (${JSON.stringify(item.id)})`);
      else seen.set(item.id, i);
    }
  });
  return errors;
}

function checkItem(item: Obj, path: string, errors: Errors): void {
  checkKeys(item, ITEM_KEYS, path, errors);
  if (!("id" in item)) errors.push(`${path}.id: required, must be a non-empty string`);
  else if (typeof item.id !== "string" || item.id.trim() === "")
    errors.push(`${path}.id: must be a non-empty string (got ${JSON.stringify(item.id)})`);
  for (const key of ["title", "summary", "content_html", "content_text"]) checkString(item, key, path, errors);
  if (typeof item.content_html !== "string" && typeof item.content_text !== "string")
    errors.push(`${path}: needs content_html or content_text (or both)`);
  for (const key of ["url", "external_url", "image", "banner_image"]) checkUrl(item, key, path, errors);
  for (const key of ["date_published", "date_modified"]) checkDate(item, key, path, errors);
  checkAuthors(item, path, errors);
  checkLanguage(item, path, errors);
  if ("tags" in item) {
    if (!Array.isArray(item.tags) || !item.tags.every((t) => typeof t === "string"))
      errors.push(`${path}.tags: must be an array of strings`);
  }
  checkAttachments(item, path, errors);
}

function checkAuthors(obj: Obj, path: string, errors: Errors): void {
  if ("author" in obj) errors.push(`${path}.author: deprecated JSON Feed 1.0 field; use "authors" (an array)`);
  if (!("authors" in obj)) return;
  if (!Array.isArray(obj.authors)) {
    errors.push(`${path}.authors: must be an array of objects`);
    return;
  }
  obj.authors.forEach((a, i) => {
    const p = `${path}.authors[${i}]`;
    if (!isObj(a)) {
      errors.push(`${p}: must be an object`);
      return;
    }
    checkKeys(a, AUTHOR_KEYS, p, errors);
    if (!("name" in a) && !("url" in a) && !("avatar" in a))
      errors.push(`${p}: needs at least one of name, url, avatar`);
    checkString(a, "name", p, errors);
    checkUrl(a, "url", p, errors);
    checkUrl(a, "avatar", p, errors);
  });
}

function checkHubs(feed: Obj, errors: Errors): void {
  if (!("hubs" in feed)) return;
  if (!Array.isArray(feed.hubs)) {
    errors.push("feed.hubs: must be an array of {type, url} objects");
    return;
  }
  feed.hubs.forEach((h, i) => {
    const p = `feed.hubs[${i}]`;
    if (!isObj(h)) {
      errors.push(`${p}: must be an object`);
      return;
    }
    checkKeys(h, HUB_KEYS, p, errors);
    checkString(h, "type", p, errors, true);
    checkUrl(h, "url", p, errors, true);
  });
}

function checkAttachments(item: Obj, path: string, errors: Errors): void {
  if (!("attachments" in item)) return;
  if (!Array.isArray(item.attachments)) {
    errors.push(`${path}.attachments: must be an array of objects`);
    return;
  }
  item.attachments.forEach((a, i) => {
    const p = `${path}.attachments[${i}]`;
    if (!isObj(a)) {
      errors.push(`${p}: must be an object`);
      return;
    }
    checkKeys(a, ATTACHMENT_KEYS, p, errors);
    checkUrl(a, "url", p, errors, true);
    checkString(a, "mime_type", p, errors, true);
    if (typeof a.mime_type === "string" && !/^[^\s/;]+\/[^\s/;]+\s*(;.*)?$/.test(a.mime_type))
      errors.push(`${p}.mime_type: not a media type: ${JSON.stringify(a.mime_type)}`);
    checkString(a, "title", p, errors);
    for (const key of ["size_in_bytes", "duration_in_seconds"]) {
      if (key in a && !(typeof a[key] === "number" && Number.isFinite(a[key]) && a[key] >= 0))
        errors.push(`${p}.${key}: must be a non-negative number`);
    }
  });
}

/** Unknown keys are errors unless they are extensions: "_" followed by a letter. */
function checkKeys(obj: Obj, allowed: Set<string>, path: string, errors: Errors): void {
  for (const key of Object.keys(obj)) {
    if (allowed.has(key) || key === "author") continue; // "author" is reported by checkAuthors
    if (key.startsWith("_")) {
      if (!/^_[A-Za-z]/.test(key)) errors.push(`${path}.${key}: extension names must be "_" followed by a letter`);
    } else {
      errors.push(`${path}.${key}: unknown key (custom extensions must start with "_")`);
    }
  }
}

function checkString(obj: Obj, key: string, path: string, errors: Errors, required = false): void {
  if (!(key in obj)) {
    if (required) errors.push(`${path}.${key}: required, must be a string`);
  } else if (typeof obj[key] !== "string") {
    errors.push(`${path}.${key}: must be a string`);
  }
}

function checkUrl(obj: Obj, key: string, path: string, errors: Errors, required = false): void {
  if (!(key in obj)) {
    if (required) errors.push(`${path}.${key}: required, must be an absolute URL`);
    return;
  }
  const value = obj[key];
  if (typeof value !== "string" || !isAbsoluteUrl(value))
    errors.push(`${path}.${key}: must be an absolute URL (got ${JSON.stringify(value)})`);
}

function checkDate(obj: Obj, key: string, path: string, errors: Errors): void {
  if (!(key in obj)) return;
  const value = obj[key];
  if (typeof value !== "string" || !isRfc3339(value))
    errors.push(`${path}.${key}: must be an RFC 3339 date-time (got ${JSON.stringify(value)})`);
}

function checkLanguage(obj: Obj, path: string, errors: Errors): void {
  if (!("language" in obj)) return;
  const value = obj.language;
  // Loose RFC 5646 shape (catches "en_US", "", "English").
  if (typeof value !== "string" || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(value))
    errors.push(
      `${path}.language: must be a language tag string such as "en" or "en-US" (got ${JSON.stringify(value)})`,
    );
}

export function isAbsoluteUrl(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value)) return false;
  try {
    const url = new URL(value);
    if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname === "") return false;
    return true;
  } catch {
    return false;
  }
}

/** RFC 3339 date-time: 2024-01-31T12:00:00Z, 2024-01-31T12:00:00.5+05:30 ... */
export function isRfc3339(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!m) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  return true;
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// process helper
// ---------------------------------------------------------------------------

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input?: string | Uint8Array): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (input === undefined) {
      execFile(cmd, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === "ENOENT")
          return reject(new Error(`${cmd} not found; install the Debian packages in .ci/apt-packages.txt`));
        if (err?.killed) return reject(new Error(`${cmd} timed out after ${TOOL_TIMEOUT_MS} ms`));
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      return;
    }
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], timeout: TOOL_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "ENOENT" ? new Error(`${cmd} not found; install the Debian packages in .ci/apt-packages.txt`) : e,
      ),
    );
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: signal ? `${stderr}\nkilled by ${signal}` : stderr,
      });
    });
    child.stdin.on("error", () => {}); // child may exit before reading everything
    child.stdin.end(typeof input === "string" ? Buffer.from(input, "utf8") : input);
  });
}

/**
 * Python feedparser's own quirk: an RSS title is untyped, and one whose text looks like HTML
 * (an end tag such as `</b>`, or an entity name such as `&amp;`) it types as HTML and renders.
 * True when `entry` is such a title: the caller then checks that the author's text does look
 * like HTML, and checks the other fields as usual.
 */
export function feedparserGuessedHtml(entry: FeedparserEntry, format: "rss" | "atom"): boolean {
  return format === "rss" && entry.title_detail?.type === "text/html";
}

/** What feedparser's guess looks for in a text: an end tag or an entity reference. */
export const LOOKS_LIKE_HTML = /<\/\w+>|&#?\w+;/;
