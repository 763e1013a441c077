import { xmlChars } from "../xml-chars.js";
import { inTimeZone } from "./date.js";
import { type KeyPath, readFrontMatter } from "./front-matter.js";
import { stripMarkup } from "./markdown.js";
import type { Author, Post } from "./post.js";
import { lineAt, type Problem } from "./problem.js";
import { type AuthorInput, frontMatterSchema, normalizeFrontMatter, type SiteKeys } from "./schema.js";
import { fileDate, fileSlug, refSlug, termSlug } from "./slug.js";
import { type SiteTemplateData, siteTemplateContext } from "./templates/context.js";
import { renderTemplates, type TemplateContext } from "./templates/index.js";

export interface ParseResult {
  /** Absent when the post has errors: a broken post is reported, never half-published. */
  post?: Post;
  problems: Problem[];
  /** The body had template syntax, so the result depends on the site settings templates read. */
  templated?: boolean;
}

export interface ParseOptions {
  defaultAuthor: { name: string; email?: string; url?: string };
  /** What template syntax in the body may read; without it, templates see an empty site. */
  templates?: TemplateContext;
  /** The site's own front-matter keys: known ones, and ones that mean ours. */
  siteKeys?: SiteKeys;
  /** The zone of dates written without one (IANA name); unset: UTC. */
  timeZone?: string;
}

/**
 * Parses and validates one post file. Pure: the caller reads the file.
 * Every problem names the file, the line and the front-matter key.
 */
export function parsePost(file: string, text: string, options: ParseOptions): ParseResult {
  const problems: Problem[] = [];
  const error = (line: number, field: string, message: string) =>
    problems.push({ file, line, field, message, severity: "error" });

  // Line endings are normalized first, so CRLF files behave (and report lines) like LF ones.
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const source = unmarked.includes("\r") ? unmarked.replace(/\r\n?/g, "\n") : unmarked;
  const block = readFrontMatter(source);
  if (!("data" in block) && block.missing && /\.html?$/i.test(file)) {
    // Jekyll copies such a file as it is: a page asset (a report, an embed), not a post.
    problems.push({
      file,
      line: 1,
      field: "file",
      message: "skipped: an HTML file without front matter is a page asset, not a post",
      severity: "warning",
    });
    return { problems };
  }
  if (!("data" in block)) {
    error(block.line, "front matter", block.message);
    return { problems };
  }
  const raw = block.data;
  // A key taken from a table (Zola's `taxonomies.tags`) is written as its dotted path.
  const keyPath = (written: string): KeyPath =>
    written.includes(".") && !(written in raw) ? written.split(".") : [written];
  const lineOf = ([head, ...rest]: KeyPath) =>
    block.lineOf(typeof head === "string" ? [...keyPath(head), ...rest] : [head ?? "", ...rest]) ?? 1;

  const { data, writtenAs, unknownKeys } = normalizeFrontMatter(raw, options.siteKeys);
  for (const key of unknownKeys) {
    problems.push({
      file,
      line: lineOf([key]),
      field: key,
      message: "unknown key, ignored",
      severity: "warning",
    });
  }

  const fromFileName = fileDate(file) ?? pathDate(raw);
  if (data.date === undefined && fromFileName) data.date = fromFileName;
  if (data.title === undefined && data.date === undefined && PAGE_KEYS.some((k) => k in raw)) {
    // Zola's `template = "latest.html"`, a redirect or layout page: a page of the site, not a post.
    problems.push({
      file,
      line: 1,
      field: "file",
      message: "skipped: a page (no title, no date), not a post",
      severity: "warning",
    });
    return { problems };
  }
  if (data.title === undefined && options.templates?.generator) {
    // Jekyll titles such a post from its file name, Hugo and Astro publish it untitled: not refused.
    const title = /^#\s+(.+?)\s*#*\s*$/m.exec(block.body)?.[1] ?? titleOf(fileSlug(file));
    data.title = title;
    problems.push({
      file,
      line: 1,
      field: "title",
      message: `missing; using ${JSON.stringify(title)}`,
      severity: "warning",
    });
  }

  if (options.timeZone) {
    for (const key of ["date", "updated"] as const) {
      const value = data[key];
      if (typeof value === "string") data[key] = inTimeZone(value, options.timeZone);
    }
  }
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [head, ...rest] = issue.path.filter((p): p is string | number => typeof p !== "symbol");
      const key = head === undefined ? "front matter" : (writtenAs[String(head)] ?? String(head));
      const field = key + rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
      const line = head === undefined ? 1 : lineOf([key, ...rest]);
      const missing = rest.length === 0 && data[String(head)] === undefined;
      error(line, field, missing ? "required" : issue.message);
    }
    return { problems };
  }

  const fm = result.data;
  // Names are plain text: markup in them is reduced to its text, with a warning.
  const plain = (value: string, path: (string | number)[]): string => {
    const clean = singleLine(value);
    const text = stripMarkup(clean);
    if (text !== clean) {
      const [head, ...rest] = path;
      const key = writtenAs[String(head)] ?? String(head);
      problems.push({
        file,
        line: lineOf([key, ...rest]),
        field: key + rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join(""),
        message: `HTML markup is not allowed here; using the text ${JSON.stringify(text)}`,
        severity: "warning",
      });
    }
    return text;
  };
  const authorList = fm.author === undefined ? undefined : Array.isArray(fm.author) ? fm.author : [fm.author];
  const authors = toAuthors(
    authorList
      ?.map((a, i) => ({ ...a, name: plain(a.name, Array.isArray(fm.author) ? ["author", i] : ["author"]) }))
      .filter((a) => a.name !== ""),
    options.defaultAuthor,
  );
  const category = fm.category === undefined ? "" : plain(fm.category, ["category"]);
  const tags = (fm.tags ?? []).map((t, i) => plain(t, ["tags", i])).filter((t) => t !== "");
  const image = fm.image && {
    src: fm.image.src,
    ...(fm.image.alt !== undefined && { alt: plain(fm.image.alt, ["image", "alt"]) }),
    ...(fm.image.caption !== undefined && { caption: plain(fm.image.caption, ["image", "caption"]) }),
    ...(fm.image.credit !== undefined && { credit: plain(fm.image.credit, ["image", "credit"]) }),
  };
  // Template syntax (Liquid, Hugo and Zola shortcodes, MDX) is rendered as its generator would.
  const bodyLine = lineAt(source, source.length - block.body.length);
  const rendered = renderTemplates(file, block.body, block.format, raw, options.templates ?? NO_TEMPLATE_CONTEXT);
  for (const warning of rendered.warnings) {
    problems.push({
      file,
      line: bodyLine + warning.line - 1,
      field: "body",
      message: warning.message,
      severity: "warning",
    });
  }
  const post: Post = {
    file,
    slug: fm.slug ?? fileSlug(file),
    title: singleLine(fm.title),
    date: fm.date,
    updated: fm.updated && fm.updated > fm.date ? fm.updated : fm.date,
    authors,
    category: category ? { name: category, slug: termSlug(category) } : undefined,
    tags: uniqueTerms(tags),
    summary: fm.summary ?? [],
    image,
    related: (fm.related ?? []).map(refSlug),
    draft: fm.draft ?? false,
    lines: Object.fromEntries(Object.entries(writtenAs).map(([key, written]) => [key, lineOf([written])])),
    body: rendered.body,
    ...oldUrls(file, raw, options.templates),
  };
  if (fm.updated && fm.updated < fm.date) {
    problems.push({
      file,
      line: lineOf([writtenAs.updated ?? "updated"]),
      field: writtenAs.updated ?? "updated",
      message: "is before `date`; ignored",
      severity: "warning",
    });
  }
  return { post, problems, ...(rendered.templated && { templated: true }) };
}

/**
 * The parse options of a site: its author for bylines, its settings (and those of the generator's
 * site the posts come from, `source`) for template syntax.
 */
export function siteParseOptions(
  site: {
    author: ParseOptions["defaultAuthor"];
    baseUrl: string;
    title: string;
    generator?: TemplateContext["generator"];
    frontMatter?: SiteKeys;
    timeZone?: string;
  },
  source?: SiteTemplateData,
): ParseOptions {
  return {
    defaultAuthor: site.author,
    templates: { ...siteTemplateContext(site, source), ...(site.generator && { generator: site.generator }) },
    ...(site.frontMatter && { siteKeys: site.frontMatter }),
    ...(site.timeZone && { timeZone: site.timeZone }),
  };
}

const NO_TEMPLATE_CONTEXT: TemplateContext = { baseUrl: "", site: {} };

function toAuthors(input: AuthorInput[] | undefined, fallback: ParseOptions["defaultAuthor"]): Author[] {
  const list = input === undefined || input.length === 0 ? [fallback] : input;
  const seen = new Set<string>();
  const authors: Author[] = [];
  for (const a of list) {
    const slug = termSlug(a.name);
    if (seen.has(slug)) continue;
    seen.add(slug);
    authors.push({ ...a, slug });
  }
  return authors;
}

/** Tags that differ only in case or accents share a slug: keep the first spelling. */
function uniqueTerms(names: string[]) {
  const seen = new Set<string>();
  return names.flatMap((name) => {
    const slug = termSlug(name);
    if (seen.has(slug)) return [];
    seen.add(slug);
    return [{ name, slug }];
  });
}

/** Titles and names are one line of text: no characters XML cannot carry, no runs of whitespace. */
function singleLine(text: string): string {
  return xmlChars(text).replace(/\s+/g, " ").trim();
}

/** Front-matter keys of a site's pages (templates, redirects) that make a file without title and date no post. */
const PAGE_KEYS = ["template", "redirect_to", "redirect", "layout"];

/** `my-first-post` → `My first post`, as Jekyll titles a post from its file name. */
function titleOf(slug: string): string {
  const words = slug.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A page bundle's main file (`launch/index.md`): its other files are the post's own. */
const BUNDLE_INDEX = /\/index\.(md|markdown|mdx|html?)$/i;

/**
 * Where the post was on its old site and where its own files are: a page bundle's folder below the
 * posts folder (`postsDir`) for its relative links, its front matter's `permalink`, `url` (Hugo) or
 * `path` (Zola, without its leading slash) and its `aliases`/`redirect_from`, as URL paths.
 */
function oldUrls(file: string, raw: Record<string, unknown>, templates?: TemplateContext): Partial<Post> {
  const out: Partial<Post> = {};
  const postsDir = templates?.postsDir;
  const prefix = postsDir ? `${postsDir}/` : "";
  if (postsDir !== undefined && file.startsWith(prefix)) {
    const below = file.slice(prefix.length);
    const folder = below.slice(0, Math.max(0, below.lastIndexOf("/")));
    const folderUrl = `${templates?.filesUrl ?? "/posts/"}${folder.split("/").map(encodeURIComponent).join("/")}`;
    if (BUNDLE_INDEX.test(file) && folder) {
      out.base = `${folderUrl}/`;
      out.sourcePath = folder;
    } else {
      out.sourcePath = below.replace(/\.[^./]+$/, "");
      // Astro resolves a post's relative images against its file (`../../assets/logo.png`).
      if (templates?.fileRelative) out.base = folder ? `${folderUrl}/` : (templates.filesUrl ?? "/posts/");
    }
  }
  const asPath = (value: unknown) =>
    typeof value === "string" && value.trim() && !/[{}\s]/.test(value.trim())
      ? `/${value.trim().replace(/^\/+/, "")}`
      : undefined;
  const own = asPath(raw.permalink) ?? asPath(raw.url) ?? asPath(raw.path);
  if (own) out.permalink = /\.[a-z0-9]+$|\/$/i.test(own) ? own : `${own}/`;
  const list = [raw.aliases, raw.redirect_from].flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v]));
  const aliases = list.map(asPath).filter((p): p is string => p !== undefined);
  if (aliases.length > 0) out.aliases = aliases;
  return out;
}

/** `2025/06/26/…`, optionally after one section: a date written into a post's URL. */
const DATED_PATH = /^\/?(?:[a-z0-9-]+\/)?(\d{4})\/(\d{2})\/(\d{2})\//i;

/**
 * The date of a post without one that gives its URL as a dated path: Zola's `path`
 * (`path = "2025/06/26/rust-1.88.0"`), Jekyll's and Eleventy's `permalink`. Their own generator
 * publishes such a post undated; the URL is where the site shows its date.
 */
function pathDate(raw: Record<string, unknown>): string | undefined {
  for (const key of ["path", "permalink"]) {
    const value = raw[key];
    const m = typeof value === "string" ? DATED_PATH.exec(value) : null;
    if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  }
  return undefined;
}
