import matter from "gray-matter";
import { type Document, isMap, isSeq, LineCounter, parseDocument, YAMLParseError } from "yaml";
import { xmlChars } from "../xml-chars.js";
import { stripMarkup } from "./markdown.js";
import type { Author, Post } from "./post.js";
import type { Problem } from "./problem.js";
import { type AuthorInput, frontMatterSchema, normalizeFrontMatter } from "./schema.js";
import { fileDate, fileSlug, termSlug } from "./slug.js";

export interface ParseResult {
  /** Absent when the post has errors: a broken post is reported, never half-published. */
  post?: Post;
  problems: Problem[];
}

export interface ParseOptions {
  defaultAuthor: { name: string; email?: string; url?: string };
}

/** Front matter lives between `---` lines; YAML only. gray-matter would `eval` `---js` blocks. */
const LANGUAGES: Record<string, string> = {
  js: "JavaScript",
  javascript: "JavaScript",
  coffee: "CoffeeScript",
  coffeescript: "CoffeeScript",
  cson: "CoffeeScript",
  json: "JSON",
  toml: "TOML",
};

/**
 * YAML limits: bounded alias expansion keeps "billion laughs" documents from exhausting memory,
 * and a size limit keeps parsing time bounded. Duplicate keys are found in one pass below
 * (the parser's own check is quadratic in the number of keys).
 */
const YAML_OPTIONS = { maxAliasCount: 100, uniqueKeys: false } as const;
const MAX_FRONT_MATTER = 8 * 1024 * 1024;

/** Deeper than this, the YAML parser's recursion could exhaust the stack: refuse it first. */
const MAX_DEPTH = 64;

/** 1-based line where flow collections (`[`, `{`) or indentation nest deeper than MAX_DEPTH, if any. */
function nestingLine(yaml: string): number | undefined {
  let depth = 0;
  const lines = yaml.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length - line.trimStart().length > MAX_DEPTH * 4) return i + 1;
    // Quoted text holds no structure.
    for (const ch of line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, "")) {
      if (ch === "[" || ch === "{") depth++;
      else if ((ch === "]" || ch === "}") && depth > 0) depth--;
      if (depth > MAX_DEPTH) return i + 1;
    }
  }
  return undefined;
}

function refused(): never {
  throw new Error("only YAML front matter is allowed");
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
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (!/^---[^\S\r\n]*\r?\n/.test(source) && !/^---[a-z]+\r?\n/i.test(source)) {
    error(1, "front matter", "missing: the file must start with a `---` line, YAML front matter and a closing `---`");
    return { problems };
  }
  if (!/\r?\n---[^\S\r\n]*(\r?\n|$)/.test(source.slice(3))) {
    error(1, "front matter", "not closed: add a `---` line after the front matter");
    return { problems };
  }
  // Only YAML: a language named after `---` (`---js`) would make gray-matter run code or look
  // the name up among an object's inherited properties.
  const language = /^---([^\n]*)\n/.exec(source)?.[1]?.trim().toLowerCase() ?? "";
  if (language !== "" && language !== "yaml" && language !== "yml") {
    const name = LANGUAGES[language];
    const runs = name === "JavaScript" || name === "CoffeeScript";
    error(
      1,
      "front matter",
      `${name ?? JSON.stringify(language)} front matter is not allowed${runs ? " (it would run code)" : ""}; use YAML`,
    );
    return { problems };
  }
  const closing = source.indexOf("\n---", 3);
  if (closing > MAX_FRONT_MATTER) {
    error(1, "front matter", `too large (${Math.round(closing / 1024)} kB; at most ${MAX_FRONT_MATTER / 1024} kB)`);
    return { problems };
  }
  const tooDeep = nestingLine(source.slice(0, closing));
  if (tooDeep !== undefined) {
    error(tooDeep, "front matter", `invalid YAML: nests deeper than ${MAX_DEPTH} levels`);
    return { problems };
  }

  let doc: Document | undefined;
  const lines = new LineCounter();
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(source, {
      language: "yaml",
      engines: {
        yaml: (yamlText: string) => {
          doc = parseDocument(yamlText, { ...YAML_OPTIONS, lineCounter: lines });
          if (doc.errors.length > 0) throw doc.errors[0];
          return (doc.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount }) ?? {}) as object;
        },
        // Refused above already; never reachable, never the defaults that `eval`.
        javascript: refused,
        coffee: refused,
        json: refused,
        toml: refused,
      },
    });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      // gray-matter hands over the YAML starting with the newline after `---`: YAML line N is file line N.
      const line = e.linePos?.[0]?.line ?? 1;
      // The line is in the prefix already; the parser's own "at line N, column M" would repeat it.
      const message = firstLine(e.message).replace(/ at line \d+, column \d+:?$/, "");
      error(line, "front matter", `invalid YAML: ${message}`);
    } else {
      error(1, "front matter", firstLine(e instanceof Error ? e.message : String(e)));
    }
    return { problems };
  }

  // The YAML text begins with the newline that ends the opening `---`: its line N is file line N.
  const lineOf = (path: (string | number)[]) =>
    (path.length === 1 ? topLevel.get(String(path[0])) : locate(doc, lines, path)) ?? 1;
  const raw = parsed.data;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    error(2, "front matter", "must be a mapping of keys to values");
    return { problems };
  }

  const topLevel = new Map<string, number>();
  if (isMap(doc?.contents)) {
    for (const pair of doc.contents.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      const line = lines.linePos((pair.key as { range?: [number] })?.range?.[0] ?? 0).line;
      if (topLevel.has(key)) {
        error(line, "front matter", `map keys must be unique: "${key}" is also on line ${topLevel.get(key)}`);
      } else topLevel.set(key, line);
    }
  }
  if (problems.length > 0) return { problems };

  const { data, writtenAs, unknownKeys } = normalizeFrontMatter(raw as Record<string, unknown>);
  for (const key of unknownKeys) {
    problems.push({
      file,
      line: lineOf([key]),
      field: key,
      message: "unknown key, ignored",
      severity: "warning",
    });
  }

  const fromFileName = fileDate(file);
  if (data.date === undefined && fromFileName) data.date = fromFileName;

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
    related: fm.related ?? [],
    draft: fm.draft ?? false,
    lines: Object.fromEntries(Object.entries(writtenAs).map(([key, written]) => [key, lineOf([written])])),
    body: parsed.content,
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
  return { post, problems };
}

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

/** Line, within the YAML, of the deepest node on `path` that exists; undefined when not even the key does. */
function locate(doc: Document | undefined, lines: LineCounter, path: (string | number)[]): number | undefined {
  let node: unknown = doc?.contents;
  let offset: number | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(step));
      if (!pair) break;
      offset = (pair.key as { range?: [number] })?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === "number") {
      node = node.items[step];
    } else break;
    const range = (node as { range?: [number] } | undefined)?.range;
    if (range && typeof step === "number") offset = range[0];
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/** Titles and names are one line of text: no characters XML cannot carry, no runs of whitespace. */
function singleLine(text: string): string {
  return xmlChars(text).replace(/\s+/g, " ").trim();
}

function firstLine(message: string) {
  return message.split("\n")[0]?.trim() ?? message;
}
